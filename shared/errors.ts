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
  'FILE_SYSTEM',
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
  const fileSystem = fileSystemPayload(error);
  if (fileSystem) return fileSystem;
  const detail = error instanceof Error ? error.message : String(error);
  return {
    code: 'INTERNAL',
    message: 'Something went wrong inside Cradle. Try again; if it keeps happening, report it with the details.',
    details: detail,
  };
}

/** What a file-system error means, in words, and its code. */
const FILE_SYSTEM_ERRORS: Record<string, [ErrorCode, string]> = {
  ENOSPC: ['DISK_FULL', 'The disk is full. Free some space and try again.'],
  EDQUOT: ['DISK_FULL', 'Your share of the disk is used up. Free some space and try again.'],
  EACCES: ['PERMISSION_DENIED', 'Cradle is not allowed to use this file or folder. Check its permissions, or choose another one.'],
  EPERM: ['PERMISSION_DENIED', 'Cradle is not allowed to change this file or folder. Check its permissions, or choose another one.'],
  EROFS: ['PERMISSION_DENIED', 'The disk is read-only. Choose a folder on a disk you can write.'],
  ENOTDIR: ['FILE_SYSTEM', 'A part of the path is a file, not a folder. Check the path.'],
  EISDIR: ['FILE_SYSTEM', 'A folder is where a file was expected. Check the path.'],
  ENOENT: ['FILE_SYSTEM', 'The file or folder does not exist. Check the path.'],
  ENAMETOOLONG: ['FILE_SYSTEM', 'The name is longer than the file system allows. Choose a shorter name or folder.'],
  ELOOP: ['FILE_SYSTEM', 'The path goes through links in a loop, or through a link Cradle does not follow.'],
  EEXIST: ['FILE_SYSTEM', 'A file or folder of that name is already there.'],
  ENOTEMPTY: ['FILE_SYSTEM', 'The folder is not empty.'],
  EBUSY: ['FILE_SYSTEM', 'Another program is using the file or folder. Close it and try again.'],
  EIO: ['FILE_SYSTEM', 'The disk reported a read or write error. Check the disk (and its cable) and try again.'],
  EMFILE: ['FILE_SYSTEM', 'Too many files are open at once. Close other programs and try again.'],
  ENFILE: ['FILE_SYSTEM', 'Too many files are open at once. Close other programs and try again.'],
  EXDEV: ['FILE_SYSTEM', 'The file cannot be moved between these two disks.'],
};

/** A file-system error (an errno code) in words, naming the path; undefined for anything else. */
function fileSystemPayload(error: unknown): ErrorPayload | undefined {
  const { code, path, dest } = (error ?? {}) as { code?: unknown; path?: unknown; dest?: unknown };
  const known = typeof code === 'string' ? FILE_SYSTEM_ERRORS[code] : undefined;
  if (!known) return undefined;
  const paths = [path, dest].filter((value): value is string => typeof value === 'string');
  return { code: known[0], message: `${known[1]}${paths.length ? ` (${paths.join(' → ')})` : ''}`, details: `${code}: ${(error as Error).message}` };
}

/** Marks a switch as exhaustive: the compiler fails when a case is missing. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
