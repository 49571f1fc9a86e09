/**
 * Exact-length reads from a stream, with backpressure: the stream is paused while more than a bounded
 * amount is buffered. Lockdown, service plist channels and DeviceLink's file streams read through it.
 */
import type { Duplex } from 'node:stream';
import { CradleError } from '../../../shared/errors.ts';

/**
 * Read-ahead before the stream is paused. 4 MiB paused often while large files were written, and each
 * pause/resume cycle cost the sender far more than the bytes (the simulated device spent 10.9–12.5 s of CPU
 * on a 328 MB backup instead of 4–5.5 s): 16 MiB keeps memory bounded and the sender streaming.
 */
const HIGH_WATER = 16 * 1024 * 1024;

/** Reads exact byte counts from a stream. */
export class ByteReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private wake: (() => void) | undefined;
  private closed = false;
  private failure: Error | undefined;
  private readonly onData = (chunk: Buffer) => {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    if (this.buffered >= HIGH_WATER) this.stream.pause();
    this.notify();
  };
  private readonly onEnd = () => {
    this.closed = true;
    this.notify();
  };
  private readonly onError = (error: Error) => {
    this.failure = error;
    this.notify();
  };

  constructor(private readonly stream: Duplex) {
    stream.on('data', this.onData);
    stream.on('end', this.onEnd);
    stream.on('close', this.onEnd);
    stream.on('error', this.onError);
  }

  /**
   * Resolves with exactly `length` bytes.
   * @throws CradleError DEVICE_DISCONNECTED when the stream ends or fails first; TIMEOUT after `timeoutMs`.
   */
  async read(length: number, timeoutMs?: number): Promise<Buffer> {
    const deadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
    while (this.buffered < length) {
      if (this.failure) throw new CradleError('DEVICE_DISCONNECTED', 'The connection to the device failed.', this.failure.message);
      if (this.closed) throw new CradleError('DEVICE_DISCONNECTED', 'The device closed the connection.');
      this.stream.resume();
      await this.waitForData(deadline);
    }
    return this.take(length);
  }

  /**
   * Resolves with between 1 and `max` bytes, as soon as any are buffered: file data is streamed in
   * the pieces the socket delivers, without copying it into one large buffer.
   */
  async readSome(max: number, timeoutMs?: number): Promise<Buffer> {
    const deadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
    while (this.buffered === 0) {
      if (this.failure) throw new CradleError('DEVICE_DISCONNECTED', 'The connection to the device failed.', this.failure.message);
      if (this.closed) throw new CradleError('DEVICE_DISCONNECTED', 'The device closed the connection.');
      this.stream.resume();
      await this.waitForData(deadline);
    }
    return this.take(Math.min(max, this.chunks[0]!.length));
  }

  /**
   * The next `length` bytes when they are already buffered, else undefined (nothing is consumed): a loop
   * over many small fields reads them without a wait per field, `tryRead(n) ?? (await read(n))`.
   */
  tryRead(length: number): Buffer | undefined {
    return this.buffered >= length ? this.take(length) : undefined;
  }

  /** As {@link readSome} when something is buffered, else undefined. */
  trySome(max: number): Buffer | undefined {
    return this.buffered > 0 ? this.take(Math.min(max, this.chunks[0]!.length)) : undefined;
  }

  /** Removes `length` buffered bytes from the front, copying only when they span chunks. */
  private take(length: number): Buffer {
    let out: Buffer;
    const first = this.chunks[0];
    if (length === 0 || !first) out = Buffer.alloc(0);
    else if (first.length >= length) {
      out = first.subarray(0, length);
      if (first.length === length) this.chunks.shift();
      else this.chunks[0] = first.subarray(length);
    } else {
      const parts: Buffer[] = [];
      let need = length;
      while (need > 0) {
        const chunk = this.chunks[0]!;
        if (chunk.length <= need) {
          parts.push(chunk);
          this.chunks.shift();
          need -= chunk.length;
        } else {
          parts.push(chunk.subarray(0, need));
          this.chunks[0] = chunk.subarray(need);
          need = 0;
        }
      }
      out = Buffer.concat(parts, length);
    }
    this.buffered -= length;
    if (this.buffered < HIGH_WATER) this.stream.resume();
    return out;
  }

  /** Reads a u32 big-endian integer. */
  async readUInt32BE(timeoutMs?: number): Promise<number> {
    return (await this.read(4, timeoutMs)).readUInt32BE(0);
  }

  /** Stops reading; the stream is handed on (e.g. to TLS). Throws if unread bytes would be lost. */
  detach(): void {
    this.stream.off('data', this.onData);
    this.stream.off('end', this.onEnd);
    this.stream.off('close', this.onEnd);
    this.stream.off('error', this.onError);
    if (this.buffered > 0) throw new CradleError('PROTOCOL', 'The device sent data before the secure session started.');
  }

  private waitForData(deadline: number | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer =
        deadline === undefined
          ? undefined
          : setTimeout(() => {
              this.wake = undefined;
              reject(new CradleError('TIMEOUT', 'The device stopped answering.'));
            }, Math.max(0, deadline - Date.now()));
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
