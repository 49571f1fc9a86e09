/**
 * Settings slice: the app's settings (the backup folder) and the actions that change them.
 */
import type { StateCreator } from 'zustand';
import type { ErrorPayload } from '../../shared/errors.ts';
import type { AppSettings } from '../../shared/settings.ts';
import { invoke } from '../services/api.ts';
import type { StoreState } from './index.ts';

/** State and actions of the settings slice. */
export interface SettingsSlice {
  settings?: AppSettings;
  settingsError?: ErrorPayload;
  loadSettings(): Promise<void>;
  chooseBackupFolder(): Promise<void>;
  useDefaultBackupFolder(): Promise<void>;
}

/** Creates the settings slice. */
export const createSettingsSlice: StateCreator<StoreState, [], [], SettingsSlice> = (set) => {
  const apply = async (channel: 'settings:get' | 'settings:chooseBackupFolder' | 'settings:useDefaultBackupFolder') => {
    const result = await invoke(channel, {});
    set(result.ok ? { settings: result.value, settingsError: undefined } : { settingsError: result.error });
  };
  return {
    loadSettings: () => apply('settings:get'),
    chooseBackupFolder: () => apply('settings:chooseBackupFolder'),
    useDefaultBackupFolder: () => apply('settings:useDefaultBackupFolder'),
  };
};
