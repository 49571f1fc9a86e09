/**
 * Pairing ("Trust This Computer") as a job on the device's queue: its prompts arrive on jobs:event, and the
 * device list re-reads the device's trust state when it ends, well or not. The device page's Pair, the
 * CLI's `cradle pair` and fleet work (which pairs untrusted devices by itself) all start it here.
 */
import type { JobManager } from '../jobs/job-manager.ts';
import { pairDevice, type PairingWait } from '../lockdown/pairing.ts';
import type { UsbmuxClient, UsbmuxDevice } from '../usbmux/client.ts';
import type { DeviceManager } from './device-manager.ts';

/** The words of pairing's prompts. */
export const PAIRING_PROMPTS: Record<PairingWait, string> = {
  trust: 'Tap Trust on the device, then enter its passcode.',
  unlock: 'Enter the passcode on the device; then it asks whether to trust this computer.',
};

/** What pairing needs from the engine. */
export interface PairingServices {
  usbmux: UsbmuxClient;
  devices: DeviceManager;
  jobs: JobManager;
}

/** Starts pairing as a job; `onWait` hears what the person must do on the device meanwhile. */
export function startPairing(
  { usbmux, devices, jobs }: PairingServices,
  device: UsbmuxDevice,
  onWait?: (wait: PairingWait) => void,
): { jobId: string; result: Promise<void> } {
  const started = jobs.start('pair', device.udid, async (job) => {
    job.phase('pairing');
    await pairDevice(usbmux, device, {
      signal: job.signal,
      onWait: (wait) => {
        job.prompt(wait === 'trust' ? 'trust' : 'passcode', PAIRING_PROMPTS[wait]);
        onWait?.(wait);
      },
    });
  });
  devices.publish();
  const refresh = () => devices.refresh(device.udid);
  started.result.then(refresh, refresh);
  return started;
}
