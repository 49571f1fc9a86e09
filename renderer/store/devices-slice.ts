/**
 * Devices slice: the live device list, replaced whole on every `devices:changed`.
 */
import type { StateCreator } from 'zustand';
import type { DeviceListItem, DevicesChanged } from '../../shared/devices.ts';
import type { StoreState } from './index.ts';

/** State and actions of the devices slice. */
export interface DevicesSlice {
  devices: DeviceListItem[];
  applyDevicesChanged(event: DevicesChanged): void;
}

/** Creates the devices slice. */
export const createDevicesSlice: StateCreator<StoreState, [], [], DevicesSlice> = (set) => ({
  devices: [],
  applyDevicesChanged: (event) => set({ devices: event.devices }),
});

/** Selects the device list. */
export const selectDevices = (state: StoreState) => state.devices;
