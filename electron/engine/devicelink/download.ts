/**
 * Files the host sends to the device (DLMessageDownloadFiles): per file `u32 len + path`, data frames of
 * at most 32 KiB (larger ones crash the real device's BackupAgent), an end frame; a missing file gets an
 * error frame; u32 0 ends the batch. Symlinks are never followed.
 *
 * A clone streams one backup to many devices from one process, so the bytes are handled as few times as
 * possible: file data is read straight into its frames (one readv per buffer, no copy), many small files
 * share one socket write, and two send buffers per batch are reused (one fills while the other is written).
 * With a {@link SmallFiles} cache (a clone gives one to all its devices), a file that fits in one frame is
 * read from disk once and copied into the frames of every later device: no open, read and close each time
 * (sending it beside the frames without the copy, in one writev, measured no better).
 */
import { closeSync, constants, openSync, readvSync } from 'node:fs';
import { CradleError } from '../../../shared/errors.ts';
import { pathEscape, type PathConfinement } from './confine.ts';
import { dlErrorCode } from './file-errors.ts';
import type { DeviceLink } from './link.ts';
import type { SmallFiles } from './small-files.ts';

/** Largest data frame's payload. */
export const FRAME_PAYLOAD = 32 * 1024;
const HEADER = 5;
/** One send buffer: 16 whole data frames. */
const BUFFER_BYTES = 16 * (FRAME_PAYLOAD + HEADER);
/** Free room below which a buffer is sent before the next file's data goes in. */
const MIN_ROOM = 4 * 1024;
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;
const CODE_SUCCESS = 0x00;
const CODE_ERROR = 0x06;
const CODE_DATA = 0x0c;

/** A file the host could not send, as the multi-status payload reports it. */
export type DownloadErrors = Record<string, { DLFileErrorCode: number; DLFileErrorString: string }>;

/** Sends the requested files; returns the ones that could not be sent. */
export async function sendDownloads(
  link: DeviceLink,
  confine: PathConfinement,
  paths: unknown,
  progress: { onBytes(bytes: number): void; onFile(path: string): void },
  signal?: AbortSignal,
  stallMs?: number,
  cache?: SmallFiles,
): Promise<DownloadErrors> {
  if (!Array.isArray(paths)) throw new CradleError('PROTOCOL', 'The device asked for files without a file list.');
  const errors: DownloadErrors = {};
  const out = new FrameWriter(link, stallMs);
  for (const devicePath of paths) {
    if (signal?.aborted) throw new CradleError('CANCELLED', 'Cancelled.');
    // A file kept from an earlier device was confined and read then: nothing on disk is touched again.
    const cached = typeof devicePath === 'string' ? cache?.get(devicePath) : undefined;
    if (cached) {
      const name = Buffer.from(devicePath as string, 'utf8');
      if (!out.fits(4 + name.length + 2 * HEADER + cached.length)) await out.flush();
      out.fileName(name);
      out.wholeFile(cached);
      progress.onBytes(cached.length);
      progress.onFile(devicePath as string);
      continue;
    }
    // The folders on the way are checked; the file itself is opened without following a symlink.
    const target = confine.resolveNoFollow(devicePath);
    const name = Buffer.from(devicePath as string, 'utf8');
    if (!out.fits(4 + name.length)) await out.flush();
    out.fileName(name);
    let fd: number;
    try {
      fd = openSync(target, constants.O_RDONLY | NO_FOLLOW);
    } catch (error) {
      const failure = error as NodeJS.ErrnoException;
      if (failure.code === 'ELOOP') throw pathEscape(devicePath, 'it is a symbolic link');
      const text = failure.code === 'ENOENT' ? 'No such file or directory' : failure.message;
      const message = Buffer.from(text, 'utf8');
      if (!out.fits(HEADER + message.length)) await out.flush();
      out.frameHeader(message.length + 1, CODE_ERROR);
      out.bytes(message);
      errors[devicePath as string] = { DLFileErrorCode: dlErrorCode(failure), DLFileErrorString: text };
      continue;
    }
    try {
      // Most files fit in the current buffer whole: no wait (and no promise) unless a buffer must be sent.
      const file: OpenFile = { fd, first: true, ended: false, keep: cache?.hasRoom() ?? false };
      while (!fileFrames(out, file, progress.onBytes)) await out.flush();
      if (file.whole) cache!.put(devicePath as string, file.whole);
      progress.onFile(devicePath as string);
    } finally {
      closeSync(fd);
    }
  }
  if (!out.fits(4)) await out.flush();
  out.u32(0);
  await out.flush();
  return errors;
}

