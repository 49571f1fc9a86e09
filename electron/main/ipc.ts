/**
 * Registers the contract's channels with Electron: every request goes through the engine's dispatcher
 * after a sender check; engine events go to the window.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { INVOKE_CHANNELS } from '../../shared/ipc/channels.ts';
import { dispatch } from '../engine/api/dispatch.ts';
import type { Engine } from '../engine/api/handlers.ts';
import { isTrustedSender } from './trusted-sender.ts';

/** Serves the engine's handlers to `window` and forwards engine events to it. */
export function registerIpc(engine: Engine, window: BrowserWindow): () => void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) =>
      isTrustedSender(event, window)
        ? dispatch(engine.handlers, channel, payload)
        : { ok: false, error: { code: 'FORBIDDEN', message: 'Refused a request from an unknown page.' } },
    );
  }
  const unsubscribe = engine.events.subscribe((channel, payload) => {
    if (!window.isDestroyed()) window.webContents.send(channel, payload);
  });
  return () => {
    unsubscribe();
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel);
  };
}
