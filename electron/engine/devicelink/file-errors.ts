/**
 * DeviceLink's file error codes (errno as the device understands it), and a mkdir -p that reports the
 * real errno behind a failure.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

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

/**
 * Makes a folder and its missing parents, failing with the real reason. Node's recursive mkdir reports
 * ENOENT when a level cannot be made (a full disk, no inodes left, a read-only one): the person would be
 * told nothing useful. Then the levels are made one by one, which fails with the real errno. Synchronous:
 * a device asks for hundreds of folders one command at a time, and a thread-pool round trip costs more
 * than the mkdir.
 */
export function makeFolder(path: string): void {
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const levels: string[] = [];
    for (let level = path; dirname(level) !== level; level = dirname(level)) levels.unshift(level);
    for (const level of levels) {
      try {
        mkdirSync(level);
      } catch (failure) {
        if ((failure as NodeJS.ErrnoException).code !== 'EEXIST') throw failure;
      }
    }
  }
}