/** A file being sent: its descriptor, whether it is read for the first time, whether its end was read. */
interface OpenFile {
  fd: number;
  first: boolean;
  ended: boolean;
  /** Keep a copy of the file when it ends in its first read (for the cache). */
  keep: boolean;
  /** That copy. */
  whole?: Buffer;
}

/**
 * Reads an open file into data frames straight in the send buffer while it has room, then its end frame;
 * true once the end frame is in, false when the buffer must be sent first. The first read is one frame
 * long (most files of a backup fit in it), later ones fill the buffer. Reads are synchronous, as uploads
 * are written: a clone reads the same golden backup for every device, from the page cache after the
 * first, and a thread-pool round trip per read cost a tenth of the host's CPU (8 devices).
 */
function fileFrames(out: FrameWriter, file: OpenFile, onBytes: (bytes: number) => void): boolean {
  while (!file.ended) {
    if (!out.fits(MIN_ROOM)) return false;
    const { views, asked } = out.dataViews(file.first ? 1 : Infinity);
    const first = file.first;
    file.first = false;
    const bytesRead = readvSync(file.fd, views);
    out.commitData(bytesRead);
    if (bytesRead > 0) onBytes(bytesRead);
    // A regular file reads short only at its end.
    if (bytesRead < asked) {
      file.ended = true;
      if (first && file.keep) file.whole = Buffer.from(views[0]!.subarray(0, bytesRead));
    }
  }
  if (!out.fits(HEADER)) return false;
  out.frameHeader(1, CODE_SUCCESS);
  return true;
}

/**
 * Two reused send buffers: one is filled while the other is being written. A buffer is filled again only
 * once the socket has written it; the current one is sent when it lacks space.
 */
class FrameWriter {
  private readonly buffers = [Buffer.allocUnsafe(BUFFER_BYTES), Buffer.allocUnsafe(BUFFER_BYTES)];
  /** Per buffer: settles once the socket no longer holds it. */
  private readonly written: Promise<void>[] = [Promise.resolve(), Promise.resolve()];
  private current = 0;
  private at = 0;

  constructor(
    private readonly link: DeviceLink,
    private readonly stallMs: number | undefined,
  ) {}

  private get buffer(): Buffer {
    return this.buffers[this.current]!;
  }

  /** Whether `bytes` fit in the current buffer (else it is sent first: {@link flush}). */
  fits(bytes: number): boolean {
    return BUFFER_BYTES - this.at >= bytes;
  }

  u32(value: number): void {
    this.at = this.buffer.writeUInt32BE(value, this.at);
  }

  frameHeader(length: number, code: number): void {
    this.u32(length);
    this.buffer[this.at++] = code;
  }

  bytes(data: Buffer): void {
    this.at += data.copy(this.buffer, this.at);
  }

  /** A file's name, as its part of the stream starts. */
  fileName(name: Buffer): void {
    this.u32(name.length);
    this.bytes(name);
  }

  /** A whole file of at most one frame: its data frame (none when empty) and its end frame. */
  wholeFile(data: Buffer): void {
    if (data.length > 0) {
      this.frameHeader(data.length + 1, CODE_DATA);
      this.bytes(data);
    }
    this.frameHeader(1, CODE_SUCCESS);
  }

  /** The free space as at most `frames` data frames' payloads (5 bytes left before each for its header). */
  dataViews(frames: number): { views: Buffer[]; asked: number } {
    const views: Buffer[] = [];
    let asked = 0;
    for (let at = this.at; BUFFER_BYTES - at > HEADER && views.length < frames; at += HEADER + FRAME_PAYLOAD) {
      const view = this.buffer.subarray(at + HEADER, Math.min(BUFFER_BYTES, at + HEADER + FRAME_PAYLOAD));
      views.push(view);
      asked += view.length;
    }
    return { views, asked };
  }

  /** Writes the headers of the frames `bytesRead` bytes of file data filled (from {@link dataViews}). */
  commitData(bytesRead: number): void {
    for (let left = bytesRead; left > 0; ) {
      const payload = Math.min(left, FRAME_PAYLOAD, BUFFER_BYTES - this.at - HEADER);
      this.frameHeader(payload + 1, CODE_DATA);
      this.at += payload;
      left -= payload;
    }
  }

  /** Sends what the current buffer holds and switches to the other one (once the socket wrote it). */
  async flush(): Promise<void> {
    if (this.at === 0) return;
    const index = this.current;
    let settle!: () => void;
    this.written[index] = new Promise<void>((resolve) => (settle = resolve));
    const sending = this.link.write(this.buffer.subarray(0, this.at), this.stallMs, settle);
    this.current = 1 - index;
    this.at = 0;
    await sending;
    await this.written[this.current];
  }
}
