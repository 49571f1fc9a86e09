/**
 * Devices slice: the live device list, read with `devices:list` on (re)connection and replaced whole on
 * every `devices:changed`, always in the sidebar's order (name, then serial); pairing starts here (its
 * prompts arrive as jobs).
 */
import type { StateCreator } from 'zustand';
import { compareDevices, type DeviceListItem, type DevicesChanged } from '../../shared/devices.ts';
import type { ErrorPayload } from '../../shared/errors.ts';
import { invoke } from '../services/api.ts';
import type { StoreState } from './index.ts';
import { reduceJobEvent } from './jobs-reducer.ts';
import { markStale } from './summary-cache.ts';

/** State and actions of the devices slice. */
export interface DevicesSlice {
  devices: DeviceListItem[];
  /** Counts list updates, so a view can tell whether the engine has spoken since something happened. */
  devicesRevision: number;
  /** Every device seen this session as it was last listed, so a page can name a device that left. */
  lastSeen: Readonly<Record<string, DeviceListItem>>;
  /** Why the list could not be read, until it can. */
  devicesError?: ErrorPayload;
  applyDevicesChanged(event: DevicesChanged): void;
  /** Reads the whole list (events sent before the window subscribed are lost). */
  loadDevices(): Promise<void>;
  /** Starts pairing ("Trust This Computer"); resolves with the error when it could not start. */
  pairDevice(udid: string): Promise<ErrorPayload | undefined>;
}

/** Creates the devices slice. */
export const createDevicesSlice: StateCreator<StoreState, [], [], DevicesSlice> = (set, get) => ({
  devices: [],
  devicesRevision: 0,
  lastSeen: {},
  applyDevicesChanged: (event) =>
    set((state) => ({
      // The engine sends them in order; sorting here too keeps every view's order stable whatever the sender.
      devices: [...event.devices].sort(compareDevices),
      devicesRevision: state.devicesRevision + 1,
      lastSeen: { ...state.lastSeen, ...Object.fromEntries(event.devices.map((device) => [device.udid, device])) },
      summaries: markStale(state.summaries, state.devices, event.devices),
    })),
  async loadDevices() {
    const result = await invoke('devices:list', {});
    if (result.ok) {
      get().applyDevicesChanged({ devices: result.value });
      set({ devicesError: undefined });
    } else {
      set({ devicesError: result.error });
    }
  },
  async pairDevice(udid) {
    const result = await invoke('devices:pair', { udid });
    if (!result.ok) return result.error;
    // The job's `queued` event usually came first; recording it here covers a missed one.
    set((state) => ({ jobs: reduceJobEvent(state.jobs, { jobId: result.value.jobId, type: 'queued', kind: 'pair', udid }) }));
    return undefined;
  },
});

/** Selects the device list. */
export const selectDevices = (state: StoreState) => state.devices;

/** Selects one device of the list. */
export const selectDevice = (udid: string) => (state: StoreState) => state.devices.find((device) => device.udid === udid);
