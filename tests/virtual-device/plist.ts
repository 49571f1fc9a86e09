/**
 * Plist codec of the virtual device: XML (lockdownd, usbmuxd) and binary (DeviceLink, backup files).
 * Independent of the host's codec on purpose: the device must not share the engine's code.
 */
import bplistCreator from 'bplist-creator';
import { parseBuffer } from 'bplist-parser';
import { build, parse } from 'plist';
import { writeBinaryPlist } from './plist-writer.ts';

/** A number that must be encoded as a plist real even when it is whole (binary plists only). */
export const Real = bplistCreator.Real;
export type Real = InstanceType<typeof bplistCreator.Real>;

/** A keyed-archiver UID reference, as the binary codec reads and writes it. */
export interface Uid {
  UID: number;
}

/** Encodes a value as an XML plist that begins exactly with `<?xml`, as libimobiledevice requires. */
export function encodeXml(value: unknown): Buffer {
  return Buffer.from(build(toXmlValue(value) as never), 'utf8');
}

/** Encodes a value as a binary plist (`bplist00`). Wrap reals that may be whole in {@link Real}. */
export function encodeBinary(value: unknown): Buffer {
  return writeBinaryPlist(value);
}

/** Decodes an XML or binary plist; data comes back as Buffer. */
export function decodePlist(buffer: Buffer): unknown {
  if (buffer.subarray(0, 8).toString('latin1') === 'bplist00') return parseBuffer(buffer)[0];
  return fromXmlValue(parse(buffer.toString('utf8')));
}

function toXmlValue(value: unknown): unknown {
  if (value instanceof Real) return value.value;
  if (Array.isArray(value)) return value.map(toXmlValue);
  if (value && typeof value === 'object' && !(value instanceof Date) && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toXmlValue(v)]));
  }
  return value;
}

function fromXmlValue(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (Array.isArray(value)) return value.map(fromXmlValue);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromXmlValue(v)]));
  }
  return value;
}
