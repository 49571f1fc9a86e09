/**
 * Devices as the interface lists them. The full summary arrives with the devices feature.
 */

/** The state badge of a device row. */
export type DeviceState = 'connected' | 'trust-needed' | 'locked' | 'busy' | 'disconnected';

/** One device in the sidebar. */
export interface DeviceListItem {
  udid: string;
  connection: 'usb' | 'network';
  name?: string;
  productType?: string;
  state: DeviceState;
}

/** Payload of `devices:changed`: the whole current list. */
export interface DevicesChanged {
  devices: DeviceListItem[];
}
