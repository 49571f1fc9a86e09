/**
 * Files the device sends to the host (DLMessageUploadFiles): `{devicePath backupPath frame*}*` then u32 0.
 * Each file is created exclusively under its name; where something already is (possibly a hard link shared
 * with the previous backup), it goes to a temporary name renamed over it when complete, so an existing file
 * is never written in place. Files are written with synchronous calls, as idevicebackup2 writes them: small
 * ones held in memory and written at their end (open, writev, close), large ones in pieces as they
 * arrive. A thread-pool round trip costs more than such a call, and writing in the background added thread
 * hand-offs whose CPU the device's side of the cable then lacked (docs/BENCHMARKS.md).
 */
import { closeSync, openSync, renameSync, rmSync, writevSync } from 'node:fs';
import { dirname } from 'node:path';
import { CradleError } from '../../../shared/errors.ts';
import type { PathConfinement } from './confine.ts';
import type { DeviceLink } from './link.ts';

const CODE_DATA = 0x0c;
const EXCLUSIVE_CREATE = 'wx';
const CODE_END = 0x00;
const CODE_ERROR = 0x06;
const CODE_REMOTE_ERROR = 0x0b;
const MAX_NAME = 4096;
/** Kept of a device's error text per file, and files with errors kept per batch: an endless stream of
 * error frames must not grow the batch's answer (and memory) without bound. */
const MAX_ERROR_TEXT = 4 * 1024;
const MAX_ERRORS = 1000;
/**
 * Files up to this size are kept in memory until complete; larger ones are written in pieces of about this
 * size as they arrive (one write per socket piece made three times the system calls, the frames being 32 KiB).
 */
const SMALL_FILE = 512 * 1024;
/** A device that stops sending in the middle of a file for this long is treated as gone. */
const DEFAULT_IDLE_TIMEOUT_MS = 120_000;

/** What an upload batch produced. */
export interface UploadResult {
  files: number;
  bytes: number;
  /** Files the device could not send, by backup path. */
  errors: Record<string, { DLFileErrorCode: number; DLFileErrorString: string }>;
}

/** Callbacks for progress. */
export interface UploadProgress {
  onBytes(bytes: number): void;
  onFile(backupPath: string): void;
}

/** Receives one upload batch into confined paths; every file is on disk when it returns. */
export async function receiveUploads(
  link: DeviceLink,
  confine: PathConfinement,
  progress: UploadProgress,
  signal?: AbortSignal,
  idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS,
): Promise<UploadResult> {
  const reader = link.reader;
  const result: UploadResult = { files: 0, bytes: 0, errors: {} };
  try {
    for (;;) {
      const deviceName = await readName(link, idleTimeoutMs);
      if (deviceName === undefined) break;
      const backupName = await readName(link, idleTimeoutMs);
      if (backupName === undefined) throw new CradleError('PROTOCOL', 'The device sent a file without a backup path.');
      if (signal?.aborted) throw new CradleError('CANCELLED', 'Cancelled.');
      const target = confine.resolveNoFollow(backupName);
      const file = new IncomingFile(confine, target);
      try {
        for (;;) {
          // Reads wait only when nothing is buffered yet (`try… ?? await …`): a wait per field of every file
          // cost more CPU than the rest of receiving it.
          const header = reader.tryRead(5) ?? (await reader.read(5, idleTimeoutMs));
          const frameLength = header.readUInt32BE(0);
          if (frameLength === 0) throw new CradleError('PROTOCOL', 'The device sent an empty file frame.');
          const code = header[4];
          let remaining = frameLength - 1;
          if (code === CODE_DATA) {
            while (remaining > 0) {
              // Checked per piece too: one file can be endless, or trickled just under the idle timeout.
              if (signal?.aborted) throw new CradleError('CANCELLED', 'Cancelled.');
              const piece = reader.trySome(remaining) ?? (await reader.readSome(remaining, idleTimeoutMs));
              remaining -= piece.length;
              result.bytes += piece.length;
              progress.onBytes(piece.length);
              file.append(piece);
            }
          } else if (code === CODE_END) {
            if (remaining > 0) await skip(link, remaining, idleTimeoutMs);
            file.finish();
            progress.onFile(backupName);
            result.files += 1;
            break;
          } else if (code === CODE_ERROR || code === CODE_REMOTE_ERROR) {
            const text = (await reader.read(Math.min(remaining, MAX_ERROR_TEXT), idleTimeoutMs)).toString('utf8');
            await skip(link, remaining - Math.min(remaining, MAX_ERROR_TEXT), idleTimeoutMs);
            if (Object.keys(result.errors).length < MAX_ERRORS || backupName in result.errors) {
              result.errors[backupName] = { DLFileErrorCode: -1, DLFileErrorString: text || 'The device could not read the file.' };
            }
            file.abandon();
            break;
          } else {
            throw new CradleError('PROTOCOL', 'The device sent a file frame Cradle does not know.', { code });
          }
        }
      } catch (error) {
        file.abandon();
        throw error;
      }
    }
    return result;
  } catch (error) {
    throw diskError(error);
  }
}

