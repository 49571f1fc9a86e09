/**
 * Writes XML plists (every usbmuxd and lockdownd request): the document `plist`'s builder writes, byte for
 * byte, without building a DOM per message. Characters an XML reader would turn into a plain newline (CR,
 * NEL, LINE and PARAGRAPH SEPARATOR) are written as character references, so a string comes back exactly as
 * it went in; characters XML cannot hold at all (most control characters, lone surrogates, U+FFFE/FFFF) are
 * refused. Undefined and null values are left out, as the builder leaves them out.
 */

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n';
const NOT_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const ESCAPED = /[&<>\r\u0085\u2028\u2029]/g;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;', '\u0085': '&#x85;', '\u2028': '&#x2028;', '\u2029': '&#x2029;' };

/** The XML plist document of `value`. */
export function writeXmlPlist(value: unknown): string {
  if (value === undefined || value === null) return `${HEAD}<plist version="1.0"/>`;
  const lines: string[] = [`${HEAD}<plist version="1.0">`];
  writeValue(value, '  ', lines);
  lines.push('</plist>');
  return lines.join('\n');
}

function writeValue(value: unknown, indent: string, lines: string[]): void {
  switch (typeof value) {
    case 'string':
      lines.push(value === '' ? `${indent}<string/>` : `${indent}<string>${text(value)}</string>`);
      return;
    case 'number':
      lines.push(Number.isInteger(value) ? `${indent}<integer>${String(value)}</integer>` : `${indent}<real>${String(value)}</real>`);
      return;
    case 'bigint':
      lines.push(`${indent}<integer>${value.toString()}</integer>`);
      return;
    case 'boolean':
      lines.push(`${indent}<${value ? 'true' : 'false'}/>`);
      return;
    case 'object':
      break;
    default:
      throw new Error(`A ${typeof value} cannot be written in a plist.`);
  }
  if (value instanceof Uint8Array) {
    const base64 = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
    lines.push(base64 === '' ? `${indent}<data/>` : `${indent}<data>${base64}</data>`);
  } else if (value instanceof Date) {
    lines.push(`${indent}<date>${value.toISOString().replace(/\.\d{3}Z$/, 'Z')}</date>`);
  } else if (Array.isArray(value)) {
    const items = value.filter((item) => item !== undefined && item !== null);
    if (items.length === 0) return void lines.push(`${indent}<array/>`);
    lines.push(`${indent}<array>`);
    for (const item of items) writeValue(item, `${indent}  `, lines);
    lines.push(`${indent}</array>`);
  } else {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined && item !== null);
    if (entries.length === 0) return void lines.push(`${indent}<dict/>`);
    lines.push(`${indent}<dict>`);
    for (const [key, item] of entries) {
      lines.push(key === '' ? `${indent}  <key/>` : `${indent}  <key>${text(key)}</key>`);
      writeValue(item, `${indent}  `, lines);
    }
    lines.push(`${indent}</dict>`);
  }
}

function text(value: string): string {
  if (NOT_XML.test(value)) throw new Error(`Invalid character in string: ${JSON.stringify(value.slice(0, 40))}`);
  return value.replace(ESCAPED, (char) => ENTITY[char]!);
}
