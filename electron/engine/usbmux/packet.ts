/**
 * usbmuxd packets: a 16-byte little-endian header {length incl. header, version 1, message 8 (plist), tag}
 * followed by an XML plist dict.
 */
import { CradleError } from '../../../shared/errors.ts';
import { decodePlist, encodeXmlPlist } from '../plist/codec.ts';

const HEADER_SIZE = 16;
const PLIST_VERSION = 1;
const PLIST_MESSAGE = 8;
/** No usbmuxd reply is anywhere near this; a larger length means a broken or hostile peer. */
const MAX_PACKET = 16 * 1024 * 1024;

/** Client identification usbmuxd expects in every request. */
export const USBMUX_CLIENT_FIELDS = {
  ClientVersionString: 'cradle',
  ProgName: 'cradle',
  kLibUSBMuxVersion: 3,
} as const;

/** One decoded usbmuxd packet. */
export interface UsbmuxPacket {
  tag: number;
  body: Record<string, unknown>;
}

/** Encodes a request dict (client fields added) as one packet. */
export function encodeUsbmuxPacket(body: Record<string, unknown>, tag: number): Buffer {
  const payload = encodeXmlPlist({ ...USBMUX_CLIENT_FIELDS, ...body });
  const header = Buffer.alloc(HEADER_SIZE);
  header.writeUInt32LE(HEADER_SIZE + payload.length, 0);
  header.writeUInt32LE(PLIST_VERSION, 4);
  header.writeUInt32LE(PLIST_MESSAGE, 8);
  header.writeUInt32LE(tag, 12);
  return Buffer.concat([header, payload]);
}

/** Splits a byte stream into packets; keeps a partial packet until the rest arrives. */
export class UsbmuxPacketDecoder {
  private pending: Buffer = Buffer.alloc(0);

  /**
   * Feeds bytes and returns every complete packet.
   * @throws CradleError PROTOCOL on a malformed header or an oversized length.
   */
  push(chunk: Buffer): UsbmuxPacket[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const packets: UsbmuxPacket[] = [];
    while (this.pending.length >= HEADER_SIZE) {
      const length = this.pending.readUInt32LE(0);
      if (length < HEADER_SIZE || length > MAX_PACKET) {
        throw new CradleError('PROTOCOL', 'usbmuxd sent a packet Cradle cannot read.', { length });
      }
      if (this.pending.length < length) break;
      const message = this.pending.readUInt32LE(8);
      if (message !== PLIST_MESSAGE) {
        throw new CradleError('PROTOCOL', 'usbmuxd answered in an old binary protocol Cradle does not speak.', { message });
      }
      const body = decodePlist(this.pending.subarray(HEADER_SIZE, length), 'usbmuxd reply');
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new CradleError('PROTOCOL', 'usbmuxd sent a reply that is not a dictionary.');
      }
      packets.push({ tag: this.pending.readUInt32LE(12), body: body as Record<string, unknown> });
      this.pending = this.pending.subarray(length);
    }
    return packets;
  }
}
