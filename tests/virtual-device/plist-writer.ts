/**
 * The virtual device's binary plist writer: objects written one by one into one buffer, each container after
 * the objects it holds, equal strings written once. It writes what bplist-creator writes for the same value
 * (plist-writer.test.ts decodes both), without its cost: a backup of 100,000 files archives 100,000 MBFile
 * records and moves 100,000 files in a few messages, and bplist-creator spent 18 s of the simulated device's
 * processor on them, time every host then waited for.
 */
import bplistCreator from 'bplist-creator';

const Real = bplistCreator.Real;
/** Seconds between the Unix epoch and Apple's (2001-01-01). */
const APPLE_EPOCH_SECONDS = 978307200;

/** A value as a binary plist (`bplist00`); reals that may be whole come wrapped in bplist-creator's Real. */
export function writeBinaryPlist(value: unknown): Buffer {
  // References one byte wide while the plist holds under 256 objects, wider only when it does not.
  for (const refSize of [1, 2, 4]) {
    const plist = new PlistWriter(refSize);
    const top = plist.value(value);
    if (plist.fits()) return plist.bytes(top);
  }
  throw new Error('a plist of more than 2^32 objects');
}

/**
 * A binary plist built object by object; every method returns the new object's number, and containers take
 * the numbers of the objects they hold. {@link bytes} gives the plist once its top object is written.
 */
export class PlistWriter {
  private out = Buffer.allocUnsafe(1024);
  private at = 8;
  private readonly offsets: number[] = [];
  private readonly strings = new Map<string, number>();

  constructor(private readonly refSize = 1) {}

  /** Writes any plist value (arrays and dictionaries with everything in them). */
  value(value: unknown): number {
    switch (typeof value) {
      case 'string':
        return this.string(value);
      case 'number':
        return Number.isInteger(value) ? this.int(value) : this.real(value);
      case 'bigint':
        return this.int(value);
      case 'boolean':
        return this.bool(value);
      case 'object': {
        if (value === null) break;
        if (Array.isArray(value)) return this.array(value.map((item) => this.value(item)));
        if (Buffer.isBuffer(value)) return this.data(value);
        if (value instanceof Real) return this.real(value.value);
        if (value instanceof Date) return this.date(value);
        const keys = Object.keys(value);
        const record = value as Record<string, unknown>;
        if (keys.length === 1 && (typeof record.UID === 'number' || typeof record.UID === 'bigint')) return this.uid(Number(record.UID));
        const keyObjects = keys.map((key) => this.string(key));
        return this.dict(keyObjects, keys.map((key) => this.value(record[key])));
      }
    }
    throw new Error(`a plist cannot hold ${String(value)}`);
  }

  /** ASCII one byte per character, anything else as UTF-16 (big-endian), as Apple writes strings. */
  string(text: string): number {
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    const start = this.begin();
    this.strings.set(text, start);
    let ascii = true;
    for (let index = 0; index < text.length && ascii; index += 1) ascii = text.charCodeAt(index) < 0x80;
    this.head(ascii ? 0x50 : 0x60, text.length);
    this.room(2 * text.length);
    if (ascii) {
      this.at += this.out.write(text, this.at, 'latin1');
    } else {
      const from = this.at;
      this.at += this.out.write(text, this.at, 'utf16le');
      this.out.subarray(from, this.at).swap16();
    }
    return start;
  }

  data(bytes: Buffer): number {
    const start = this.begin();
    this.head(0x40, bytes.length);
    this.room(bytes.length);
    this.at += bytes.copy(this.out, this.at);
    return start;
  }

  int(value: number | bigint): number {
    const start = this.begin();
    this.intAt(value);
    return start;
  }

  real(value: number): number {
    const start = this.begin();
    this.room(9);
    this.at = this.out.writeDoubleBE(value, this.out.writeUInt8(0x23, this.at));
    return start;
  }

  date(value: Date): number {
    const start = this.begin();
    this.room(9);
    this.at = this.out.writeDoubleBE(value.getTime() / 1000 - APPLE_EPOCH_SECONDS, this.out.writeUInt8(0x33, this.at));
    return start;
  }

