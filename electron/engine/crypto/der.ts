/**
 * The DER subset of keychain item plaintexts (PROTOCOLS.md §5): a SET of SEQUENCE{UTF8String name, value}.
 * Bounded: single-byte tags, definite lengths of at most 4 bytes, every length checked against what is
 * left, a fixed depth (no recursion), so hostile bytes give `undefined`, never a crash or a big allocation.
 */

/** A decoded keychain attribute value. */
export type AttributeValue = string | number | Buffer;

const TAG = {
  boolean: 0x01, integer: 0x02, utf8: 0x0c, printable: 0x13, ia5: 0x16,
  generalizedTime: 0x18, sequence: 0x30, set: 0x31,
} as const;

interface Tlv {
  tag: number;
  content: Buffer;
  end: number;
}

/**
 * Decodes a DER SET of SEQUENCE{UTF8String name, value} into attributes. Values: strings stay strings,
 * INTEGER and BOOLEAN become numbers (an INTEGER too big for a double stays bytes), GeneralizedTime an
 * ISO 8601 string, OCTET STRING and any other type the raw content bytes.
 * @returns undefined when the bytes are not such a SET.
 */
export function decodeDerAttributes(der: Buffer): Record<string, AttributeValue> | undefined {
  const set = readTlv(der, 0);
  if (!set || set.tag !== TAG.set || set.end !== der.length) return undefined;
  const attributes: Record<string, AttributeValue> = {};
  for (let offset = 0; offset < set.content.length;) {
    const sequence = readTlv(set.content, offset);
    if (!sequence || sequence.tag !== TAG.sequence) return undefined;
    const name = readTlv(sequence.content, 0);
    const value = name && readTlv(sequence.content, name.end);
    if (!name || !value || name.tag !== TAG.utf8 || value.end !== sequence.content.length) return undefined;
    setAttribute(attributes, name.content.toString('utf8'), decodeValue(value));
    offset = sequence.end;
  }
  return attributes;
}

/** Sets an attribute, except `__proto__`, which would replace the object's prototype instead. */
export function setAttribute(attributes: Record<string, AttributeValue>, name: string, value: AttributeValue): void {
  if (name !== '__proto__') attributes[name] = value;
}

function decodeValue({ tag, content }: Tlv): AttributeValue {
  switch (tag) {
    case TAG.utf8: return content.toString('utf8');
    case TAG.printable:
    case TAG.ia5: return content.toString('latin1');
    case TAG.boolean: return content.some((byte) => byte !== 0) ? 1 : 0;
    case TAG.integer: return integerOf(content);
    case TAG.generalizedTime: return timeOf(content.toString('latin1'));
    default: return Buffer.from(content);
  }
}

/** Two's complement big-endian; six bytes at most fit a double exactly. */
function integerOf(content: Buffer): AttributeValue {
  if (content.length === 0) return 0;
  if (content.length > 6) return Buffer.from(content);
  return content.readIntBE(0, content.length);
}

/** `YYYYMMDDHHMMSS[.fff]Z` → ISO 8601; anything else stays as written. */
function timeOf(text: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d{1,9})?Z$/.exec(text);
  if (!match) return text;
  const [, year, month, day, hour, minute, second, fraction] = match;
  const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}${fraction?.slice(0, 4) ?? ''}Z`);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

function readTlv(data: Buffer, offset: number): Tlv | undefined {
  const tag = data[offset];
  const first = data[offset + 1];
  // High tag numbers (low five bits all set) do not occur in keychain items.
  if (tag === undefined || first === undefined || (tag & 0x1f) === 0x1f) return undefined;
  let start = offset + 2;
  let length = first;
  if (first & 0x80) {
    const count = first & 0x7f;
    // 0x80 is BER's indefinite length, not DER; more than 4 length bytes cannot fit any real item.
    if (count === 0 || count > 4 || start + count > data.length) return undefined;
    length = data.readUIntBE(start, count);
    start += count;
  }
  if (length > data.length - start) return undefined;
  return { tag, content: data.subarray(start, start + length), end: start + length };
}
