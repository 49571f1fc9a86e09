/**
 * u32 big-endian length + plist framing, shared by lockdownd and DeviceLink services of the virtual device.
 */
import type { Duplex } from 'node:stream';
import { decodePlist, encodeBinary, encodeXml } from './plist.ts';

/** Largest plist message the virtual device accepts from a host. */
export const MAX_PLIST_MESSAGE = 64 * 1024 * 1024;

/** Writes one framed plist; resolves when the socket accepted it (backpressure). */
export function writePlistMessage(socket: Duplex, value: unknown, format: 'xml' | 'binary'): Promise<void> {
  const body = format === 'xml' ? encodeXml(value) : encodeBinary(value);
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.length, 0);
  return new Promise((resolve, reject) => {
    socket.write(Buffer.concat([header, body]), (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * Reads exact byte counts from a stream without losing what arrives early.
 * Used for framed plists and for the raw file streams of DeviceLink.
 */
export class StreamReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private waiter: (() => void) | undefined;
  private ended = false;
  private error: Error | undefined;

  constructor(private readonly stream: Duplex) {
    stream.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
      if (this.buffered > 8 * 1024 * 1024) stream.pause();
      this.wake();
    });
    stream.on('end', () => {
      this.ended = true;
      this.wake();
    });
    stream.on('close', () => {
      this.ended = true;
      this.wake();
    });
    stream.on('error', (error) => {
      this.error = error;
      this.wake();
    });
  }

  /** Resolves with exactly `length` bytes, or rejects when the stream ends first. */
  async read(length: number): Promise<Buffer> {
    if (this.buffered < length) await this.fill(length);
    const parts = this.take(length);
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts, length);
  }

  /**
   * Exactly `length` bytes as the pieces they arrived in: file data is passed on without being copied
   * into one buffer (a 32 KiB frame often straddles two socket chunks).
   */
  async readPieces(length: number): Promise<Buffer[]> {
    if (this.buffered < length) await this.fill(length);
    return this.take(length);
  }

  /** A u32 when its 4 bytes are already buffered (no wait), else undefined (nothing is consumed). */
  tryReadU32(): number | undefined {
    if (this.buffered < 4) return undefined;
    const first = this.chunks[0]!;
    if (first.length < 4) return Buffer.concat(this.take(4), 4).readUInt32BE(0);
    const value = first.readUInt32BE(0);
    this.take(4);
    return value;
  }

  private async fill(length: number): Promise<void> {
    while (this.buffered < length) {
      if (this.error) throw this.error;
      if (this.ended) throw new Error(`stream ended with ${this.buffered} of ${length} bytes`);
      this.stream.resume();
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  /** Takes `length` buffered bytes. Only the bytes asked for are cut (concatenating everything buffered on each small read made streaming large files quadratic). */
  private take(length: number): Buffer[] {
    const parts: Buffer[] = [];
    let missing = length;
    while (missing > 0) {
      const first = this.chunks[0]!;
      if (first.length <= missing) {
        parts.push(first);
        this.chunks.shift();
        missing -= first.length;
      } else {
        parts.push(first.subarray(0, missing));
        this.chunks[0] = first.subarray(missing);
        missing = 0;
      }
    }
    this.buffered -= length;
    if (this.buffered <= 8 * 1024 * 1024) this.stream.resume();
    return parts;
  }

  /** Reads a u32 big-endian integer. */
  async readU32(): Promise<number> {
    return (await this.read(4)).readUInt32BE(0);
  }

  /** Reads one framed plist message; `undefined` when the peer closed cleanly between messages. */
  async readPlist(): Promise<unknown> {
    if (this.buffered === 0 && this.ended) return undefined;
    const length = await this.readU32();
    if (length > MAX_PLIST_MESSAGE) throw new Error(`plist message of ${length} bytes is too large`);
    return decodePlist(await this.read(length));
  }

  /** Detaches from the stream (before a TLS upgrade takes it over), returning unread bytes. */
  detach(): Buffer {
    this.stream.removeAllListeners('data');
    this.stream.removeAllListeners('end');
    const rest = Buffer.concat(this.chunks);
    this.chunks = [];
    this.buffered = 0;
    return rest;
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }
}
