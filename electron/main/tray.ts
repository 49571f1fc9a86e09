/**
 * The tray (menu bar) icon: Cradle keeps running there with its window closed while automatic backups
 * are on. Its menu: Show Cradle, Back Up All Connected (with how many), Quit Cradle; its tooltip says how
 * far the backup queue is.
 */
import { Menu, nativeImage, Tray } from 'electron';
import { fileURLToPath } from 'node:url';
import type { Engine } from '../engine/api/handlers.ts';
import type { EventOf } from '../../shared/ipc/contract.ts';
import { fleetBusy } from '../../shared/fleet.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

/** What the tray's menu does in the app. */
export interface TrayActions {
  showWindow(): void;
  quit(): void;
}

/** Creates the tray icon; returns the function that removes it. */
export function createTray(engine: Engine, actions: TrayActions): () => void {
  // The app's icon, copied beside main by scripts/build.mjs, at menu bar size.
  const tray = new Tray(nativeImage.createFromPath(`${here}icon.png`).resize({ width: 16, height: 16 }));
  const connected = () => engine.devices.list().filter((device) => device.state !== 'disconnected');

  let menuFor: number | undefined;
  const refreshMenu = () => {
    const count = connected().length;
    // Rebuilt only when the count changes: an open menu must not flicker.
    if (count === menuFor) return;
    menuFor = count;
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Show Cradle', click: actions.showWindow },
        {
          label: count > 0 ? `Back Up All Connected (${count})` : 'Back Up All Connected',
          enabled: count > 0,
          click: () => {
            const udids = connected().map((device) => device.udid);
            if (udids.length > 0) void engine.handlers['fleet:backup']({ udids });
          },
        },
        { type: 'separator' },
        { label: 'Quit Cradle', click: actions.quit },
      ]),
    );
  };
  let tip: string | undefined;
  const refreshTooltip = (queue: EventOf<'fleet:changed'> | undefined) => {
    const next = queue && fleetBusy(queue.counts) ? `Cradle: backing up, ${queue.counts.done} of ${queue.tiles.length} done` : 'Cradle';
    if (next !== tip) tray.setToolTip((tip = next));
  };
  const unsubscribe = engine.events.subscribe((channel, payload) => {
    if (channel === 'fleet:changed') refreshTooltip(payload as EventOf<'fleet:changed'>);
    if (channel === 'devices:changed') refreshMenu();
  });
  // On Windows and Linux a click on the icon opens the window; macOS opens the menu.
  if (process.platform !== 'darwin') tray.on('click', actions.showWindow);
  refreshMenu();
  refreshTooltip(undefined);
  return () => {
    unsubscribe();
    tray.destroy();
  };
}
