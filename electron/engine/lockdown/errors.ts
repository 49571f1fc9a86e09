/**
 * lockdownd's error strings mapped to Cradle errors with words that say what to do.
 */
import { CradleError } from '../../../shared/errors.ts';

/** Turns a lockdownd `Error` into a CradleError. */
export function lockdownError(error: string, request: string): CradleError {
  const details = { lockdownError: error, request };
  switch (error) {
    case 'InvalidHostID':
    case 'SessionInactive':
    case 'InvalidPairRecord':
      return new CradleError('NOT_PAIRED', 'This computer is no longer trusted by the device. Pair it again and tap Trust on the device.', details);
    case 'PasswordProtected':
      return new CradleError('DEVICE_LOCKED', 'The device is locked. Unlock it with its passcode, then try again.', details);
    case 'PairingDialogResponsePending':
      return new CradleError('PAIRING_PENDING', 'Tap Trust on the device, then enter its passcode.', details);
    case 'UserDeniedPairing':
      return new CradleError('PAIRING_DENIED', 'Trust was declined on the device. Unplug and reconnect it, then tap Trust.', details);
    case 'MCChallengeRequired':
      return new CradleError('PAIRING_DENIED', 'This supervised device only trusts its supervising computer. Pair it from there or change its supervision settings.', details);
    default:
      return new CradleError('PROTOCOL', `The device refused ${request}.`, details);
  }
}
