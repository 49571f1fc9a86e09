/**
 * What can be read from a device without a session: name, model, class and iOS version, plus whether this
 * computer holds a pair record for it, and then the serial number when the pairing lets a session start.
 * Used by `cradle devices`.
 */
import { compareDevices } from '../../../shared/devices.ts';
import { CradleError } from '../../../shared/errors.ts';
import { LockdownClient } from '../lockdown/client.ts';
import { withLockdownSession } from '../lockdown/session.ts';
import type { UsbmuxClient, UsbmuxDevice } from '../usbmux/client.ts';
import { marketingName } from './product-names.ts';

/** One connected device, as `cradle devices --json` prints it. */
export interface ConnectedDevice {
  udid: string;
  connection: 'usb' | 'network';
  name: string | null;
  productType: string | null;
  model: string | null;
  /** "iPhone", "iPad" or "iPod". */
  deviceClass: string | null;
  iosVersion: string | null;
  /** Known when this computer is trusted (a device gives it only in a session). */
  serialNumber: string | null;
  /** This computer holds a pair record for the device (it may still need re-pairing). */
  paired: boolean;
  /** Why the details are missing, when they are. */
  error?: string;
}

/** Lists connected devices with their basic details, in the app's order (name, then serial); one unreachable device does not hide the others. */
export async function describeConnectedDevices(usbmux: UsbmuxClient): Promise<ConnectedDevice[]> {
  const devices = await Promise.all((await usbmux.listDevices()).map((device) => describeDevice(usbmux, device)));
  const named = (device: ConnectedDevice) => ({ udid: device.udid, name: device.name ?? undefined, serialNumber: device.serialNumber ?? undefined });
  return devices.sort((a, b) => compareDevices(named(a), named(b)));
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
      const deviceClass = await read('DeviceClass');
      const iosVersion = await read('ProductVersion');
      const serialNumber = base.paired ? await readSerialNumber(usbmux, device) : null;
      return { ...base, name, productType, model: productType ? marketingName(productType) : null, deviceClass, iosVersion, serialNumber };
    } finally {
      await lockdown.close();
    }
  } catch (error) {
    const message = error instanceof CradleError ? error.message : String(error);
    return { ...base, name: null, productType: null, model: null, deviceClass: null, iosVersion: null, serialNumber: null, error: message };
  }
}

/** The serial number, when the pair record still opens a session (a device may have forgotten this computer). */
async function readSerialNumber(usbmux: UsbmuxClient, device: UsbmuxDevice): Promise<string | null> {
  try {
    const serial = await withLockdownSession(usbmux, device, (session) => session.lockdown.getValue(undefined, 'SerialNumber'));
    return typeof serial === 'string' ? serial : null;
  } catch {
    return null;
  }
}
