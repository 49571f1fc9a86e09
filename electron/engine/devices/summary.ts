/**
 * Reads a device's summary inside a lockdown session: identity, storage, battery, backup settings,
 * Find My, supervision and configuration profiles.
 */
import type { DeviceSummary } from '../../../shared/devices.ts';
import { connectService, withLockdownSession, type LockdownSession } from '../lockdown/session.ts';
import { listProfiles, MCINSTALL_SERVICE } from '../services/mcinstall.ts';
import type { UsbmuxClient, UsbmuxDevice } from '../usbmux/client.ts';
import { marketingName } from './product-names.ts';

type Values = Record<string, unknown>;

const text = (values: Values, key: string) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
const number = (values: Values, key: string) => (typeof values[key] === 'number' ? (values[key] as number) : undefined);
const flag = (values: Values, key: string) => values[key] === true;

async function domain(session: LockdownSession, name: string): Promise<Values> {
  const value = await session.lockdown.getValue(name);
  return value && typeof value === 'object' && !Buffer.isBuffer(value) ? (value as Values) : {};
}

/**
 * Reads the full summary of a paired device.
 * @param options.profiles false leaves out the configuration profiles (an empty list): a restore's
 *   pre-flight does not need them (one service connection less per device).
 */
export function readDeviceSummary(usbmux: UsbmuxClient, device: UsbmuxDevice, options: { profiles?: boolean } = {}): Promise<DeviceSummary> {
  return withLockdownSession(usbmux, device, async (session) => {
    const identity = (await session.lockdown.getValue()) as Values;
    const disk = await domain(session, 'com.apple.disk_usage');
    const battery = await domain(session, 'com.apple.mobile.battery');
    const backup = await domain(session, 'com.apple.mobile.backup');
    const fmip = await domain(session, 'com.apple.fmip');
    const chaperone = await domain(session, 'com.apple.mobile.chaperone');
    const profiles = options.profiles === false ? [] : await listProfiles(await connectService(usbmux, session, MCINSTALL_SERVICE));
    const productType = text(identity, 'ProductType') ?? '';
    const batteryPercent = number(battery, 'BatteryCurrentCapacity');
    return {
      udid: device.udid,
      name: text(identity, 'DeviceName') ?? marketingName(productType),
      productType,
      model: marketingName(productType),
      deviceClass: text(identity, 'DeviceClass') ?? '',
      iosVersion: text(identity, 'ProductVersion') ?? '',
      buildVersion: text(identity, 'BuildVersion') ?? '',
      serialNumber: text(identity, 'SerialNumber') ?? '',
      phoneNumber: text(identity, 'PhoneNumber'),
      imei: text(identity, 'InternationalMobileEquipmentIdentity'),
      wifiAddress: text(identity, 'WiFiAddress'),
      capacityBytes: number(disk, 'TotalDiskCapacity'),
      freeBytes: number(disk, 'TotalDataAvailable'),
      battery: batteryPercent === undefined ? undefined : { percent: batteryPercent, charging: flag(battery, 'BatteryIsCharging') },
      backup: {
        encrypted: flag(backup, 'WillEncrypt'),
        encryptionRequired: flag(backup, 'RequiresEncrypt'),
        iCloudBackup: flag(backup, 'CloudBackupEnabled'),
      },
      findMy: flag(fmip, 'IsAssociated'),
      supervised: flag(chaperone, 'DeviceIsChaperoned'),
      profiles,
    };
  });
}

/** Renames a device (lockdown SetValue DeviceName). */
export function renameDevice(usbmux: UsbmuxClient, device: UsbmuxDevice, name: string): Promise<void> {
  return withLockdownSession(usbmux, device, (session) => session.lockdown.setValue(undefined, 'DeviceName', name));
}
