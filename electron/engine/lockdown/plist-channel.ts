/**
 * Length-prefixed plists (u32 big-endian length + plist), the framing of lockdownd, the plist services
 * and DeviceLink. Lockdown gets XML; DeviceLink gets binary; both are accepted on reads.
 */
import type { Duplex } from 'node:stream';
import { CradleError } from '../../../shared/errors.ts';
import { decodePlist, encodeBinaryPlist, encodeXmlPlist } from '../plist/codec.ts';
import { ByteReader } from './byte-reader.ts';

/** No message of these protocols comes close; a larger length means a broken or hostile peer. */
export const MAX_PLIST_MESSAGE = 32 * 1024 * 1024;

/** A plist message channel over a stream. */
export class PlistChannel {
  readonly reader: ByteReader;

  constructor(
    readonly stream: Duplex,
    private readonly format: 'xml' | 'binary' = 'xml',
  ) {
    this.reader = new ByteReader(stream);
  }

  /** Sends one message; resolves once the stream accepted it. */
  send(message: unknown): Promise<void> {
    return this.sendFramed(this.frame(message));
  }

  /** A message as it goes on the wire (length and plist), for a message sent many times. */
  frame(message: unknown): Buffer {
    const body = this.format === 'xml' ? encodeXmlPlist(message) : encodeBinaryPlist(message);
    const header = Buffer.alloc(4);
    header.writeUInt32BE(body.length, 0);
    return Buffer.concat([header, body]);
  }

  /** Sends a message made by {@link frame}. */
  sendFramed(framed: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stream.write(framed, (error) =>
        error ? reject(new CradleError('DEVICE_DISCONNECTED', 'The device went away.', error.message)) : resolve(),
      );
    });
  }

  /** Receives one message. */
  async receive(timeoutMs?: number): Promise<unknown> {
    const length = await this.reader.readUInt32BE(timeoutMs);
    if (length > MAX_PLIST_MESSAGE) {
      throw new CradleError('PROTOCOL', 'The device sent a message far larger than any real one.', { length });
    }
    return decodePlist(await this.reader.read(length, timeoutMs), 'device message');
  }

  /** Receives one message that must be a dictionary. */
  async receiveDict(timeoutMs?: number): Promise<Record<string, unknown>> {
    const message = await this.receive(timeoutMs);
    if (!message || typeof message !== 'object' || Array.isArray(message)) {
      throw new CradleError('PROTOCOL', 'The device answered with something other than a dictionary.');
    }
    return message as Record<string, unknown>;
  }

  /** Closes the stream. */
  close(): void {
    this.stream.destroy();
  }
}
