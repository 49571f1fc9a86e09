/**
 * The engine as the app, the bridge and the CLI see it: one handler per invoke channel of
 * shared/ipc/contract.ts, an event hub, and the services behind them.
 */
import type { InvokeChannel } from '../../../shared/ipc/channels.ts';
import type { ParsedRequestOf, ResponseOf } from '../../../shared/ipc/contract.ts';
import { DeviceManager } from '../devices/device-manager.ts';
import { JobManager } from '../jobs/job-manager.ts';
import { locationPaths } from '../library/locations.ts';
import { resolveUsbmuxAddress } from '../usbmux/address.ts';
import { UsbmuxClient } from '../usbmux/client.ts';
import { defaultBackupFolder } from '../backup/location.ts';
import { appHandlers } from './app-handlers.ts';
import { backupHandlers, startBackup } from './backup-handlers.ts';
import { fleetHandlers } from './fleet-handlers.ts';
import { AutoBackup } from '../fleet/auto-backup.ts';
import { settingsHandlers } from './settings-handlers.ts';
import { libraryHandlers } from './library-handlers.ts';
import { SecretStore, type SecretCipher } from '../settings/secret-store.ts';
import { SettingsStore } from '../settings/settings-store.ts';
import { deviceHandlers } from './device-handlers.ts';
import { browseHandlers } from './browse-handlers.ts';
import { categoryHandlers } from './category-handlers.ts';
import { restoreHandlers } from './restore-handlers.ts';
import { findBackupById } from '../library/backup-id.ts';
import { OpenedBackups } from '../library/opened-backups.ts';
import { EventHub } from './events.ts';

/** One handler per invoke channel; handlers throw CradleError, the dispatcher turns it into an envelope. */
export type HandlerTable = {
  [C in InvokeChannel]: (request: ParsedRequestOf<C>) => Promise<ResponseOf<C>>;
};

/** What the handlers need from their host (the app, the bridge or the CLI). */
export interface EngineHost {
  /** Runtime versions beyond Node's, e.g. Electron's and Chrome's inside the app. */
  runtimeVersions?: { electron?: string; chrome?: string };
  /** Watch usbmuxd for devices (the app and the bridge); the CLI asks on demand instead. */
  watchDevices?: boolean;
  /** Where backups go, overriding settings (tests, the CLI's --dir); else settings, else the standard folder. */
  backupFolder?: string;
  /** The settings file (the app's user data folder); without one, settings live in memory. */
  settingsFile?: string;
  /** Shows a native folder picker (the desktop app); resolves undefined when the person cancels. */
  chooseFolder?: (title: string) => Promise<string | undefined>;
  /** Where remembered passwords are kept, sealed by `secretCipher` (the desktop app: safeStorage). */
  secretsFile?: string;
  secretCipher?: SecretCipher;
  /** Moves a file or folder to the OS's Trash (the desktop app); without it, the app cannot delete backups. */
  trashItem?: (path: string) => Promise<void>;
  /** Shows a file or folder in the OS's file manager (the desktop app). */
  showInFolder?: (path: string) => void;
  /** The host keeps running with its window closed (the desktop app's tray icon), so automatic backups go on. */
  runsInBackground?: boolean;
}

/** The engine's parts, for the handlers. */
export interface EngineServices {
  host: EngineHost;
  events: EventHub;
  usbmux: UsbmuxClient;
  devices: DeviceManager;
  jobs: JobManager;
  settings: SettingsStore;
  secrets: SecretStore;
  /** The backup folder in force now (host override, else settings, else the OS's standard folder). */
  backupFolder(): string;
  /** Every folder the library lists backups from (the backup folder first). */
  libraryLocations(): string[];
  /** The folder of a backup by library id (BACKUP_NOT_FOUND when it is gone). */
  locateBackup(id: string): Promise<string>;
  /** Backups open in the browser (keys of unlocked ones in memory only). */
  backups: OpenedBackups;
  /** The app's backup queue: Back Up Selected / All, automatic backups on connect and on the schedule. */
  autoBackup: AutoBackup;
}

/** The engine: a handler table, an event hub, and its services. */
export interface Engine extends EngineServices {
  handlers: HandlerTable;
  /** Stops device watching and cancels jobs before exit. */
  close(): Promise<void>;
}

/** Builds the engine. The usbmuxd address is read once, from USBMUXD_SOCKET_ADDRESS or the platform default. */
export function createEngine(host: EngineHost = {}): Engine {
  const events = new EventHub();
  let usbmux: UsbmuxClient;
  try {
    usbmux = new UsbmuxClient(resolveUsbmuxAddress());
  } catch {
    // A malformed address is reported by app:info; requests fail with the same explanation.
    usbmux = new UsbmuxClient({ kind: 'unix', path: '/nonexistent/usbmuxd', source: 'env' });
  }
  const jobs = new JobManager(events);
  const devices = new DeviceManager(usbmux, events, (udid) => jobs.isBusy(udid));
  const settings = new SettingsStore(host.settingsFile);
  const backupFolder = () => host.backupFolder ?? settings.get().backupFolder ?? defaultBackupFolder();
  const secrets = new SecretStore(host.secretsFile, host.secretCipher);
  const libraryLocations = () => locationPaths(backupFolder(), settings.get().extraLocations);
  const locateBackup = (id: string) => findBackupById(libraryLocations(), id);
  const backups = new OpenedBackups(secrets, locateBackup);
  const autoBackup = new AutoBackup(
    { usbmux, devices, jobs, events },
    {
      settings,
      folder: backupFolder,
      startBackup: (udid) => startBackup(services, udid, { folder: backupFolder() }),
      onChange: (status) => events.emit('fleet:changed', status),
    },
  );
  const services: EngineServices = { host, events, usbmux, devices, jobs, settings, secrets, backupFolder, libraryLocations, locateBackup, backups, autoBackup };
  if (host.watchDevices) devices.start();
  const handlers: HandlerTable = {
    ...appHandlers(services),
    ...deviceHandlers(services),
    ...backupHandlers(services),
    ...settingsHandlers(services, autoBackup),
    ...fleetHandlers(autoBackup),
    ...browseHandlers(services),
    ...categoryHandlers(services),
    ...restoreHandlers(services),
    ...libraryHandlers(services),
    'jobs:list': async () => jobs.list(),
    'jobs:cancel': async ({ jobId }) => jobs.cancel(jobId),
  };
  return {
    ...services,
    handlers,
    close: async () => {
      devices.stop();
      autoBackup.close();
      await jobs.close();
      backups.closeAll();
    },
  };
}
