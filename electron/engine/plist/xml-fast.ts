/**
 * A small reader for the XML plists usbmuxd and lockdownd send: the plain, well-formed shape only (an XML
 * declaration, a DOCTYPE, `<plist>` with dict, array, key, string, integer, real, data, date, true, false).
 * Anything else — comments, CDATA, other entities, attributes, line ends an XML reader would rewrite, values
 * it would read loosely (`<integer>12abc</integer>`), `__proto__` keys, deep nesting, a byte order mark —
 * is declined, and the full parser (`plist` over xmldom) reads the document as before. What this reader
 * accepts it reads exactly as the full parser does (plist/xml-fast.test.ts compares both).
 */

/** Returned when the document is not of the plain shape this reader handles. */
export const DECLINED: unique symbol = Symbol('declined');

/** How deep this reader follows nested containers before leaving the document to the full parser. */
const MAX_DEPTH = 256;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const INTEGER = /^-?[0-9]{1,16}$/;
const REAL = /^-?[0-9]{1,20}(\.[0-9]{1,20})?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$/;
/** Characters the full parser rewrites (line ends) or that a plain document does not hold. */
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const UNUSUAL = /[\r\u0085\u2028\u2029\uFEFF\0-\x08\x0b\x0c\x0e-\x1f]/;

class Declined extends Error {}

/**
 * The value of an XML plist of the plain shape, or {@link DECLINED} when the document is anything else.
 * Data values come back as Buffer.
 */
export function readXmlPlistFast(xml: string): unknown {
  if (UNUSUAL.test(xml)) return DECLINED;
  try {
    return new Reader(xml).document();
  } catch (error) {
    if (error instanceof Declined) return DECLINED;
    throw error;
  }
}

class Reader {
  private at = 0;
  constructor(private readonly xml: string) {}

  document(): unknown {
    if (this.xml.startsWith('<?xml', this.at)) this.skipPast('?>', /^<\?xml(\s+[a-zA-Z]+="[^"<>&]*")*\s*\?>$/);
    this.space();
    if (this.xml.startsWith('<!DOCTYPE', this.at)) this.skipPast('>', /^<!DOCTYPE plist PUBLIC "[^"<>[\]]*" "[^"<>[\]]*">$/);
    this.space();
    const open = /^<plist(\s+version="1\.0")?\s*(\/?)>/.exec(this.xml.slice(this.at, this.at + 40));
    if (!open) throw new Declined();
    this.at += open[0].length;
    const values: unknown[] = [];
    if (!open[2]) {
      for (;;) {
        this.space();
        if (this.xml.startsWith('</plist>', this.at)) break;
        values.push(this.value(0));
      }
      this.at += '</plist>'.length;
    }
    this.space();
    if (this.at !== this.xml.length) throw new Declined();
    return values.length === 1 ? values[0] : values;
  }

  private value(depth: number): unknown {
    if (depth > MAX_DEPTH) throw new Declined();
    const tag = /^<([a-z]+)(\/?)>/.exec(this.xml.slice(this.at, this.at + 12));
    if (!tag) throw new Declined();
    this.at += tag[0].length;
    const [, name, empty] = tag as unknown as [string, string, string];
    if (name === 'dict') return empty ? {} : this.dict(depth);
    if (name === 'array') return empty ? [] : this.array(depth);
    if (name === 'true' || name === 'false') {
      if (!empty) this.close(name);
      return name === 'true';
    }
    const text = empty ? '' : this.text(name);
    switch (name) {
      case 'string':
        return text;
      case 'integer':
        if (!INTEGER.test(text) || !Number.isSafeInteger(Number(text))) throw new Declined();
        return Number(text);
      case 'real':
        if (!REAL.test(text)) throw new Declined();
        return Number(text);
      case 'data': {
        const base64 = text.replace(/[ \t\n]+/g, '');
        if (!BASE64.test(base64)) throw new Declined();
        return Buffer.from(base64, 'base64');
      }
      case 'date':
        if (!DATE.test(text)) throw new Declined();
        return new Date(text);
      default:
        throw new Declined();
    }
  }

  private dict(depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (;;) {
      this.space();
      if (this.xml.startsWith('</dict>', this.at)) {
        this.at += '</dict>'.length;
        return out;
      }
      let key = '';
      if (this.xml.startsWith('<key>', this.at)) {
        this.at += '<key>'.length;
        key = this.text('key');
      } else if (this.xml.startsWith('<key/>', this.at)) this.at += '<key/>'.length;
      else throw new Declined();
      // A key without a value or a `__proto__` key: the full parser's own rules apply.
      if (key === '__proto__') throw new Declined();
      this.space();
      if (this.xml.startsWith('</dict>', this.at) || this.xml.startsWith('<key', this.at)) throw new Declined();
      out[key] = this.value(depth + 1);
    }
  }

  private array(depth: number): unknown[] {
    const out: unknown[] = [];
    for (;;) {
      this.space();
      if (this.xml.startsWith('</array>', this.at)) {
        this.at += '</array>'.length;
        return out;
      }
      out.push(this.value(depth + 1));
    }
  }

  /** The text up to `</name>`, its references decoded; declines text holding markup or unknown references. */
  private text(name: string): string {
    const end = this.xml.indexOf('<', this.at);
    if (end < 0 || !this.xml.startsWith(`</${name}>`, end)) throw new Declined();
    const raw = this.xml.slice(this.at, end);
    this.at = end + name.length + 3;
    if (raw.includes('>')) throw new Declined();
    return raw.includes('&') ? decodeReferences(raw) : raw;
  }

  private close(name: string): void {
    if (!this.xml.startsWith(`</${name}>`, this.at)) throw new Declined();
    this.at += name.length + 3;
  }

  private space(): void {
    while (this.at < this.xml.length) {
      const code = this.xml.charCodeAt(this.at);
      if (code !== 0x20 && code !== 0x0a && code !== 0x09) return;
      this.at += 1;
    }
  }

  private skipPast(end: string, shape: RegExp): void {
    const stop = this.xml.indexOf(end, this.at);
    if (stop < 0 || !shape.test(this.xml.slice(this.at, stop + end.length))) throw new Declined();
    this.at = stop + end.length;
  }
}

function decodeReferences(raw: string): string {
  return raw.replace(/&([^;&]*);?/g, (whole, body: string) => {
    if (!whole.endsWith(';')) throw new Declined();
    const named = ENTITIES[body];
    if (named) return named;
    const number = /^#x([0-9a-fA-F]{1,6})$/.exec(body)?.[1] ?? /^#([0-9]{1,7})$/.exec(body)?.[1];
    if (number === undefined) throw new Declined();
    const code = body[1] === 'x' ? parseInt(number, 16) : parseInt(number, 10);
    const allowed = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
    if (!allowed) throw new Declined();
    return String.fromCodePoint(code);
  });
}
