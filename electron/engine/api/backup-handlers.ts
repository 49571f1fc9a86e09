/**
 * Backup channels: start a backup, read and change backup encryption. The CLI starts backups through
 * the same function with its own folder.
 */
import type { BackupResult } from '../../../shared/backup.ts';
import { runBackup } from '../backup/backup.ts';
import { changeBackupPassword, readEncryptionStatus, type PasswordChange } from '../backup/encryption.ts';
import type { EngineServices, HandlerTable } from './handlers.ts';

/** Starts a backup job on a device; the device list shows it busy until it ends. */
export async function startBackup(
  { usbmux, devices, jobs }: EngineServices,
  udid: string,
  options: { folder: string; full?: boolean },
): Promise<{ jobId: string; result: Promise<BackupResult> }> {
  const device = await devices.find(udid);
  const started = jobs.start('backup', udid, (job) => runBackup({ usbmux, device, folder: options.folder, full: options.full }, job));
  devices.publish();
  started.result.then(
    () => devices.publish(),
    () => devices.publish(),
  );
  return started;
}

/** Starts a password change job. */
export async function startPasswordChange({ usbmux, devices, jobs }: EngineServices, udid: string, change: PasswordChange) {
  const device = await devices.find(udid);
  return jobs.start('encryption', udid, (job) => changeBackupPassword(usbmux, device, change, job));
}

/** Handlers of the backup channels. */
export function backupHandlers(services: EngineServices): Pick<HandlerTable, 'backup:start' | 'encryption:status' | 'encryption:change'> {
  return {
    'backup:start': async ({ udid, full }) => ({ jobId: (await startBackup(services, udid, { folder: services.backupFolder(), full })).jobId }),
    'encryption:status': async ({ udid }) => readEncryptionStatus(services.usbmux, await services.devices.find(udid)),
    'encryption:change': async ({ udid, ...change }) => ({ jobId: (await startPasswordChange(services, udid, change)).jobId }),
  };
}
