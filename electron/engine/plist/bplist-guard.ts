/**
 * A structural check of a binary plist before bplist-parser decodes it. The parser trusts the file: it
 * builds its offset table from the trailer's object count (16 million entries from a 40-byte file), reads
 * container lengths the file cannot hold, follows cycles until the stack breaks, and expands every shared
 * reference again (a few hundred bytes that refer to themselves in layers decode to billions of values; one
 * long string referenced a thousand times is copied a thousand times). This walk checks every count against
 * the bytes present, refuses cycles and deep nesting, and adds up what decoding would produce, memoized per
 * object, so a hostile plist is refused in time and memory proportional to its size.
 */

/** Decoding may produce this many times the file's size (Apple's writers share repeated strings). */
const EXPANSION_FACTOR = 16;
/** Headroom for small plists full of shared keys. */
const EXPANSION_SLACK = 1 << 20;
/** Past the file's own size, what decoding may add at most, however large the file (memory stays bounded). */
const MAX_EXPANSION_BYTES = 32 * 1024 * 1024;

/** Real plists nest a few dozen levels at most; the parser recurses, so depth must stay well inside the stack. */
const MAX_DEPTH = 512;
const HEADER = 8;
const TRAILER = 32;

/** What decoding a plist of `length` bytes may produce (in bytes, roughly). */
export function decodeBudget(length: number): number {
  return Math.min(EXPANSION_FACTOR * length + EXPANSION_SLACK, length + MAX_EXPANSION_BYTES);
}

interface Layout {
  bytes: Buffer;
  offsetSize: number;
  refSize: number;
  count: number;
  tableOffset: number;
}

/** An object's children (by object number) and what decoding it alone produces (in bytes, roughly). */
interface Shape {
  children: number[];
  ownCost: number;
}

/**
 * Throws an Error saying what is wrong when `bytes` (a `bplist00` file) is not safe to decode.
 * Called before bplist-parser; the caller turns the Error into its CradleError.
 */
export function checkBinaryPlist(bytes: Buffer): void {
  const layout = readTrailer(bytes);
  const top = Number(bytes.readBigUInt64BE(bytes.length - TRAILER + 16));
  if (top >= layout.count) throw new Error('the top object is not in the offset table');
  const budget = decodeBudget(bytes.length);
  const cost = new Map<number, number>();
  const open = new Set<number>();
  // Explicit stack: a hostile file must not be able to overflow this walk either.
  const stack: { object: number; shape: Shape; next: number; sum: number }[] = [];
  const enter = (object: number) => {
    if (open.has(object)) throw new Error(`object ${object} contains itself`);
    if (stack.length >= MAX_DEPTH) throw new Error(`it nests deeper than ${MAX_DEPTH} levels`);
    open.add(object);
    const shape = shapeOf(layout, object);
    stack.push({ object, shape, next: 0, sum: shape.ownCost });
  };
  enter(top);
  while (stack.length > 0) {
    const frame = stack.at(-1)!;
    const child = frame.shape.children[frame.next];
    if (child !== undefined) {
      frame.next += 1;
      const known = cost.get(child);
      if (known === undefined) enter(child);
      else frame.sum += known;
    } else {
      stack.pop();
      open.delete(frame.object);
      cost.set(frame.object, frame.sum);
      const parent = stack.at(-1);
      if (parent) parent.sum += frame.sum;
    }
    if ((stack.at(-1)?.sum ?? 0) > budget) throw new Error('it would decode to far more data than the file holds');
  }
}

function readTrailer(bytes: Buffer): Layout {
  if (bytes.length < HEADER + TRAILER + 1) throw new Error('it is too short to be a binary plist');
  const trailer = bytes.length - TRAILER;
  const offsetSize = bytes[trailer + 6]!;
  const refSize = bytes[trailer + 7]!;
  if (offsetSize < 1 || offsetSize > 8 || refSize < 1 || refSize > 8) throw new Error('its trailer gives impossible sizes');
  const count = bytes.readBigUInt64BE(trailer + 8);
  const tableOffset = bytes.readBigUInt64BE(trailer + 24);
  // Checked as BigInt: a claimed count of 2^63 must not become a float that passes the comparison.
  if (count < 1n || tableOffset < HEADER || tableOffset + count * BigInt(offsetSize) > BigInt(trailer)) {
    throw new Error('its offset table does not fit in the file');
  }
  return { bytes, offsetSize, refSize, count: Number(count), tableOffset: Number(tableOffset) };
}

/** Reads the marker of object `object`: its children and own cost, every length checked against the file. */
function shapeOf(layout: Layout, object: number): Shape {
  const { bytes, offsetSize, refSize, count, tableOffset } = layout;
  const offset = bytes.readUIntBE(tableOffset + object * offsetSize, offsetSize);
  if (offset < HEADER || offset >= tableOffset) throw new Error(`object ${object} lies outside the object area`);
  const marker = bytes[offset]!;
  const type = marker >> 4;
  const info = marker & 0x0f;
  const fits = (length: number) => {
    if (length > tableOffset - offset) throw new Error(`object ${object} runs past the object area`);
  };
  const leaf = (length: number, ownCost = 1): Shape => {
    fits(1 + length);
    return { children: [], ownCost };
  };
  switch (type) {
    case 0x0:
      if (info !== 0 && info !== 8 && info !== 9 && info !== 15) break;
      return leaf(0);
    case 0x1: return info <= 4 ? leaf(1 << info) : fail(object, 'an integer longer than 16 bytes');
    case 0x2: return info === 2 || info === 3 ? leaf(1 << info) : fail(object, 'a real of an unknown size');
    case 0x3: return info === 3 ? leaf(8) : fail(object, 'a date of an unknown size');
    case 0x8: return leaf(info + 1);
    case 0x4:
    case 0x5:
    case 0x6: {
      const { length, start } = lengthOf(layout, offset, info, object);
      const payload = length * (type === 0x6 ? 2 : 1);
      fits(start - offset + payload);
      // Strings are copied by the parser; data is a view of the file.
      return { children: [], ownCost: type === 0x4 ? 1 : 1 + payload };
    }
    case 0xa:
    case 0xd: {
      const { length, start } = lengthOf(layout, offset, info, object);
      const refs = length * (type === 0xd ? 2 : 1);
      fits(start - offset + refs * refSize);
      const children: number[] = [];
      for (let index = 0; index < refs; index++) {
        const child = bytes.readUIntBE(start + index * refSize, refSize);
        if (child >= count) throw new Error(`object ${object} refers to object ${child}, which does not exist`);
        children.push(child);
      }
      return { children, ownCost: 1 + refs };
    }
  }
  return fail(object, `an unknown marker 0x${marker.toString(16)}`);
}

/** The element count of a string, data or container: in the marker, or in an integer object after it. */
function lengthOf({ bytes, tableOffset }: Layout, offset: number, info: number, object: number): { length: number; start: number } {
  if (info !== 0x0f) return { length: info, start: offset + 1 };
  const intMarker = bytes[offset + 1];
  if (intMarker === undefined || intMarker >> 4 !== 0x1 || (intMarker & 0x0f) > 3) return fail(object, 'a length that is not an integer');
  const size = 1 << (intMarker & 0x0f);
  if (offset + 2 + size > tableOffset) return fail(object, 'a length past the object area');
  const length = size === 8 ? Number(bytes.readBigUInt64BE(offset + 2)) : bytes.readUIntBE(offset + 2, size);
  return { length, start: offset + 2 + size };
}

function fail(object: number, what: string): never {
  throw new Error(`object ${object} is ${what}`);
}
