/**
 * What can be read from a device without a session: name, model and iOS version, plus whether this
 * computer holds a pair record for it. Used by `cradle devices`.
 */
import { CradleError } from '../../../shared/errors.ts';
import { LockdownClient } from '../lockdown/client.ts';
import type { UsbmuxClient, UsbmuxDevice } from '../usbmux/client.ts';
import { marketingName } from './product-names.ts';

/** One connected device, as `cradle devices --json` prints it. */
export interface ConnectedDevice {
  udid: string;
  connection: 'usb' | 'network';
  name: string | null;
  productType: string | null;
  model: string | null;
  iosVersion: string | null;
  /** This computer holds a pair record for the device (it may still need re-pairing). */
  paired: boolean;
  /** Why the details are missing, when they are. */
  error?: string;
}

/** Lists connected devices with their basic details; one unreachable device does not hide the others. */
export async function describeConnectedDevices(usbmux: UsbmuxClient): Promise<ConnectedDevice[]> {
  const devices = await usbmux.listDevices();
  return Promise.all(devices.map((device) => describeDevice(usbmux, device)));
}

async function describeDevice(usbmux: UsbmuxClient, device: UsbmuxDevice): Promise<ConnectedDevice> {
  const base = { udid: device.udid, connection: device.connection, paired: (await usbmux.readPairRecord(device.udid)) !== undefined };
  try {
    const lockdown = await LockdownClient.connect(usbmux, device);
    try {
      await lockdown.queryType();
      const read = async (key: string) => {
        const value = await lockdown.getValue(undefined, key);
        return typeof value === 'string' ? value : null;
      };
      const name = await read('DeviceName');
      const productType = await read('ProductType');
      const iosVersion = await read('ProductVersion');
      return { ...base, name, productType, model: productType ? marketingName(productType) : null, iosVersion };
    } finally {
      await lockdown.close();
    }
  } catch (error) {
    const message = error instanceof CradleError ? error.message : String(error);
    return { ...base, name: null, productType: null, model: null, iosVersion: null, error: message };
  }
}
