/**
 * "Encrypt local backup": status, turn on (set a password), turn off, change the password, through
 * mobilebackup2's ChangePassword. The device may ask for its passcode; that is shown as a job prompt.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EncryptionStatus } from '../../../shared/backup.ts';
import { CradleError } from '../../../shared/errors.ts';
import { PathConfinement } from '../devicelink/confine.ts';
import { runLinkSession } from '../devicelink/session.ts';
import type { JobContext } from '../jobs/job-manager.ts';
import { withLockdownSession } from '../lockdown/session.ts';
import type { UsbmuxClient, UsbmuxDevice } from '../usbmux/client.ts';
import { openBackupConnection } from './connection.ts';
import { backupDeviceError } from './device-errors.ts';
import { SYNC_NOTIFICATIONS } from './sync-lock.ts';

/** What to change: on = new only, off = old only, change = both. */
export type PasswordChange = { action: 'on'; newPassword: string } | { action: 'off'; oldPassword: string } | { action: 'change'; oldPassword: string; newPassword: string };

/** Reads the encryption status. */
export function readEncryptionStatus(usbmux: UsbmuxClient, device: UsbmuxDevice): Promise<EncryptionStatus> {
  return withLockdownSession(usbmux, device, async ({ lockdown }) => {
    const backup = ((await lockdown.getValue('com.apple.mobile.backup')) ?? {}) as Record<string, unknown>;
    return { encrypted: backup.WillEncrypt === true, required: backup.RequiresEncrypt === true };
  });
}

/** Turns encryption on or off, or changes the password, as a job. */
export async function changeBackupPassword(usbmux: UsbmuxClient, device: UsbmuxDevice, change: PasswordChange, job: JobContext): Promise<EncryptionStatus> {
  job.phase('connecting');
  const connection = await openBackupConnection(usbmux, device, {
    check: (_values, backup) => {
      const encrypted = backup.WillEncrypt === true;
      if (change.action === 'on' && encrypted) throw new CradleError('VALIDATION', 'Backup encryption is already on. To set another password, change it instead.');
      if (change.action !== 'on' && !encrypted) throw new CradleError('VALIDATION', 'Backup encryption is off; there is no password to change or remove.');
      if (change.action === 'off' && backup.RequiresEncrypt === true) {
        throw new CradleError('ENCRYPTION_REQUIRED', 'A profile on this device requires encrypted backups, so encryption cannot be turned off.');
      }
    },
  });
  const scratch = await mkdtemp(join(tmpdir(), 'cradle-password-'));
  const abort = () => void connection.close();
  job.signal.addEventListener('abort', abort, { once: true });
  connection.np.onNotification((name) => {
    if (name === SYNC_NOTIFICATIONS.passcodeShown) job.prompt('passcode', 'Enter the passcode on the device to change backup encryption.');
  });
  try {
    await connection.np.observe(SYNC_NOTIFICATIONS.passcodeShown);
    job.phase('changing password');
    await connection.link.sendProcessMessage({
      MessageName: 'ChangePassword',
      TargetIdentifier: device.udid,
      ...('oldPassword' in change ? { OldPassword: change.oldPassword } : {}),
      ...('newPassword' in change ? { NewPassword: change.newPassword } : {}),
    });
    const final = await runLinkSession(connection.link, {
      confine: new PathConfinement(scratch, device.udid),
      spaceFolder: scratch,
      signal: job.signal,
      progress: { onBytes: () => {}, onFile: () => {}, onUploadBatch: () => {} },
    });
    if (final.errorCode !== 0) throw backupDeviceError(final.errorCode, final.errorDescription, 'change the password');
    return { encrypted: change.action !== 'off', required: connection.backupValues.RequiresEncrypt === true };
  } catch (error) {
    if (job.signal.aborted) throw new CradleError('CANCELLED', 'Cancelled; backup encryption is unchanged.');
    throw error;
  } finally {
    job.signal.removeEventListener('abort', abort);
    await connection.close();
    await rm(scratch, { recursive: true, force: true });
  }
}
