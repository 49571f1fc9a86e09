/**
 * Restore and clone channels: the pre-flight, a restore job, and one clone at a time (its status also
 * arrives on `clone:changed`). Backups are named by library id; the report goes where the host asks.
 */
import { CradleError } from '../../../shared/errors.ts';
import type { RestoreOptions, RestorePreflight } from '../../../shared/restore.ts';
import { saveNewFile } from '../library/extract.ts';
import { CloneRun } from '../fleet/clone.ts';
import { fleetReport } from '../fleet/report.ts';
import { runPreflight } from '../restore/preflight.ts';
import { runRestore } from '../restore/restore.ts';
import type { EngineServices, HandlerTable } from './handlers.ts';
import { completeSwap } from '../backup/staging.ts';

type RestoreChannels = 'restore:preflight' | 'restore:start' | 'clone:start' | 'clone:stop' | 'clone:retry' | 'clone:status' | 'clone:exportReport';

/** Starts a restore job (the CLI uses it too). */
export async function startRestore(
  services: EngineServices,
  request: { udid: string; backupPath: string; options: RestoreOptions; password?: string; confirmed: boolean; onPreflight?: (preflight: RestorePreflight) => void },
) {
  const { usbmux, devices, jobs } = services;
  const device = await devices.find(request.udid);
  const started = jobs.start('restore', request.udid, (job) => runRestore({ usbmux, device, ...request }, job));
  devices.publish();
  started.result.then(
    () => devices.publish(),
    () => devices.publish(),
  );
  return started;
}

/** Handlers of the restore and clone channels. */
export function restoreHandlers(services: EngineServices): Pick<HandlerTable, RestoreChannels> {
  let clone: CloneRun | undefined;
  const current = () => {
    if (!clone) throw new CradleError('VALIDATION', 'No clone has been started.');
    return clone;
  };
  return {
    'restore:preflight': async ({ udid, backupId, password }) => {
      const device = await services.devices.find(udid);
      const { preflight } = await runPreflight({ usbmux: services.usbmux, device, backupPath: await services.locateBackup(backupId), password });
      return preflight;
    },
    'restore:start': async ({ udid, backupId, options, password, confirmed }) => {
      const { jobId } = await startRestore(services, { udid, backupPath: await completeSwap(await services.locateBackup(backupId)), options, password, confirmed });
      return { jobId };
    },
    'clone:start': async ({ backupId, ...request }) => {
      if (clone && clone.status().counts.inProgress > 0) throw new CradleError('BUSY', 'A clone is still running. Stop it and wait for the devices in progress to finish first.');
      const backupPath = await completeSwap(await services.locateBackup(backupId));
      clone?.dispose();
      clone = new CloneRun(services, { ...request, backupPath });
      // Offered again next time; never the password.
      const { namePattern, concurrency, watch, options } = request;
      await services.settings.update({ lastClone: { backupId, ...(namePattern ? { namePattern } : {}), concurrency, watch, options } });
      return clone.status();
    },
    'clone:stop': async () => {
      clone?.stop();
      return clone?.status() ?? null;
    },
    'clone:retry': async ({ udid }) => {
      current().retry(udid);
      return current().status();
    },
    'clone:status': async () => clone?.status() ?? null,
    'clone:exportReport': async ({ format }) => {
      const run = current();
      if (!services.host.chooseFolder) throw new CradleError('VALIDATION', 'Saving the report needs the desktop app. From a terminal use `cradle clone --report <file>`.');
      const folder = await services.host.chooseFolder('Save the clone report to');
      if (!folder) return undefined;
      return { path: await saveNewFile(folder, `Clone report ${run.status().startedAt.slice(0, 19).replace(/:/g, '-')}.${format}`, fleetReport(run.report(), format)) };
    },
  };
}
