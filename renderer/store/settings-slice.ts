/**
 * Settings slice: the app's settings (the backup folder, the library's locations, versions to keep) and
 * the actions that change them.
 */
import type { StateCreator } from 'zustand';
import type { ErrorPayload } from '../../shared/errors.ts';
import type { AppSettings } from '../../shared/settings.ts';
import { invoke } from '../services/api.ts';
import type { RequestOf } from '../../shared/ipc/contract.ts';
import type { Result } from '../../shared/ipc/result.ts';
import type { StoreState } from './index.ts';

/** State and actions of the settings slice. */
export interface SettingsSlice {
  settings?: AppSettings;
  settingsError?: ErrorPayload;
  loadSettings(): Promise<void>;
  chooseBackupFolder(): Promise<void>;
  useDefaultBackupFolder(): Promise<void>;
  /** Adds a library location through the host's folder dialog. */
  addLocation(): Promise<void>;
  /** Removes an added location (its path as settings list it). */
  removeLocation(path: string): Promise<void>;
  setKeepVersions(count: number): Promise<void>;
  /** Automatic backups: on connect by default, at most once per interval, the daily time (null: none), devices at once. */
  setAutoBackup(change: RequestOf<'settings:setAutoBackup'>): Promise<void>;
  /** One device's "Back up automatically when this device connects" (null: follow the default). */
  setDeviceAutoBackup(udid: string, on: boolean | null): Promise<void>;
}

/** Creates the settings slice. */
export const createSettingsSlice: StateCreator<StoreState, [], [], SettingsSlice> = (set, get) => {
  const apply = async (pending: Promise<Result<AppSettings>>, locationsChanged = false) => {
    const result = await pending;
    set(result.ok ? { settings: result.value, settingsError: undefined } : { settingsError: result.error });
    // The library lists the locations' backups: it is stale once they change.
    if (result.ok && locationsChanged && get().backups) await get().loadLibrary();
  };
  return {
    loadSettings: () => apply(invoke('settings:get', {})),
    chooseBackupFolder: () => apply(invoke('settings:chooseBackupFolder', {}), true),
    useDefaultBackupFolder: () => apply(invoke('settings:useDefaultBackupFolder', {}), true),
    addLocation: () => apply(invoke('library:addLocation', {}), true),
    removeLocation: (path) => apply(invoke('library:removeLocation', { path }), true),
    setKeepVersions: (count) => apply(invoke('settings:setKeepVersions', { count })),
    setAutoBackup: (change) => apply(invoke('settings:setAutoBackup', change)),
    setDeviceAutoBackup: (udid, on) => apply(invoke('settings:setDeviceAutoBackup', { udid, on })),
  };
};
