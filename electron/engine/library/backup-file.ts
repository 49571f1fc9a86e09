/**
 * Every read of a file that comes from a backup folder or a library location goes through here, whatever is
 * in its place: only a regular file is read. A FIFO (opening it would wait for a writer for ever, holding a
 * thread of the pool or the main thread), a device (/dev/zero never ends), a socket or a symbolic link is
 * refused without reading. The file is opened non-blocking and without following a link, then checked with
 * fstat (what was opened, not what the path named a moment before), and at most `maxBytes` are read, counted
 * as they arrive: a size from stat can be wrong (a file that grows, a file system that reports 0).
 */
import { constants, fstatSync, openSync, closeSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { CradleError } from '../../../shared/errors.ts';
import { decodePlist } from '../plist/codec.ts';

/** The most a backup's own plist (Info, Status, Manifest) is read: real ones are far smaller. */
export const MAX_PLIST_BYTES = 64 * 1024 * 1024;

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
/** The first buffer when stat says the file is empty (some file systems do). */
const MIN_BUFFER = 64 * 1024;

/**
 * The bytes of the regular file at `path` (`what` names it in errors).
 * @throws the file system's own error when it is missing (ENOENT), so callers keep their meaning of "absent";
 *   CradleError BACKUP_CORRUPT when something else is in its place or it holds more than `maxBytes`.
 */
export async function readBackupFile(path: string, what: string, maxBytes: number, tooLarge = 'than a real one can be'): Promise<Buffer> {
  const handle = await open(path, OPEN_FLAGS).catch((error: unknown) => {
    throw refusedLink(error, what);
  });
  try {
    const info = await handle.stat();
    checkRegular(info, what);
    // One buffer of the size stat gives (plus a byte to notice more), grown only when the file has more.
    let buffer = Buffer.allocUnsafe(Math.min(info.size > 0 ? info.size : MIN_BUFFER, maxBytes) + 1);
    let total = 0;
    for (;;) {
      if (total === buffer.length) {
        if (total > maxBytes) throw new CradleError('BACKUP_CORRUPT', `${what} is larger ${tooLarge} (over ${maxBytes} bytes).`);
        const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxBytes + 1));
        buffer.copy(grown, 0, 0, total);
        buffer = grown;
      }
      const { bytesRead } = await handle.read(buffer, total, buffer.length - total, null);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    return buffer.subarray(0, total);
  } finally {
    await handle.close();
  }
}

/** The decoded plist `name` (Info, Status, Manifest) of the backup in `folder`. @throws as {@link readBackupFile} and decodePlist. */
export async function readBackupPlist(folder: string, name: string): Promise<unknown> {
  return decodePlist(await readBackupFile(join(folder, name), name, MAX_PLIST_BYTES), name);
}

/**
 * A descriptor of the regular file at `path`, for streaming or synchronous reads; the caller closes it.
 * @throws as {@link readBackupFile}.
 */
export function openBackupFileSync(path: string, what: string): number {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    throw refusedLink(error, what);
  }
  try {
    checkRegular(fstatSync(fd), what);
    return fd;
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

function checkRegular(info: Stats, what: string): void {
  if (info.isFile()) return;
  const kind = info.isFIFO() ? 'a named pipe' : info.isCharacterDevice() || info.isBlockDevice() ? 'a device' : info.isSocket() ? 'a socket' : info.isDirectory() ? 'a folder' : 'not a file';
  throw new CradleError('BACKUP_CORRUPT', `${what} is ${kind}, not a regular file; Cradle does not read it.`);
}

/** A link where a file should be (O_NOFOLLOW fails with ELOOP) is refused; other errors pass unchanged. */
function refusedLink(error: unknown, what: string): unknown {
  if ((error as NodeJS.ErrnoException).code === 'ELOOP') return new CradleError('BACKUP_CORRUPT', `${what} is a link; Cradle does not follow links in a backup folder.`);
  return error;
}
