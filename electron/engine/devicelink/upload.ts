/**
 * Files the device sends to the host (DLMessageUploadFiles): `{devicePath backupPath frame*}*` then u32 0.
 * Each file is created exclusively under its name; where something already is (possibly a hard link shared
 * with the previous backup), it goes to a temporary name renamed over it when complete, so an existing file
 * is never written in place. Small files are held in memory and written with synchronous calls (open,
 * writev, close: a few microseconds each, where a thread-pool round trip per call would cost more); large
 * files stream to disk asynchronously, their finishing overlapping the next files, with a bound on how many
 * are in flight.
 */
import { closeSync, openSync, renameSync, rmSync, writevSync } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
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
/** Files up to this size are kept in memory until complete; larger ones are streamed to disk. */
const SMALL_FILE = 512 * 1024;
/** Streamed files are written in batches of about this size. */
const WRITE_BATCH = 4 * 1024 * 1024;
/** At most this many files are being finished at once (bounds memory to about IN_FLIGHT × SMALL_FILE). */
const IN_FLIGHT = 32;
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

/** Finishing work running in the background, with a bound and the first failure kept. */
class InFlight {
  private readonly pending = new Set<Promise<void>>();
  private failure: unknown;

  add(work: Promise<void>): void {
    const tracked = work.then(
      () => void this.pending.delete(tracked),
      (error: unknown) => {
        this.failure ??= error;
        this.pending.delete(tracked);
      },
    );
    this.pending.add(tracked);
  }

  /** Waits until there is room (or everything is done with `all`); rethrows the first failure. */
  async settle(all = false): Promise<void> {
    while (this.pending.size >= (all ? 1 : IN_FLIGHT)) await Promise.race(this.pending);
    if (this.failure !== undefined) throw diskError(this.failure);
  }
}

/** Receives one upload batch into confined paths. */
export async function receiveUploads(
  link: DeviceLink,
  confine: PathConfinement,
  progress: UploadProgress,
  signal?: AbortSignal,
  idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS,
): Promise<UploadResult> {
  const reader = link.reader;
  const result: UploadResult = { files: 0, bytes: 0, errors: {} };
  const inFlight = new InFlight();
  try {
    for (;;) {
      await inFlight.settle();
      const deviceName = await readName(link, idleTimeoutMs);
      if (deviceName === undefined) break;
      const backupName = await readName(link, idleTimeoutMs);
      if (backupName === undefined) throw new CradleError('PROTOCOL', 'The device sent a file without a backup path.');
      if (signal?.aborted) throw new CradleError('CANCELLED', 'Cancelled.');
      const target = confine.resolveForCreate(backupName);
      const file = new IncomingFile(confine, target);
      try {
        for (;;) {
          const frameLength = await reader.readUInt32BE(idleTimeoutMs);
          if (frameLength === 0) throw new CradleError('PROTOCOL', 'The device sent an empty file frame.');
          const code = (await reader.read(1, idleTimeoutMs))[0];
          let remaining = frameLength - 1;
          if (code === CODE_DATA) {
            while (remaining > 0) {
              // Checked per piece too: one file can be endless, or trickled just under the idle timeout.
              if (signal?.aborted) throw new CradleError('CANCELLED', 'Cancelled.');
              const piece = await reader.readSome(remaining, idleTimeoutMs);
              remaining -= piece.length;
              result.bytes += piece.length;
              progress.onBytes(piece.length);
              await file.append(piece);
            }
          } else if (code === CODE_END) {
            await skip(link, remaining, idleTimeoutMs);
            if (file.streaming) inFlight.add(file.finish().then(() => progress.onFile(backupName)));
            else {
              file.finishSmall();
              progress.onFile(backupName);
            }
            result.files += 1;
            break;
          } else if (code === CODE_ERROR || code === CODE_REMOTE_ERROR) {
            const text = (await reader.read(Math.min(remaining, MAX_ERROR_TEXT), idleTimeoutMs)).toString('utf8');
            await skip(link, remaining - Math.min(remaining, MAX_ERROR_TEXT), idleTimeoutMs);
            if (Object.keys(result.errors).length < MAX_ERRORS || backupName in result.errors) {
              result.errors[backupName] = { DLFileErrorCode: -1, DLFileErrorString: text || 'The device could not read the file.' };
            }
            await file.abandon();
            break;
          } else {
            throw new CradleError('PROTOCOL', 'The device sent a file frame Cradle does not know.', { code });
          }
        }
      } catch (error) {
        await file.abandon();
        throw error;
      }
    }
    await inFlight.settle(true);
    return result;
  } catch (error) {
    await inFlight.settle(true).catch(() => undefined);
    throw diskError(error);
  }
}

