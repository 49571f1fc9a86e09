/**
 * Whether a device is locked right now. No lockdown value says so; a service that needs the device's data
 * (mobilebackup2) started WITHOUT the escrow bag is refused with PasswordProtected while it is locked.
 */
import { CradleError } from '../../../shared/errors.ts';
import { withLockdownSession } from '../lockdown/session.ts';
import type { UsbmuxClient, UsbmuxDevice } from '../usbmux/client.ts';

const PROBE_SERVICE = 'com.apple.mobilebackup2';

/** True when the device refuses its data because it is locked. */
export function isDeviceLocked(usbmux: UsbmuxClient, device: UsbmuxDevice): Promise<boolean> {
  return withLockdownSession(usbmux, device, async (session) => {
    try {
      await session.lockdown.startService(PROBE_SERVICE);
      return false;
    } catch (error) {
      if (error instanceof CradleError && error.code === 'DEVICE_LOCKED') return true;
      throw error;
    }
  });
}
