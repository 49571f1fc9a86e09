/**
 * Files the host sends to the device (DLMessageDownloadFiles): per file `u32 len + path`, data frames of
 * at most 32 KiB (larger ones crash the real device's BackupAgent), an end frame; a missing file gets an
 * error frame; u32 0 ends the batch. Symlinks are never followed.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { CradleError } from '../../../shared/errors.ts';
import type { PathConfinement } from './confine.ts';
import { dlErrorCode } from './file-errors.ts';
import type { DeviceLink } from './link.ts';

const CHUNK = 32 * 1024;
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
  onBytes: (bytes: number) => void,
  signal?: AbortSignal,
): Promise<DownloadErrors> {
  if (!Array.isArray(paths)) throw new CradleError('PROTOCOL', 'The device asked for files without a file list.');
  const errors: DownloadErrors = {};
  for (const devicePath of paths) {
    if (signal?.aborted) throw new CradleError('CANCELLED', 'Cancelled.');
    const target = await confine.resolve(devicePath);
    const name = Buffer.from(devicePath as string, 'utf8');
    await link.write(Buffer.concat([u32(name.length), name]));
    const handle = await open(target, constants.O_RDONLY | NO_FOLLOW).catch((error: unknown) => error as NodeJS.ErrnoException);
    if (!('read' in handle)) {
      const text = handle.code === 'ENOENT' ? 'No such file or directory' : handle.message;
      const message = Buffer.from(text, 'utf8');
      await link.write(Buffer.concat([u32(message.length + 1), Buffer.from([0x06]), message]));
      errors[devicePath as string] = { DLFileErrorCode: dlErrorCode(handle), DLFileErrorString: text };
      continue;
    }
    try {
      for (;;) {
        const frame = Buffer.allocUnsafe(5 + CHUNK);
        const { bytesRead } = await handle.read(frame, 5, CHUNK, null);
        if (bytesRead === 0) break;
        frame.writeUInt32BE(bytesRead + 1, 0);
        frame[4] = 0x0c;
        await link.write(frame.subarray(0, 5 + bytesRead));
        onBytes(bytesRead);
      }
      await link.write(Buffer.concat([u32(1), Buffer.from([0x00])]));
    } finally {
      await handle.close();
    }
  }
  await link.write(u32(0));
  return errors;
}
