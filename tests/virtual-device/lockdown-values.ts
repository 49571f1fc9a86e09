/**
 * lockdownd GetValue / SetValue over the device's value domains (PROTOCOLS.md §2).
 */
import type { DeviceState } from './device.ts';
import type { LockdownReply } from './pairing.ts';
import { postDeviceNotification } from './services/notification-proxy.ts';

/** What lockdownd posts through the notification proxy when the device's name changes (by a host or in Settings). */
export const DEVICE_NAME_CHANGED = 'com.apple.mobile.lockdown.device_name_changed';

/**
 * Values a device gives before a session exists (what `ideviceinfo -s` shows), plus what pairing needs.
 * *(modelled on real devices' unpaired answers)*
 */
const PUBLIC_KEYS = new Set([
  'BasebandVersion', 'BoardId', 'BuildVersion', 'CPUArchitecture', 'ChipID', 'DeviceClass', 'DeviceColor',
  'DeviceName', 'DevicePublicKey', 'DieID', 'HardwareModel', 'HasSiDP', 'PartitionType', 'ProductName',
  'ProductType', 'ProductVersion', 'ProductionSOC', 'ProtocolVersion', 'SupportedDeviceFamilies',
  'TelephonyCapability', 'UniqueChipID', 'UniqueDeviceID', 'WiFiAddress',
]);

/** Values no host may change. */
const IMMUTABLE_KEYS = new Set([
  'UniqueDeviceID', 'SerialNumber', 'ProductType', 'ProductVersion', 'BuildVersion', 'DevicePublicKey',
  'DeviceClass', 'HardwareModel', 'UniqueChipID', 'WiFiAddress', 'BluetoothAddress', 'ActivationState',
]);

/** Domains only the device itself changes (backup settings change through mobilebackup2, not SetValue). */
const READ_ONLY_DOMAINS = new Set([
  'com.apple.disk_usage', 'com.apple.mobile.battery', 'com.apple.mobile.backup', 'com.apple.fmip',
  'com.apple.mobile.chaperone',
]);

/** Answers GetValue (`Domain`/`Key` optional; whole domains come back as dicts). */
export function getValue(device: DeviceState, request: Record<string, unknown>, inSession: boolean): LockdownReply {
  const domainName = typeof request.Domain === 'string' ? request.Domain : '';
  const key = typeof request.Key === 'string' ? request.Key : undefined;
  const reply: LockdownReply = { Request: 'GetValue' };
  if (domainName) reply.Domain = domainName;
  if (key !== undefined) reply.Key = key;
  const domain = device.values[domainName];
  if (!domain) return { ...reply, Error: 'MissingValue' };
  if (!inSession) {
    if (domainName !== '') return { ...reply, Error: 'MissingValue' };
    if (key === undefined) {
      return { ...reply, Value: Object.fromEntries(Object.entries(domain).filter(([name]) => PUBLIC_KEYS.has(name))) };
    }
    if (!PUBLIC_KEYS.has(key)) return { ...reply, Error: 'MissingValue' };
  }
  if (key === undefined) return { ...reply, Value: domain };
  const value = domain[key];
  if (value === undefined || value === null) return { ...reply, Error: 'MissingValue' };
  return { ...reply, Value: value };
}

/** Answers SetValue (in a session): DeviceName and other settable values. */
export function setValue(device: DeviceState, request: Record<string, unknown>, inSession: boolean): LockdownReply {
  const domainName = typeof request.Domain === 'string' ? request.Domain : '';
  const key = request.Key;
  const reply: LockdownReply = { Request: 'SetValue' };
  if (domainName) reply.Domain = domainName;
  if (typeof key === 'string') reply.Key = key;
  if (!inSession) return { ...reply, Error: 'SessionInactive' };
  if (typeof key !== 'string') return { ...reply, Error: 'MissingKey' };
  if (request.Value === undefined) return { ...reply, Error: 'MissingValue' };
  if (domainName === '' && IMMUTABLE_KEYS.has(key)) return { ...reply, Error: 'ImmutableValue' };
  if (domainName === '' && key === 'DeviceName' && (typeof request.Value !== 'string' || request.Value === '')) {
    return { ...reply, Error: 'SetProhibited' };
  }
  if (READ_ONLY_DOMAINS.has(domainName)) return { ...reply, Error: 'SetProhibited' };
  if (domainName === '' && key === 'DeviceName') {
    setDeviceName(device, request.Value as string);
    return reply;
  }
  device.domain(domainName)[key] = request.Value;
  device.changed();
  return reply;
}

/** Renames the device, as SetValue or the person in Settings does: the value changes and observers hear of it. */
export function setDeviceName(device: DeviceState, name: string): void {
  device.domain('').DeviceName = name;
  device.changed();
  postDeviceNotification(device, DEVICE_NAME_CHANGED);
}
