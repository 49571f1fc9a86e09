/**
 * Trust as part of fleet work: a device that does not trust this computer is paired on the spot (its
 * Trust prompt shows by itself), as Apple Configurator does, and the work goes on once it is trusted.
 */
import { CradleError } from '../../../shared/errors.ts';
import { startPairing, type PairingServices } from '../devices/pairing-job.ts';
import type { PairingWait } from '../lockdown/pairing.ts';
import { startLockdownSession } from '../lockdown/session.ts';
import type { UsbmuxClient, UsbmuxDevice } from '../usbmux/client.ts';

/** Whether this computer holds a pairing the device still accepts (a session starts). */
export async function isTrusted(usbmux: UsbmuxClient, device: UsbmuxDevice, signal?: AbortSignal): Promise<boolean> {
  try {
    const session = await startLockdownSession(usbmux, device, signal);
    await session.lockdown.close();
    return true;
  } catch (error) {
    if (error instanceof CradleError && error.code === 'NOT_PAIRED') return false;
    // Anything else (unplugged, cancelled, a device that is not answering) is the caller's error.
    throw error;
  }
}

/**
 * Makes sure the device trusts this computer: pairs when it does not (a pair job: the sidebar shows it),
 * telling `onPairing` the job and `onWait` what the person must do on the device. Resolves once trusted.
 * @throws CradleError PAIRING_DENIED when Trust was declined; DEVICE_DISCONNECTED, CANCELLED.
 */
export async function ensureTrusted(
  services: PairingServices,
  device: UsbmuxDevice,
  handlers: { onPairing(jobId: string): void; onWait(wait: PairingWait): void },
): Promise<void> {
  if (await isTrusted(services.usbmux, device)) return;
  const { jobId, result } = startPairing(services, device, handlers.onWait);
  handlers.onPairing(jobId);
  await result;
}
