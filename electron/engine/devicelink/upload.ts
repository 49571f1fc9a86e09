/**
 * Files the device sends to the host (DLMessageUploadFiles): `{devicePath backupPath frame*}*` then u32 0.
 * Each file is streamed to a temporary name and renamed into place when complete, so an existing file
 * (possibly a hard link shared with the previous backup) is never written in place.
 */
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CradleError } from '../../../shared/errors.ts';
import type { PathConfinement } from './confine.ts';
import { dlErrorCode } from './file-errors.ts';
import type { DeviceLink } from './link.ts';

const CODE_DATA = 0x0c;
const CODE_END = 0x00;
const CODE_ERROR = 0x06;
const CODE_REMOTE_ERROR = 0x0b;
const MAX_NAME = 4096;
const MAX_ERROR_TEXT = 64 * 1024;
/** Writes go to disk in batches of about this size. */
const WRITE_BATCH = 1024 * 1024;
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
  for (;;) {
    const deviceName = await readName(link, idleTimeoutMs);
    if (deviceName === undefined) return result;
    const backupName = await readName(link, idleTimeoutMs);
    if (backupName === undefined) throw new CradleError('PROTOCOL', 'The device sent a file without a backup path.');
    if (signal?.aborted) throw new CradleError('CANCELLED', 'The backup was cancelled.');
    const target = await confine.resolve(backupName);
    await mkdir(dirname(target), { recursive: true });
    const partial = `${target}.cradle-part`;
    await rm(partial, { force: true });
    let handle: FileHandle | undefined = await open(partial, 'wx');
    try {
      let batch: Buffer[] = [];
      let batched = 0;
      const flush = async () => {
        if (batched === 0) return;
        await handle!.writev(batch);
        batch = [];
        batched = 0;
      };
      for (;;) {
        const frameLength = await reader.readUInt32BE(idleTimeoutMs);
        if (frameLength === 0) throw new CradleError('PROTOCOL', 'The device sent an empty file frame.');
        const code = (await reader.read(1, idleTimeoutMs))[0];
        let remaining = frameLength - 1;
        if (code === CODE_DATA) {
          while (remaining > 0) {
            const piece = await reader.readSome(remaining, idleTimeoutMs);
            remaining -= piece.length;
            batch.push(piece);
            batched += piece.length;
            result.bytes += piece.length;
            progress.onBytes(piece.length);
            if (batched >= WRITE_BATCH) await flush();
          }
        } else if (code === CODE_END) {
          await skip(link, remaining, idleTimeoutMs);
          await flush();
          await handle.close();
          handle = undefined;
          await rename(partial, target);
          result.files += 1;
          progress.onFile(backupName);
          break;
        } else if (code === CODE_ERROR || code === CODE_REMOTE_ERROR) {
          const text = (await reader.read(Math.min(remaining, MAX_ERROR_TEXT), idleTimeoutMs)).toString('utf8');
          await skip(link, remaining - Math.min(remaining, MAX_ERROR_TEXT), idleTimeoutMs);
          result.errors[backupName] = { DLFileErrorCode: -1, DLFileErrorString: text || 'The device could not read the file.' };
          await handle.close();
          handle = undefined;
          await rm(partial, { force: true });
          break;
        } else {
          throw new CradleError('PROTOCOL', 'The device sent a file frame Cradle does not know.', { code });
        }
      }
    } catch (error) {
      await handle?.close().catch(() => undefined);
      await rm(partial, { force: true });
      throw diskError(error);
    }
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

/** File system errors while writing the backup, in words. */
export function diskError(error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new CradleError('DISK_FULL', 'The disk with the backup folder is full. Free some space and back up again; your previous backup is untouched.');
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new CradleError('PERMISSION_DENIED', 'Cradle cannot write to the backup folder. Check its permissions or choose another folder.', code);
  }
  if (code && dlErrorCode(error) !== 0 && !(error instanceof CradleError)) {
    return new CradleError('INTERNAL', 'Writing the backup failed.', (error as Error).message);
  }
  return error;
}
