/**
 * DeviceLink's file error codes (errno as the device understands it).
 */

/** The DL code for a file system error. */
export function dlErrorCode(error: unknown): number {
  switch ((error as NodeJS.ErrnoException)?.code) {
    case 'ENOENT':
      return -6;
    case 'EEXIST':
      return -7;
    case 'ENOTDIR':
      return -8;
    case 'EISDIR':
      return -9;
    case 'ELOOP':
      return -10;
    case 'EIO':
      return -11;
    case 'ENOSPC':
    case 'EDQUOT':
      return -15;
    default:
      return -1;
  }
}

/** The multi-status code: several files failed, details in the payload. */
export const MULTI_STATUS = -13;
