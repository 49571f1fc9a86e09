/**
 * Follows a device through the restart that ends a restore: it leaves usbmuxd, then comes back (as a new
 * DeviceID). Polls the device list; a device that never leaves or never returns is reported, not waited on
 * forever.
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

/** Resolves with the device once it is back; false when it never left (it did not restart). */
export async function followReboot(usbmux: UsbmuxClient, udid: string, timeouts: RebootTimeouts, signal?: AbortSignal): Promise<UsbmuxDevice | false> {
  const present = async () => (await usbmux.listDevices().catch(() => [] as UsbmuxDevice[])).find((device) => device.udid === udid);
  const leaveBy = Date.now() + timeouts.leaveMs;
  while (await present()) {
    if (Date.now() > leaveBy) return false;
    await sleep(POLL_MS, undefined, { signal });
  }
  const returnBy = Date.now() + timeouts.returnMs;
  for (;;) {
    const device = await present();
    if (device) return device;
    if (Date.now() > returnBy) throw new CradleError('DEVICE_DISCONNECTED', 'The device restarted but did not come back. Unlock it and connect it again; the restore itself finished.');
    await sleep(POLL_MS, undefined, { signal });
  }
}
