/**
 * Follows a device through the restart that ends a restore: it leaves usbmuxd, then comes back with a new
 * DeviceID. Polls the device list; a device that never leaves or never returns is reported, not waited on
 * forever. A restart quicker than a poll is still seen: the device is back under a DeviceID it did not have.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { CradleError } from '../../../shared/errors.ts';
import type { UsbmuxClient, UsbmuxDevice } from '../usbmux/client.ts';

const POLL_MS = 500;

/** Timeouts of {@link followReboot}. */
export interface RebootTimeouts {
  /** How long the device may take to go away. */
  leaveMs: number;
  /** How long it may take to come back. */
  returnMs: number;
}

/** The device's entries in usbmuxd's list now (USB and network); none while it is away or usbmuxd fails. */
async function listed(usbmux: UsbmuxClient, udid: string): Promise<UsbmuxDevice[]> {
  return (await usbmux.listDevices().catch(() => [] as UsbmuxDevice[])).filter((device) => device.udid === udid);
}

/** The DeviceIDs a device is listed under now: a restart gives it new ones. */
export async function connectionIds(usbmux: UsbmuxClient, udid: string): Promise<Set<number>> {
  return new Set((await listed(usbmux, udid)).map((device) => device.deviceId));
}

/**
 * Resolves with the device once it is back; false when it never left (it did not restart).
 * @param before the DeviceIDs it had before the restart ({@link connectionIds}).
 */
export async function followReboot(usbmux: UsbmuxClient, udid: string, before: ReadonlySet<number>, timeouts: RebootTimeouts, signal?: AbortSignal): Promise<UsbmuxDevice | false> {
  const leaveBy = Date.now() + timeouts.leaveMs;
  for (;;) {
    const now = await listed(usbmux, udid);
    const back = now.find((device) => !before.has(device.deviceId));
    if (back) return back;
    if (!now.some((device) => before.has(device.deviceId))) break;
    if (Date.now() > leaveBy) return false;
    await sleep(POLL_MS, undefined, { signal });
  }
  const returnBy = Date.now() + timeouts.returnMs;
  for (;;) {
    const device = (await listed(usbmux, udid))[0];
    if (device) return device;
    if (Date.now() > returnBy) throw new CradleError('DEVICE_DISCONNECTED', 'The device restarted but did not come back. Unlock it and connect it again; the restore itself finished.');
    await sleep(POLL_MS, undefined, { signal });
  }
}
