/**
 * The small files of one backup, held in memory while it is sent to many devices (a clone): each file that
 * fits in one DeviceLink frame is read from disk once and then copied into every later device's frames.
 * Kept by the path the device asked for, exactly as first read (through the confined, no-follow open), so a
 * later device's request touches nothing on disk. Bounded in total. One cache serves one backup folder: a
 * clone makes a new one whenever it checks the golden backup again.
 */
import { FRAME_PAYLOAD } from './download.ts';

/** Most bytes kept in all. */
const TOTAL_BYTES = 32 * 1024 * 1024;

export class SmallFiles {
  private readonly files = new Map<string, Buffer>();
  private bytes = 0;

  constructor(private readonly limit = TOTAL_BYTES) {}

  /** The file the device asked for as `path`, as first read, or undefined. */
  get(path: string): Buffer | undefined {
    return this.files.get(path);
  }

  /** Whether another small file may still be kept. */
  hasRoom(): boolean {
    return this.bytes + FRAME_PAYLOAD <= this.limit;
  }

  /** Keeps a file read whole (at most one frame's payload); ignored when full or already kept. */
  put(path: string, data: Buffer): void {
    if (data.length > FRAME_PAYLOAD || this.files.has(path) || this.bytes + data.length > this.limit) return;
    this.files.set(path, data);
    this.bytes += data.length;
  }

  /** Bytes kept. */
  get size(): number {
    return this.bytes;
  }
}
