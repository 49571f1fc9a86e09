/**
 * App slice: what `app:info` says about this Cradle and its device service.
 */
import type { StateCreator } from 'zustand';
import type { AppInfo } from '../../shared/app-info.ts';
import type { ErrorPayload } from '../../shared/errors.ts';
import { invoke } from '../services/api.ts';
import type { StoreState } from './index.ts';

/** State and actions of the app slice. */
export interface AppSlice {
  appInfo?: AppInfo;
  appInfoError?: ErrorPayload;
  loadAppInfo(): Promise<void>;
}

/** Creates the app slice. */
export const createAppSlice: StateCreator<StoreState, [], [], AppSlice> = (set) => ({
  async loadAppInfo() {
    const result = await invoke('app:info', {});
    set(result.ok ? { appInfo: result.value, appInfoError: undefined } : { appInfoError: result.error });
  },
});

/** Selects the usbmuxd status, once known. */
export const selectUsbmuxd = (state: StoreState) => state.appInfo?.usbmuxd;
