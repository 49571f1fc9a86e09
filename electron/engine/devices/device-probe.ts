/**
 * What the device list knows of a device: the public values lockdownd gives without a session (name,
 * model, class, iOS), then, in a session when this computer is trusted, the serial number and battery.
 * Whether that session starts is the trust state.
 */
import { CradleError } from '../../../shared/errors.ts';
import type { DeviceListItem } from '../../../shared/devices.ts';
import { LockdownClient } from '../lockdown/client.ts';
import { startLockdownSession, type LockdownSession } from '../lockdown/session.ts';
import type { UsbmuxClient, UsbmuxDevice } from '../usbmux/client.ts';
import { marketingName } from './product-names.ts';

/** What a probe learnt; a value it could not read is absent (the list keeps what it knew). */
export type DeviceFacts = Partial<Pick<DeviceListItem, 'name' | 'productType' | 'deviceClass' | 'model' | 'iosVersion' | 'serialNumber' | 'batteryPercent' | 'state'>>;

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * Reads a device's facts and trust state. Never throws: what failed is simply not in the answer.
 * `inSession` runs inside the session when one starts (the name observer is set up there); its failure is ignored.
 */
export async function probeDevice(
  usbmux: UsbmuxClient,
  device: UsbmuxDevice,
  inSession?: (session: LockdownSession) => Promise<void>,
): Promise<DeviceFacts> {
  const facts: DeviceFacts = {};
  try {
    const lockdown = await LockdownClient.connect(usbmux, device);
    try {
      await lockdown.queryType();
      const values = await lockdown.getValue();
      Object.assign(facts, publicFacts(values && typeof values === 'object' ? (values as Record<string, unknown>) : {}));
    } finally {
      await lockdown.close();
    }
    const session = await startLockdownSession(usbmux, device);
    try {
      const serialNumber = text(await session.lockdown.getValue(undefined, 'SerialNumber'));
      const battery = await session.lockdown.getValue('com.apple.mobile.battery', 'BatteryCurrentCapacity');
      if (serialNumber) facts.serialNumber = serialNumber;
      if (typeof battery === 'number') facts.batteryPercent = battery;
      await inSession?.(session).catch(() => undefined);
    } finally {
      await session.lockdown.close();
    }
    facts.state = 'connected';
  } catch (error) {
    facts.state = stateOfError(error);
  }
  return facts;
}

function publicFacts(values: Record<string, unknown>): DeviceFacts {
  const productType = text(values.ProductType);
  const facts: DeviceFacts = {
    name: text(values.DeviceName),
    productType,
    deviceClass: text(values.DeviceClass),
    model: productType && marketingName(productType),
    iosVersion: text(values.ProductVersion),
  };
  return Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== undefined));
}

function stateOfError(error: unknown): DeviceFacts['state'] {
  const code = error instanceof CradleError ? error.code : undefined;
  if (code === 'NOT_PAIRED' || code === 'PAIRING_PENDING') return 'trust-needed';
  if (code === 'DEVICE_LOCKED') return 'locked';
  if (code === 'DEVICE_DISCONNECTED') return 'disconnected';
  return 'connected';
}
