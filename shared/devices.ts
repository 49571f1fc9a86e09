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
  /** "iPhone", "iPad" or "iPod" (lockdown DeviceClass), known without pairing. */
  deviceClass?: string;
  /** Marketing name, e.g. "iPad Air (5th generation)". */
  model?: string;
  iosVersion?: string;
  /** Known once this computer is trusted (a device gives it only in a session). */
  serialNumber?: string;
  /** Battery level (0–100) when the device was last read; trusted devices only. */
  batteryPercent?: number;
  state: DeviceState;
}

/** Payload of `devices:changed`: the whole current list. */
export interface DevicesChanged {
  devices: DeviceListItem[];
}

/** A configuration profile installed on a device. */
export interface ConfigurationProfile {
  identifier: string;
  displayName: string;
  organization?: string;
  description?: string;
  /** False when the profile forbids removal (typically MDM-installed). */
  removable: boolean;
}

/** Everything the device page and `cradle info` show about one device. */
export interface DeviceSummary {
  udid: string;
  name: string;
  productType: string;
  /** Marketing name, e.g. "iPhone 15 Pro". */
  model: string;
  deviceClass: string;
  iosVersion: string;
  buildVersion: string;
  serialNumber: string;
  phoneNumber?: string;
  imei?: string;
  wifiAddress?: string;
  capacityBytes?: number;
  freeBytes?: number;
  battery?: { percent: number; charging: boolean };
  backup: {
    /** Local backups are encrypted (the "Encrypt local backup" box). */
    encrypted: boolean;
    /** A profile forces encrypted backups. */
    encryptionRequired: boolean;
    iCloudBackup: boolean;
  };
  findMy: boolean;
  supervised: boolean;
  profiles: ConfigurationProfile[];
  /** ISO date of the last local backup, once the library knows it. */
  lastBackupDate?: string;
}

/** What naming a device needs: a sidebar row, a fleet tile and a backup's device all have it. */
export interface NamedDevice {
  udid: string;
  name?: string;
  /** Marketing name; `productType` stands in when it is unknown. */
  model?: string;
  productType?: string;
  deviceClass?: string;
  serialNumber?: string;
}

/** The icon a device gets: by DeviceClass, else by the family of its ProductType. */
export type DeviceIconKind = 'iphone' | 'ipad' | 'ipod';

/** Which icon shows a device (an iPad is never drawn as an iPhone). */
export function deviceIconKind(device: Pick<NamedDevice, 'deviceClass' | 'productType'>): DeviceIconKind {
  const kind = (device.deviceClass || device.productType || '').toLowerCase();
  if (kind.startsWith('ipad')) return 'ipad';
  if (kind.startsWith('ipod')) return 'ipod';
  return 'iphone';
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** The sidebar's order: by name (as people sort, "Loaner 2" before "Loaner 10"; unnamed last), then serial, then UDID. */
export function compareDevices(a: NamedDevice, b: NamedDevice): number {
  if ((a.name === undefined) !== (b.name === undefined)) return a.name === undefined ? 1 : -1;
  return (
    collator.compare(a.name ?? '', b.name ?? '') ||
    collator.compare(a.serialNumber ?? '', b.serialNumber ?? '') ||
    (a.udid < b.udid ? -1 : a.udid > b.udid ? 1 : 0)
  );
}

/** How many trailing characters of the serial (or UDID) tell devices apart, as Apple Configurator shows them. */
const SUFFIX_LENGTH = 4;

/** The identifier whose end tells a device apart: its serial once known, else its UDID. */
function identifier(device: NamedDevice): string {
  return device.serialNumber || device.udid;
}

/** The parts of {@link deviceDistinction}: the model (when known) and "…F3K2" (the whole serial or UDID when another ends so). */
export function deviceIdentity(device: NamedDevice, others: readonly NamedDevice[] = []): { model?: string; serial: string } {
  const id = identifier(device);
  const suffix = id.slice(-SUFFIX_LENGTH);
  const clash = others.some((other) => other.udid !== device.udid && identifier(other).slice(-SUFFIX_LENGTH) === suffix);
  const model = device.model ?? device.productType;
  return { ...(model ? { model } : {}), serial: clash ? id : `…${suffix}` };
}

/**
 * What tells a device apart from others: "iPad Air (5th generation) · …F3K2" (model and the end of its
 * serial; the whole serial or UDID when another device ends the same way).
 */
export function deviceDistinction(device: NamedDevice, others: readonly NamedDevice[] = []): string {
  const { model, serial } = deviceIdentity(device, others);
  return model ? `${model} · ${serial}` : serial;
}

/** The other devices of `all` called like `device` (a cart of iPads all named "iPad"). */
export function sameNamedDevices(device: NamedDevice, all: readonly NamedDevice[]): NamedDevice[] {
  const name = device.name ?? device.udid;
  return all.filter((other) => other.udid !== device.udid && (other.name ?? other.udid) === name);
}

/**
 * A device's name where devices are listed or named: "Anna’s iPad", and when another device of `all`
 * has the same name, "Anna’s iPad (iPad Air (5th generation) · …F3K2)".
 */
export function deviceLabel(device: NamedDevice, all: readonly NamedDevice[]): string {
  const name = device.name ?? device.udid;
  const twins = sameNamedDevices(device, all);
  return twins.length > 0 ? `${name} (${deviceDistinction(device, twins)})` : name;
}
