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

/**
 * A connection lost mid-operation, in words that say what to do.
 * The low-level messages ("The device closed the connection.") are right but leave the person stuck; the
 * code stays, the original message goes to the details. Other errors pass through.
 */
export function connectionLostError(error: unknown, operation: 'backup' | 'restore'): unknown {
  if (!(error instanceof CradleError) || (error.code !== 'DEVICE_DISCONNECTED' && error.code !== 'USBMUXD_UNAVAILABLE')) return error;
  const what = error.code === 'USBMUXD_UNAVAILABLE' ? 'The connection to the device service (usbmuxd) was lost' : 'The device was disconnected';
  const next = operation === 'backup'
    ? 'Your previous backup is untouched. Reconnect the device, unlock it and back up again.'
    : 'The backup is untouched. Reconnect the device, wait until it has started up, and restore again.';
  return new CradleError(error.code, `${what} during the ${operation}. ${next}`, { cause: error.message, ...(error.details === undefined ? {} : { details: error.details }) });
}
