/**
 * Files the host sends to the device (DLMessageDownloadFiles): per file `u32 len + path`, data frames of
 * at most 32 KiB (larger ones crash the real device's BackupAgent), an end frame; a missing file gets an
 * error frame; u32 0 ends the batch. Symlinks are never followed.
 */
import { closeSync, constants, fstatSync, openSync, read, readSync } from 'node:fs';
import { CradleError } from '../../../shared/errors.ts';
import type { PathConfinement } from './confine.ts';
import { dlErrorCode } from './file-errors.ts';
import type { DeviceLink } from './link.ts';

const CHUNK = 32 * 1024;
/** Bytes read from disk at once (then cut into frames). */
const BLOCK = 1024 * 1024;
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/** A file the host could not send, as the multi-status payload reports it. */
export type DownloadErrors = Record<string, { DLFileErrorCode: number; DLFileErrorString: string }>;

function u32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value, 0);
  return buffer;
}

/** Sends the requested files; returns the ones that could not be sent. */
export async function sendDownloads(
  link: DeviceLink,
  confine: PathConfinement,
  paths: unknown,
  progress: { onBytes(bytes: number): void; onFile(path: string): void },
  signal?: AbortSignal,
  stallMs?: number,
): Promise<DownloadErrors> {
  if (!Array.isArray(paths)) throw new CradleError('PROTOCOL', 'The device asked for files without a file list.');
  const errors: DownloadErrors = {};
  for (const devicePath of paths) {
    if (signal?.aborted) throw new CradleError('CANCELLED', 'Cancelled.');
    const target = await confine.resolve(devicePath);
    const name = Buffer.from(devicePath as string, 'utf8');
    await link.write(Buffer.concat([u32(name.length), name]), stallMs);
    let fd: number;
    try {
      fd = openSync(target, constants.O_RDONLY | NO_FOLLOW);
    } catch (error) {
      const failure = error as NodeJS.ErrnoException;
      const text = failure.code === 'ENOENT' ? 'No such file or directory' : failure.message;
      const message = Buffer.from(text, 'utf8');
      await link.write(Buffer.concat([u32(message.length + 1), Buffer.from([0x06]), message]), stallMs);
      errors[devicePath as string] = { DLFileErrorCode: dlErrorCode(failure), DLFileErrorString: text };
      continue;
    }
    try {
      await sendFile(link, fd, progress.onBytes, stallMs);
      progress.onFile(devicePath as string);
    } finally {
      closeSync(fd);
    }
  }
  await link.write(u32(0), stallMs);
  return errors;
}

/**
 * Streams one open file as data frames of at most 32 KiB, many frames per socket write: a small file goes
 * out in one synchronous read and one write; a large one in blocks read on the thread pool.
 */
async function sendFile(link: DeviceLink, fd: number, onBytes: (bytes: number) => void, stallMs?: number): Promise<void> {
  const size = fstatSync(fd).size;
  const block = Buffer.allocUnsafe(Math.min(Math.max(size, 1), BLOCK));
  for (;;) {
    const bytesRead = size <= BLOCK ? readSync(fd, block, 0, block.length, null) : await readAsync(fd, block);
    if (bytesRead === 0) break;
    await link.write(framed(block.subarray(0, bytesRead)), stallMs);
    onBytes(bytesRead);
    if (size <= BLOCK && bytesRead < block.length) break;
  }
  await link.write(Buffer.concat([u32(1), Buffer.from([0x00])]), stallMs);
}

/** Data frames (u32 length + 1, code 0x0C, ≤ 32 KiB payload) for a block, in one buffer. */
function framed(data: Buffer): Buffer {
  const frames = Math.ceil(data.length / CHUNK);
  const out = Buffer.allocUnsafe(data.length + frames * 5);
  let at = 0;
  for (let offset = 0; offset < data.length; offset += CHUNK) {
    const part = data.subarray(offset, offset + CHUNK);
    out.writeUInt32BE(part.length + 1, at);
    out[at + 4] = 0x0c;
    part.copy(out, at + 5);
    at += 5 + part.length;
  }
  return out;
}

function readAsync(fd: number, into: Buffer): Promise<number> {
  return new Promise((resolve, reject) => read(fd, into, 0, into.length, null, (error, bytesRead) => (error ? reject(error) : resolve(bytesRead))));
}
