/**
 * Device channels: list, summary, pairing (a job with Trust prompts), unpairing, renaming.
 */
import { lastBackupDate } from '../backup/last-backup.ts';
import { readDeviceSummary, renameDevice } from '../devices/summary.ts';
import { startPairing } from '../devices/pairing-job.ts';
import { unpairDevice } from '../lockdown/pairing.ts';
import { parsePairRecord } from '../lockdown/pair-record.ts';
import type { EngineServices, HandlerTable } from './handlers.ts';

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
    'devices:pair': async ({ udid }) => ({ jobId: startPairing({ usbmux, devices, jobs }, await devices.find(udid)).jobId }),
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
