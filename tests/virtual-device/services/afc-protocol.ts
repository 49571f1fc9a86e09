/**
 * AFC wire format (PROTOCOLS.md §8): a 40-byte little-endian header `CFA6LPAA`, entire length,
 * header+parameters length, packet number, operation; then parameters; then payload data.
 */
import type { StreamReader } from '../framing.ts';

/** Header magic. */
export const AFC_MAGIC = 'CFA6LPAA';
/** Header size. */
export const AFC_HEADER = 40;
/** Largest packet the device accepts (a host writes files in chunks far below this). */
const MAX_PACKET = 64 * 1024 * 1024;

/** AFC operation numbers. */
export const AfcOp = {
  status: 0x01,
  data: 0x02,
  readDir: 0x03,
  removePath: 0x08,
  makeDir: 0x09,
  getFileInfo: 0x0a,
  getDeviceInfo: 0x0b,
  fileOpen: 0x0d,
  fileOpenResult: 0x0e,
  read: 0x0f,
  write: 0x10,
  seek: 0x11,
  tell: 0x12,
  tellResult: 0x13,
  close: 0x14,
  setSize: 0x15,
  renamePath: 0x18,
  lock: 0x1b,
  setFileTime: 0x1e,
  removePathAndContents: 0x22,
} as const;

/** AFC status codes. */
export const AfcStatus = {
  success: 0,
  unknown: 1,
  headerInvalid: 2,
  readError: 4,
  invalidArg: 7,
  notFound: 8,
  isDirectory: 9,
  permissionDenied: 10,
  notSupported: 15,
  exists: 16,
  noSpace: 18,
  wouldBlock: 19,
  ioError: 20,
} as const;

/** One request: parameters (up to `this_length`) and payload (the rest). */
export interface AfcPacket {
  packetNumber: bigint;
  operation: number;
  params: Buffer;
  payload: Buffer;
}

/** Reads the next packet; undefined when the host closed the connection. */
export async function readAfcPacket(reader: StreamReader): Promise<AfcPacket | undefined> {
  let header: Buffer;
  try {
    header = await reader.read(AFC_HEADER);
  } catch {
    return undefined;
  }
  if (header.toString('latin1', 0, 8) !== AFC_MAGIC) throw new Error('bad AFC magic');
  const entire = Number(header.readBigUInt64LE(8));
  const thisLength = Number(header.readBigUInt64LE(16));
  if (entire < AFC_HEADER || thisLength < AFC_HEADER || thisLength > entire || entire > MAX_PACKET) {
    throw new Error(`bad AFC lengths ${entire}/${thisLength}`);
  }
  const body = await reader.read(entire - AFC_HEADER);
  return {
    packetNumber: header.readBigUInt64LE(24),
    operation: Number(header.readBigUInt64LE(32)),
    params: body.subarray(0, thisLength - AFC_HEADER),
    payload: body.subarray(thisLength - AFC_HEADER),
  };
}

/** Encodes a reply packet that echoes the request's packet number. */
export function encodeAfcPacket(packetNumber: bigint, operation: number, params: Buffer, payload: Buffer = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(AFC_HEADER);
  header.write(AFC_MAGIC, 0, 'latin1');
  header.writeBigUInt64LE(BigInt(AFC_HEADER + params.length + payload.length), 8);
  header.writeBigUInt64LE(BigInt(AFC_HEADER + params.length), 16);
  header.writeBigUInt64LE(packetNumber, 24);
  header.writeBigUInt64LE(BigInt(operation), 32);
  return Buffer.concat([header, params, payload]);
}

/** A u64 little-endian parameter. */
export function u64(value: number | bigint): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64LE(BigInt(value), 0);
  return out;
}

/** NUL-separated strings (paths in requests; key/value lists and names in replies). */
export function cStrings(values: readonly string[]): Buffer {
  return Buffer.concat(values.map((value) => Buffer.from(`${value}\0`, 'utf8')));
}

/** Splits NUL-terminated strings from a parameter block. */
export function readCStrings(buffer: Buffer): string[] {
  const parts = buffer.toString('utf8').split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}
