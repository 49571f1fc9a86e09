/**
 * A fast reader for the small binary plists Cradle decodes by the thousand (Manifest.db's MBFile records,
 * DeviceLink messages): one pass over the objects, every length and reference checked against the file.
 * It gives exactly what bplist-parser gives after the structural guard, or declines, and then the full
 * path reads the plist (or refuses it) as before. It declines anything unusual: more than 4,096 objects,
 * nesting past 32 levels, more decoded values than four per object or more decoded string bytes than the
 * guard's budget (shared references: one string named a thousand times), 16-byte integers,
 * dates, null, lengths not written as 1–4 byte integers, non-string or `__proto__` keys, integers beyond
 * 2^53, files over 64 MiB, and any file whose structure does not hold.
 */

import { UID } from 'bplist-parser';
import { decodeBudget } from './bplist-guard.ts';

export const DECLINED: unique symbol = Symbol('declined');

const HEADER = 8;
const TRAILER = 32;
const MAX_OBJECTS = 4096;
const MAX_BYTES = 64 * 1024 * 1024;
const MAX_DEPTH = 32;
const VALUES_PER_OBJECT = 4;

/** The decoded plist, or DECLINED for the full path. */
export function readBinaryPlistFast(bytes: Buffer): unknown {
  try {
    return new Reader(bytes).top();
  } catch (error) {
    if (error === DECLINED) return DECLINED;
    throw error;
  }
}

class Reader {
  private readonly offsetSize: number;
  private readonly refSize: number;
  private readonly count: number;
  private readonly tableOffset: number;
  private readonly topObject: number;
  private budget: number;
  private bytesBudget: number;

  constructor(private readonly bytes: Buffer) {
    if (bytes.length < HEADER + TRAILER + 1 || bytes.length > MAX_BYTES || bytes.toString('latin1', 0, HEADER) !== 'bplist00') throw DECLINED;
    const trailer = bytes.length - TRAILER;
    this.offsetSize = bytes[trailer + 6]!;
    this.refSize = bytes[trailer + 7]!;
    if (this.offsetSize < 1 || this.offsetSize > 4 || this.refSize < 1 || this.refSize > 4) throw DECLINED;
    // The high halves of the 64-bit fields must be zero for counts this reader takes.
    if (bytes.readUInt32BE(trailer + 8) !== 0 || bytes.readUInt32BE(trailer + 16) !== 0 || bytes.readUInt32BE(trailer + 24) !== 0) throw DECLINED;
    this.count = bytes.readUInt32BE(trailer + 12);
    this.topObject = bytes.readUInt32BE(trailer + 20);
    this.tableOffset = bytes.readUInt32BE(trailer + 28);
    if (this.count < 1 || this.count > MAX_OBJECTS || this.topObject >= this.count) throw DECLINED;
    if (this.tableOffset < HEADER || this.tableOffset + this.count * this.offsetSize > trailer) throw DECLINED;
    this.budget = VALUES_PER_OBJECT * this.count;
    this.bytesBudget = decodeBudget(bytes.length);
  }

  top(): unknown {
    return this.object(this.topObject, 0);
  }

  private object(index: number, depth: number): unknown {
    if (depth > MAX_DEPTH || --this.budget < 0) throw DECLINED;
    const { bytes, tableOffset } = this;
    const offset = bytes.readUIntBE(tableOffset + index * this.offsetSize, this.offsetSize);
    if (offset < HEADER || offset >= tableOffset) throw DECLINED;
    const marker = bytes[offset]!;
    const info = marker & 0x0f;
    const within = this.within;
    switch (marker >> 4) {
      case 0x0:
        if (info === 8) return false;
        if (info === 9) return true;
        throw DECLINED;
      case 0x1: {
        if (info > 3) throw DECLINED;
        const size = 1 << info;
        within(offset + 1 + size);
        if (size < 8) return bytes.readUIntBE(offset + 1, size);
        // Safe integers only: the high word fits in 21 bits (with its sign).
        const high = bytes.readInt32BE(offset + 1);
        if (high > 0x1fffff || high < -0x200000) throw DECLINED;
        const value = high * 0x100000000 + bytes.readUInt32BE(offset + 5);
        if (!Number.isSafeInteger(value)) throw DECLINED;
        return value;
      }
      case 0x2:
        if (info === 2) {
          within(offset + 5);
          return bytes.readFloatBE(offset + 1);
        }
        if (info === 3) {
          within(offset + 9);
          return bytes.readDoubleBE(offset + 1);
        }
        throw DECLINED;
      case 0x4: {
        const { length, start } = this.lengthAt(offset, info);
        within(start + length);
        return bytes.subarray(start, start + length);
      }
      case 0x5: {
        const { length, start } = this.lengthAt(offset, info);
        within(start + length);
        this.spend(length);
        return bytes.toString('utf8', start, start + length);
      }
      case 0x6: {
        const { length, start } = this.lengthAt(offset, info);
        within(start + 2 * length);
        this.spend(2 * length);
        return Buffer.from(bytes.subarray(start, start + 2 * length)).swap16().toString('ucs2');
      }
      case 0x8:
        within(offset + 2 + info);
        if (info > 3) throw DECLINED;
        return new UID(bytes.readUIntBE(offset + 1, info + 1));
      case 0xa: {
        const { length, start } = this.lengthAt(offset, info);
        within(start + length * this.refSize);
        const array: unknown[] = [];
        for (let item = 0; item < length; item += 1) array.push(this.object(this.ref(start, item), depth + 1));
        return array;
      }
      case 0xd: {
        const { length, start } = this.lengthAt(offset, info);
        within(start + 2 * length * this.refSize);
        const dict: Record<string, unknown> = {};
        for (let item = 0; item < length; item += 1) {
          const key = this.object(this.ref(start, item), depth + 1);
          if (typeof key !== 'string' || key === '__proto__') throw DECLINED;
          dict[key] = this.object(this.ref(start, length + item), depth + 1);
        }
        return dict;
      }
    }
    throw DECLINED;
  }

  /** Declines an object that runs past the object area (bound once: no closure per object). */
  private readonly within = (end: number): void => {
    if (end > this.tableOffset) throw DECLINED;
  };

  /** Counts decoded string bytes; declines past the budget. */
  private spend(bytes: number): void {
    this.bytesBudget -= bytes;
    if (this.bytesBudget < 0) throw DECLINED;
  }

  /** Object number of the `item`th reference after `start`. */
  private ref(start: number, item: number): number {
    const object = this.bytes.readUIntBE(start + item * this.refSize, this.refSize);
    if (object >= this.count) throw DECLINED;
    return object;
  }

  /** A string's, data's or container's element count: in the marker, or in the 1–8 byte integer after it. */
  private lengthAt(offset: number, info: number): { length: number; start: number } {
    if (info !== 0x0f) return { length: info, start: offset + 1 };
    const intMarker = this.bytes[offset + 1]!;
    if (intMarker >> 4 !== 0x1 || (intMarker & 0x0f) > 2) throw DECLINED;
    const size = 1 << (intMarker & 0x0f);
    if (offset + 2 + size > this.tableOffset) throw DECLINED;
    return { length: this.bytes.readUIntBE(offset + 2, size), start: offset + 2 + size };
  }
}
