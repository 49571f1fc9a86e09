/**
 * mobilebackup2's final ErrorCodes (MBErrorDomain) mapped to Cradle errors that say what to do.
 */
import { CradleError } from '../../../shared/errors.ts';

/** The CradleError for a non-zero final ErrorCode. */
export function backupDeviceError(code: number, description: string | undefined, operation: 'backup' | 'restore' | 'change the password'): CradleError {
  const details = { deviceErrorCode: code, description };
  if (description && /encrypt/i.test(description) && /requir/i.test(description)) {
    return new CradleError('ENCRYPTION_REQUIRED', 'A profile on this device requires encrypted backups. Turn on "Encrypt local backup" and try again.', details);
  }
  switch (code) {
    case 105:
      return operation === 'restore'
        ? new CradleError('DISK_FULL', 'There is not enough free space on the device for this backup. Free space on it (or erase it) and try again.', details)
        : new CradleError('DISK_FULL', 'There is not enough free space for the backup on this computer. Free some space and try again.', details);
    case 207:
      return new CradleError('WRONG_PASSWORD', 'The backup password is wrong. Enter the password that was set when encryption was turned on.', details);
    case 208:
      return new CradleError('DEVICE_LOCKED', 'The device is locked or its passcode was not entered in time. Unlock it and try again.', details);
    case 211:
      return new CradleError('FIND_MY_ENABLED', 'Turn off Find My on the device (Settings > [your name] > Find My), then try again.', details);
    default:
      return new CradleError('PROTOCOL', `The device could not ${operation} (error ${code}${description ? `: ${description}` : ''}).`, details);
  }
}
