/**
 * MBErrorDomain codes the virtual device answers with (PROTOCOLS.md §3), and the error that carries one
 * to the final `Response`.
 */

/** Result codes of mobilebackup2 requests. */
export const MBErrorCode = {
  /** No protocol version in common (Hello). */
  NoCommonVersion: 1,
  /** The request or option is not supported by this device *(modelled)*. */
  NotSupported: 4,
  /** An operation failed for another reason (a host command failed…) *(modelled)*. */
  Failed: 100,
  /** The backup on the host is incomplete or unreadable *(modelled)*. */
  BadBackup: 101,
  /** Not enough free space on the host. */
  DiskSpace: 105,
  /** Several files of a restore were missing or unreadable. */
  MultipleFileErrors: 205,
  /** Wrong backup password. */
  WrongPassword: 207,
  /** The device is locked (passcode not entered in time). */
  Locked: 208,
  /** Find My must be turned off before a restore. */
  FindMyOn: 211,
  /** "Force encrypted backups" is in force and encryption is off *(modelled, PROTOCOLS.md §2)*. */
  EncryptionRequired: 213,
} as const;

/** A failed request: becomes `Response {ErrorCode, ErrorDescription}`. */
export class MBError extends Error {
  override readonly name = 'MBError';
  constructor(readonly code: number, description: string) {
    super(description);
  }
}