  bool(value: boolean): number {
    const start = this.begin();
    this.room(1);
    this.out[this.at++] = value ? 0x09 : 0x08;
    return start;
  }

  uid(value: number): number {
    const start = this.begin();
    this.room(5);
    if (value < 0x100) this.at = this.out.writeUInt8(value, this.out.writeUInt8(0x80, this.at));
    else if (value < 0x10000) this.at = this.out.writeUInt16BE(value, this.out.writeUInt8(0x81, this.at));
    else this.at = this.out.writeUInt32BE(value, this.out.writeUInt8(0x83, this.at));
    return start;
  }

  array(items: readonly number[]): number {
    const start = this.begin();
    this.head(0xa0, items.length);
    this.refs(items);
    return start;
  }

  dict(keys: readonly number[], values: readonly number[]): number {
    const start = this.begin();
    this.head(0xd0, keys.length);
    this.refs(keys);
    this.refs(values);
    return start;
  }

  /** Whether every reference fits the width this writer was made with. */
  fits(): boolean {
    return this.offsets.length <= 2 ** (8 * this.refSize);
  }

  /** The whole plist with `top` as its top object. */
  bytes(top: number): Buffer {
    if (!this.fits()) throw new Error(`a plist of ${this.offsets.length} objects needs references wider than ${this.refSize} byte(s)`);
    const count = this.offsets.length;
    const tableAt = this.at;
    const offsetSize = tableAt < 0x100 ? 1 : tableAt < 0x10000 ? 2 : 4;
    this.room(count * offsetSize + 32);
    const { out } = this;
    out.write('bplist00', 0, 'latin1');
    for (const offset of this.offsets) this.at = out.writeUIntBE(offset, this.at, offsetSize);
    out.fill(0, this.at, this.at + 32);
    out[this.at + 6] = offsetSize;
    out[this.at + 7] = this.refSize;
    out.writeUInt32BE(count, this.at + 12);
    out.writeUInt32BE(top, this.at + 20);
    out.writeUInt32BE(tableAt, this.at + 28);
    return out.subarray(0, this.at + 32);
  }

  /** Starts a new object; returns its number. */
  private begin(): number {
    return this.offsets.push(this.at) - 1;
  }

  /** Object numbers, `refSize` bytes each (a number past the width is caught by {@link fits}). */
  private refs(objects: readonly number[]): void {
    this.room(objects.length * this.refSize);
    for (const object of objects) {
      if (this.refSize === 1) this.out[this.at++] = object & 0xff;
      else this.at = this.refSize === 2 ? this.out.writeUInt16BE(object & 0xffff, this.at) : this.out.writeUInt32BE(object, this.at);
    }
  }

  /** A marker with its count: in the low nibble below 15, else in an integer object after it. */
  private head(marker: number, count: number): void {
    this.room(1);
    if (count < 15) {
      this.out[this.at++] = marker | count;
      return;
    }
    this.out[this.at++] = marker | 0x0f;
    this.intAt(count);
  }

  /** An integer object: 1, 2 or 4 bytes unsigned, 8 bytes signed (negative or 2^32 and above). */
  private intAt(value: number | bigint): void {
    this.room(9);
    const { out } = this;
    if (value >= 0 && value < 0x100) this.at = out.writeUInt8(Number(value), out.writeUInt8(0x10, this.at));
    else if (value >= 0 && value < 0x10000) this.at = out.writeUInt16BE(Number(value), out.writeUInt8(0x11, this.at));
    else if (value >= 0 && value < 0x100000000) this.at = out.writeUInt32BE(Number(value), out.writeUInt8(0x12, this.at));
    else this.at = out.writeBigInt64BE(BigInt(value), out.writeUInt8(0x13, this.at));
  }

  /** Grows the buffer so `bytes` more fit (and a count's integer before them). */
  private room(bytes: number): void {
    if (this.at + bytes + 16 <= this.out.length) return;
    const bigger = Buffer.allocUnsafe(2 * (this.at + bytes + 16));
    this.out.copy(bigger, 0, 0, this.at);
    this.out = bigger;
  }
}
