/**
 * usbmuxd wire format (PROTOCOLS.md §1): 16-byte little-endian header `{length, version, message, tag}`
 * followed by an XML plist.
 */
import type net from 'node:net';
import type { StreamReader } from './framing.ts';
import { decodePlist, encodeXml } from './plist.ts';

/** Header size of a usbmuxd packet. */
export const USBMUX_HEADER = 16;
/** `message` of plist packets. */
export const USBMUX_MESSAGE_PLIST = 8;
/** `version` of plist packets. */
export const USBMUX_VERSION_PLIST = 1;
/** Largest request the server reads (pair records are a few KiB). */
const MAX_PACKET = 1024 * 1024;

/** usbmuxd Result numbers. */
export const UsbmuxResult = {
  ok: 0,
  badCommand: 1,
  badDevice: 2,
  connectionRefused: 3,
  badVersion: 6,
} as const;

/** One decoded request. `body` is undefined when the packet was not a plist one. */
export interface UsbmuxPacket {
  version: number;
  message: number;
  tag: number;
  body: Record<string, unknown> | undefined;
}

/** Reads the next packet; undefined when the client closed the connection. Throws on a malformed one. */
export async function readUsbmuxPacket(reader: StreamReader): Promise<UsbmuxPacket | undefined> {
  let header: Buffer;
  try {
    header = await reader.read(USBMUX_HEADER);
  } catch {
    return undefined;
  }
  const length = header.readUInt32LE(0);
  if (length < USBMUX_HEADER || length > MAX_PACKET) throw new Error(`bad usbmuxd packet length ${length}`);
  const version = header.readUInt32LE(4);
  const message = header.readUInt32LE(8);
  const tag = header.readUInt32LE(12);
  const payload = await reader.read(length - USBMUX_HEADER);
  if (message !== USBMUX_MESSAGE_PLIST) return { version, message, tag, body: undefined };
  const body = decodePlist(payload);
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error('usbmuxd request is not a dict');
  return { version, message, tag, body: body as Record<string, unknown> };
}

/** Encodes a plist packet (replies echo the request's tag; events use tag 0). */
export function encodeUsbmuxPacket(tag: number, value: unknown): Buffer {
  const payload = encodeXml(value);
  const header = Buffer.alloc(USBMUX_HEADER);
  header.writeUInt32LE(USBMUX_HEADER + payload.length, 0);
  header.writeUInt32LE(USBMUX_VERSION_PLIST, 4);
  header.writeUInt32LE(USBMUX_MESSAGE_PLIST, 8);
  header.writeUInt32LE(tag, 12);
  return Buffer.concat([header, payload]);
}

/** The port number of a Connect request: a 16-bit network-order value inside a little-endian integer. */
export function connectPort(portNumber: number): number {
  return ((portNumber & 0xff) << 8) | ((portNumber >> 8) & 0xff);
}

/** How a server answers a request: a reply dict, a Result number, and the packet itself (its tag). */
export interface UsbmuxAnswer {
  packet: UsbmuxPacket;
  reply(value: Record<string, unknown>): void;
  result(number: number): void;
}

/**
 * Reads a client's requests one after the other until it closes, and lets `handle` answer each (a packet
 * that is not a plist one gets BadVersion). `handle` returns `'detached'` once the connection became
 * something else (a tunnel, or handed to another process): nothing more is read from it here.
 */
export async function serveUsbmuxRequests(
  socket: net.Socket,
  reader: StreamReader,
  handle: (request: Record<string, unknown>, answer: UsbmuxAnswer) => Promise<'detached' | void> | 'detached' | void,
): Promise<void> {
  for (;;) {
    const packet = await readUsbmuxPacket(reader);
    if (!packet) {
      socket.end();
      return;
    }
    const reply = (value: Record<string, unknown>): void => void socket.write(encodeUsbmuxPacket(packet.tag, value));
    const result = (number: number): void => reply({ MessageType: 'Result', Number: number });
    if (!packet.body) {
      result(UsbmuxResult.badVersion);
      continue;
    }
    if ((await handle(packet.body, { packet, reply, result })) === 'detached') return;
  }
}
