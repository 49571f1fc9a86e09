/**
 * Backup channels: start a backup, read and change backup encryption. The CLI starts backups through
 * the same function with its own folder.
 */
import type { BackupResult } from '../../../shared/backup.ts';
import { CradleError } from '../../../shared/errors.ts';
import { backupPasswordKey } from '../settings/secret-store.ts';
import { runBackup } from '../backup/backup.ts';
import { changeBackupPassword, readEncryptionStatus, type PasswordChange } from '../backup/encryption.ts';
import type { EngineServices, HandlerTable } from './handlers.ts';

/** Starts a backup job on a device; the device list shows it busy until it ends. */
export async function startBackup(
  { usbmux, devices, jobs, settings }: EngineServices,
  udid: string,
  options: { folder: string; full?: boolean; keepVersions?: number },
): Promise<{ jobId: string; result: Promise<BackupResult> }> {
  const device = await devices.find(udid);
  const keepVersions = options.keepVersions ?? settings.get().keepVersions;
  const started = jobs.start('backup', udid, (job) => runBackup({ usbmux, device, folder: options.folder, full: options.full, keepVersions }, job));
  devices.publish();
  started.result.then(
    () => devices.publish(),
    () => devices.publish(),
  );
  return started;
}

/** A password change as the interface asks for it: the current password may come from the keychain. */
export type PasswordChangeRequest =
  | { action: 'on'; newPassword: string; remember?: boolean }
  | { action: 'off'; oldPassword?: string }
  | { action: 'change'; oldPassword?: string; newPassword: string; remember?: boolean };

/**
 * Starts a password change job. The current password, when not given, is the remembered one; once the
 * device accepted the change, the remembered password follows it (or is forgotten when asked or turned off).
 */
export async function startPasswordChange({ usbmux, devices, jobs, secrets }: EngineServices, udid: string, request: PasswordChangeRequest) {
  const device = await devices.find(udid);
  const key = backupPasswordKey(udid);
  let change: PasswordChange;
  if (request.action === 'on') change = request;
  else {
    const oldPassword = request.oldPassword ?? secrets.get(key);
    if (!oldPassword) throw new CradleError('VALIDATION', 'Enter the current backup password.');
    change = request.action === 'off' ? { action: 'off', oldPassword } : { action: 'change', oldPassword, newPassword: request.newPassword };
  }
  return jobs.start('encryption', udid, async (job) => {
    const status = await changeBackupPassword(usbmux, device, change, job);
    const remember = 'remember' in request ? request.remember : undefined;
    if (change.action === 'off' || remember === false) await secrets.delete(key);
    else if (remember === true || (remember === undefined && secrets.has(key))) await secrets.set(key, change.newPassword);
    return { ...status, remembered: secrets.has(key) };
  });
}

/** Handlers of the backup channels. */
export function backupHandlers(
  services: EngineServices,
): Pick<HandlerTable, 'backup:start' | 'encryption:status' | 'encryption:change' | 'encryption:forgetPassword'> {
  return {
    'backup:start': async ({ udid, full }) => ({ jobId: (await startBackup(services, udid, { folder: services.backupFolder(), full })).jobId }),
    'encryption:status': async ({ udid }) => ({
      ...(await readEncryptionStatus(services.usbmux, await services.devices.find(udid))),
      remembered: services.secrets.has(backupPasswordKey(udid)),
    }),
    'encryption:change': async ({ udid, ...change }) => ({ jobId: (await startPasswordChange(services, udid, change)).jobId }),
    'encryption:forgetPassword': async ({ udid }) => services.secrets.delete(backupPasswordKey(udid)),
  };
}
