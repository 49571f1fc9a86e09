/**
 * The DER subset of keychain item plaintexts (PROTOCOLS.md §5): a SET of SEQUENCE{UTF8String name, value}
 * whose values are UTF8String, OCTET STRING, INTEGER, BOOLEAN or GeneralizedTime (other types read as bytes).
 */

/** A keychain attribute value. */
export type DerValue = string | Buffer | number | boolean | Date;

const TAG = { boolean: 0x01, integer: 0x02, octets: 0x04, utf8: 0x0c, generalizedTime: 0x18, sequence: 0x30, set: 0x31 } as const;

/** Encodes attributes as a DER SET of SEQUENCE{name, value}, elements sorted as DER requires. */
export function encodeAttributes(attributes: Readonly<Record<string, DerValue>>): Buffer {
  const elements = Object.entries(attributes).map(([name, value]) =>
    tlv(TAG.sequence, Buffer.concat([tlv(TAG.utf8, Buffer.from(name, 'utf8')), encodeValue(value)])));
  elements.sort(Buffer.compare);
  return tlv(TAG.set, Buffer.concat(elements));
}

/** Decodes a DER SET of SEQUENCE{name, value} into attributes; throws on anything else. */
export function decodeAttributes(der: Buffer): Record<string, DerValue> {
  const set = readTlv(der, 0);
  if (set.tag !== TAG.set || set.end !== der.length) throw new Error('keychain item is not a DER SET');
  const attributes: Record<string, DerValue> = {};
  for (let offset = 0; offset < set.content.length;) {
    const sequence = readTlv(set.content, offset);
    if (sequence.tag !== TAG.sequence) throw new Error('keychain attribute is not a SEQUENCE');
    const name = readTlv(sequence.content, 0);
    const value = readTlv(sequence.content, name.end);
    if (name.tag !== TAG.utf8) throw new Error('keychain attribute name is not a UTF8String');
    attributes[name.content.toString('utf8')] = decodeValue(value.tag, value.content);
    offset = sequence.end;
  }
  return attributes;
}

function encodeValue(value: DerValue): Buffer {
  if (typeof value === 'string') return tlv(TAG.utf8, Buffer.from(value, 'utf8'));
  if (Buffer.isBuffer(value)) return tlv(TAG.octets, value);
  if (typeof value === 'boolean') return tlv(TAG.boolean, Buffer.from([value ? 0xff : 0]));
  if (value instanceof Date) return tlv(TAG.generalizedTime, Buffer.from(generalizedTime(value), 'latin1'));
  return tlv(TAG.integer, integerBytes(value));
}

function decodeValue(tag: number, content: Buffer): DerValue {
  switch (tag) {
    case TAG.utf8: return content.toString('utf8');
    case TAG.octets: return Buffer.from(content);
    case TAG.boolean: return content[0] !== 0;
    case TAG.generalizedTime: return parseGeneralizedTime(content.toString('latin1'));
    case TAG.integer: return content.length === 0 ? 0 : Number(BigInt.asIntN(content.length * 8, BigInt(`0x${content.toString('hex')}`)));
    // Other types (from real devices' keychains) are kept as their raw content.
    default: return Buffer.from(content);
  }
}

/** Minimal two's complement big-endian bytes of an integer. */
function integerBytes(value: number): Buffer {
  if (!Number.isSafeInteger(value)) throw new Error(`keychain attribute ${value} is not an integer`);
  let n = BigInt(value);
  const bytes: number[] = [];
  do {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  } while (!((n === 0n && (bytes[0]! & 0x80) === 0) || (n === -1n && (bytes[0]! & 0x80) !== 0)));
  return Buffer.from(bytes);
}

/** `YYYYMMDDHHMMSS[.fff]Z` in UTC. */
function generalizedTime(date: Date): string {
  const iso = date.toISOString();
  const millis = iso.slice(20, 23);
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}${millis === '000' ? '' : `.${millis}`}Z`;
}

function parseGeneralizedTime(text: string): Date {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d+)?Z$/.exec(text);
  if (!match) throw new Error(`bad GeneralizedTime ${text}`);
  const [, y, mo, d, h, mi, s, fraction] = match;
  return new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${fraction ?? ''}Z`);
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), lengthBytes(content.length), content]);
}

function lengthBytes(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function readTlv(data: Buffer, offset: number): { tag: number; content: Buffer; end: number } {
  const tag = data[offset];
  let length = data[offset + 1];
  if (tag === undefined || length === undefined) throw new Error('truncated DER');
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new Error('unsupported DER length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (data[start + i] ?? 0);
    start += count;
  }
  const end = start + length;
  if (end > data.length) throw new Error('truncated DER');
  return { tag, content: data.subarray(start, end), end };
}