/**
 * One file being received: in memory while small, written in pieces of SMALL_FILE once large. It is created
 * under its final name when nothing is there (exclusive create: never through a planted link, never into an
 * existing file); when something is (a hard link shared with the previous backup, a file sent twice), it goes to
 * `<target>.cradle-part` and is renamed over it when complete, so an existing file is never written in place.
 * A file cut off midway is removed; staging is discarded anyway when the backup fails.
 */
class IncomingFile {
  private chunks: Buffer[] = [];
  private size = 0;
  private fd: number | undefined;
  /** Where the data goes: the target itself, or the partial file renamed over it at the end. */
  private writtenTo: string | undefined;

  constructor(
    private readonly confine: PathConfinement,
    private readonly target: string,
  ) {}

  append(piece: Buffer): void {
    this.chunks.push(piece);
    this.size += piece.length;
    if (this.size > SMALL_FILE) this.writeHeld();
  }

  /** The file is complete: writes what is held, closes it and puts it in place. */
  finish(): void {
    this.writeHeld();
    const fd = this.fd!;
    this.fd = undefined;
    closeSync(fd);
    if (this.writtenTo !== this.target) renameSync(this.writtenTo!, this.target);
  }

  /** Drops a file that failed or was cut off. */
  abandon(): void {
    this.chunks = [];
    const fd = this.fd;
    this.fd = undefined;
    try {
      if (fd !== undefined) closeSync(fd);
    } catch {
      // The file is dropped anyway; the error that ended it is the one to report.
    }
    if (this.writtenTo !== undefined) rmSync(this.writtenTo, { force: true });
  }

  /** Creates the file if it is not yet, and writes the pieces held so far in one call. */
  private writeHeld(): void {
    this.fd ??= this.create();
    const held = this.chunks;
    const size = this.size;
    this.chunks = [];
    this.size = 0;
    // A regular file takes less than asked only when the disk is full.
    if (held.length && writevSync(this.fd, held) < size) throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
  }

  /** Creates the target exclusively, or else a fresh partial file (a stale one is removed first). */
  private create(): number {
    this.confine.ensureFolder(dirname(this.target));
    try {
      const fd = openSync(this.target, EXCLUSIVE_CREATE);
      this.writtenTo = this.target;
      return fd;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const partial = `${this.target}.cradle-part`;
    rmSync(partial, { force: true });
    const fd = openSync(partial, EXCLUSIVE_CREATE);
    this.writtenTo = partial;
    return fd;
  }
}

/** Reads a u32-length name; undefined for the zero that ends the batch. */
async function readName(link: DeviceLink, timeoutMs: number): Promise<string | undefined> {
  const reader = link.reader;
  const length = (reader.tryRead(4) ?? (await reader.read(4, timeoutMs))).readUInt32BE(0);
  if (length === 0) return undefined;
  if (length > MAX_NAME) throw new CradleError('PROTOCOL', 'The device sent a file name longer than any real one.', { length });
  return (reader.tryRead(length) ?? (await reader.read(length, timeoutMs))).toString('utf8');
}

async function skip(link: DeviceLink, length: number, timeoutMs: number): Promise<void> {
  let remaining = length;
  while (remaining > 0) remaining -= (await link.reader.readSome(remaining, timeoutMs)).length;
}

/** File system errors while writing the backup, in words; other errors pass through. */
export function diskError(error: unknown): unknown {
  if (error instanceof CradleError) return error;
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new CradleError('DISK_FULL', 'The disk with the backup folder is full. Free some space and back up again; your previous backup is untouched.');
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new CradleError('PERMISSION_DENIED', 'Cradle cannot write to the backup folder. Check its permissions or choose another folder.', code);
  }
  return error;
}
