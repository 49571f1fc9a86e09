/**
 * Device channels: list, summary, pairing (a job with Trust prompts), unpairing, renaming.
 */
import { lastBackupDate } from '../backup/last-backup.ts';
import { readDeviceSummary, renameDevice } from '../devices/summary.ts';
import { pairDevice, unpairDevice } from '../lockdown/pairing.ts';
import { parsePairRecord } from '../lockdown/pair-record.ts';
import type { EngineServices, HandlerTable } from './handlers.ts';

/** The words of pairing's prompts. */
export const PAIRING_PROMPTS = {
  trust: 'Tap Trust on the device, then enter its passcode.',
  unlock: 'Unlock the device with its passcode; then it asks whether to trust this computer.',
} as const;

/** Handlers of the devices channels. */
export function deviceHandlers({ usbmux, devices, jobs, backupFolder }: EngineServices): Pick<
  HandlerTable,
  'devices:list' | 'devices:summary' | 'devices:pair' | 'devices:unpair' | 'devices:rename'
> {
  return {
    'devices:list': async () => devices.list(),
    'devices:summary': async ({ udid }) => {
      const summary = await readDeviceSummary(usbmux, await devices.find(udid));
      const last = await lastBackupDate(backupFolder(), udid);
      return last ? { ...summary, lastBackupDate: last } : summary;
    },
    'devices:pair': async ({ udid }) => {
      const device = await devices.find(udid);
      const { jobId, result } = jobs.start('pair', udid, async (job) => {
        job.phase('pairing');
        await pairDevice(usbmux, device, {
          signal: job.signal,
          onWait: (wait) => job.prompt(wait === 'trust' ? 'trust' : 'passcode', PAIRING_PROMPTS[wait]),
        });
      });
      devices.publish();
      void result.then(
        () => devices.refresh(udid),
        () => devices.refresh(udid),
      );
      return { jobId };
    },
    'devices:unpair': async ({ udid }) => {
      const device = await devices.find(udid);
      const stored = await usbmux.readPairRecord(udid);
      await unpairDevice(usbmux, device, stored ? parsePairRecord(stored) : undefined);
      await devices.refresh(udid);
    },
    'devices:rename': async ({ udid, name }) => {
      await renameDevice(usbmux, await devices.find(udid), name);
      await devices.refresh(udid);
    },
  };
}