/**
 * One file being received: in memory while small, streamed to disk once large. It is created under its
 * final name when nothing is there (exclusive create: never through a planted link, never into an existing
 * file); when something is (a hard link shared with the previous backup, a file sent twice), it goes to
 * `<target>.cradle-part` and is renamed over it when complete, so an existing file is never written in place.
 * A file cut off midway is removed; staging is discarded anyway when the backup fails.
 */
class IncomingFile {
  private chunks: Buffer[] = [];
  private size = 0;
  private handle: FileHandle | undefined;
  /** Where the data goes: the target itself, or the partial file renamed over it at the end. */
  private writtenTo: string | undefined;
  /** The batch being written while the next one arrives (one in flight: double buffering). */
  private writing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly confine: PathConfinement,
    private readonly target: string,
  ) {}

  /** Whether the file is large enough to be streamed to disk (and finished asynchronously). */
  get streaming(): boolean {
    return this.handle !== undefined;
  }

  async append(piece: Buffer): Promise<void> {
    this.chunks.push(piece);
    this.size += piece.length;
    if (this.handle === undefined && this.size <= SMALL_FILE) return;
    this.handle ??= await this.create();
    if (this.size >= WRITE_BATCH) await this.flush();
  }

  /**
   * Writes a small file held in memory with synchronous calls (exclusive open, writev, close: microseconds
   * each, where a thread-pool round trip per call costs more CPU than the call itself).
   */
  finishSmall(): void {
    this.confine.ensureFolder(dirname(this.target));
    let fd: number;
    try {
      fd = openSync(this.target, EXCLUSIVE_CREATE);
      this.writtenTo = this.target;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      this.writtenTo = `${this.target}.cradle-part`;
      rmSync(this.writtenTo, { force: true });
      fd = openSync(this.writtenTo, EXCLUSIVE_CREATE);
    }
    try {
      // A regular file takes less than asked only when the disk is full.
      if (this.chunks.length && writevSync(fd, this.chunks) < this.size) throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
    } catch (error) {
      closeSync(fd);
      rmSync(this.writtenTo, { force: true });
      throw error;
    }
    closeSync(fd);
    this.chunks = [];
    if (this.writtenTo !== this.target) renameSync(this.writtenTo, this.target);
  }

  /** Writes what remains of a streamed file and puts it in place. */
  async finish(): Promise<void> {
    try {
      await this.flush();
      await this.writing;
    } catch (error) {
      // A failed write (a full disk) must not leave the file open until garbage collection.
      await this.abandon();
      throw error;
    }
    await this.close();
  }

  /** Drops a file that failed or was cut off. */
  async abandon(): Promise<void> {
    await this.writing.catch(() => undefined);
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
    this.chunks = [];
    if (this.writtenTo !== undefined) await rm(this.writtenTo, { force: true });
  }

  private async close(): Promise<void> {
    await this.handle!.close();
    this.handle = undefined;
    if (this.writtenTo !== this.target) await rename(this.writtenTo!, this.target);
  }

  /** Starts writing the buffered batch once the previous one is on disk; receiving goes on meanwhile. */
  private async flush(): Promise<void> {
    const batch = this.chunks;
    this.chunks = [];
    this.size = 0;
    await this.writing;
    if (!batch.length) return;
    const write = this.handle!.writev(batch);
    // Observed at once: a write failing (ENOSPC) while the next batch arrives is reported by the next flush,
    // finish or abandon, never left as an unhandled rejection (which ends the process).
    write.catch(() => undefined);
    this.writing = write;
  }

  /** Creates the target exclusively, or else a fresh partial file (a stale one is removed first). */
  private async create(): Promise<FileHandle> {
    this.confine.ensureFolder(dirname(this.target));
    try {
      const handle = await open(this.target, EXCLUSIVE_CREATE);
      this.writtenTo = this.target;
      return handle;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const partial = `${this.target}.cradle-part`;
    await rm(partial, { force: true });
    const handle = await open(partial, EXCLUSIVE_CREATE);
    this.writtenTo = partial;
    return handle;
  }
}

/** Reads a u32-length name; undefined for the zero that ends the batch. */
async function readName(link: DeviceLink, timeoutMs: number): Promise<string | undefined> {
  const length = await link.reader.readUInt32BE(timeoutMs);
  if (length === 0) return undefined;
  if (length > MAX_NAME) throw new CradleError('PROTOCOL', 'The device sent a file name longer than any real one.', { length });
  return (await link.reader.read(length, timeoutMs)).toString('utf8');
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
