/**
 * Cradle's one error type: a code the program can switch on and a message a person can act on.
 * Nothing is thrown across IPC; errors travel as {@link ErrorPayload} inside a result envelope.
 */

/** Every error code Cradle reports. */
export const ERROR_CODES = [
  'DEVICE_NOT_FOUND',
  'DEVICE_DISCONNECTED',
  'NOT_PAIRED',
  'PAIRING_PENDING',
  'PAIRING_DENIED',
  'DEVICE_LOCKED',
  'WRONG_PASSWORD',
  'PASSWORD_REQUIRED',
  'ENCRYPTION_REQUIRED',
  'FIND_MY_ENABLED',
  'IOS_TOO_OLD',
  'SUPERVISION_MISMATCH',
  'DISK_FULL',
  'PERMISSION_DENIED',
  'BACKUP_NOT_FOUND',
  'BACKUP_INCOMPLETE',
  'BACKUP_CORRUPT',
  'PATH_ESCAPE',
  'CANCELLED',
  'BUSY',
  'USBMUXD_UNAVAILABLE',
  'PROTOCOL',
  'TIMEOUT',
  'VALIDATION',
  'FORBIDDEN',
  'UNKNOWN_CHANNEL',
  'INTERNAL',
] as const;

/** A Cradle error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The serialisable form of an error: what crosses IPC and what `--json` prints. */
export interface ErrorPayload {
  code: ErrorCode;
  /** What happened and what to do, in the person's words. */
  message: string;
  /** Technical detail for a "Details" disclosure (device codes, paths, validation issues). */
  details?: unknown;
}

/** An error with a code and a human message that says what to do. */
export class CradleError extends Error {
  override readonly name = 'CradleError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** The payload form, for IPC and JSON output. */
  toPayload(): ErrorPayload {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** Turns anything thrown into a payload; unknown errors become INTERNAL without leaking internals as the message. */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof CradleError) return error.toPayload();
  const detail = error instanceof Error ? error.message : String(error);
  return {
    code: 'INTERNAL',
    message: 'Something went wrong inside Cradle. Try again; if it keeps happening, report it with the details.',
    details: detail,
  };
}

/** Marks a switch as exhaustive: the compiler fails when a case is missing. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
