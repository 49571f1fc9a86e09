/**
 * The engine's plist codec: XML for usbmuxd and lockdownd, binary for DeviceLink and backup files.
 * bplist-parser 0.5 decodes 64-bit integers correctly; bplist-creator's Real keeps whole reals real.
 */
import bplistCreator from 'bplist-creator';
import { parseBuffer, setMaxObjectCount } from 'bplist-parser';
import { createRequire } from 'node:module';
import type * as Plist from 'plist';
import { CradleError } from '../../../shared/errors.ts';
import { DECLINED as BINARY_DECLINED, readBinaryPlistFast } from './bplist-fast.ts';
import { checkBinaryPlist } from './bplist-guard.ts';
import { DECLINED, readXmlPlistFast } from './xml-fast.ts';
import { writeXmlPlist } from './xml-write.ts';

/**
 * `plist` (an XML DOM parser and an XML builder, a third of the `cradle` command's engine) reads only what
 * the fast reader declines, so it is loaded then, from node_modules, and not at every start.
 */
const requireLater = createRequire(import.meta.url);

// The parser's default (32,768 objects) refuses real keychains and Info.plists of phones with many apps;
// checkBinaryPlist holds every count to the bytes present, so the file size bounds the work.
setMaxObjectCount(1 << 24);

/** Wraps a number that must be written as a real even when whole (ProtocolVersion 2.0, progress). */
export const PlistReal = bplistCreator.Real;

/**
 * Encodes a value as an XML plist (starts with `<?xml`). Buffers become data, Dates dates; a string comes
 * back exactly as it went in (see xml-write.ts).
 */
export function encodeXmlPlist(value: unknown): Buffer {
  return Buffer.from(writeXmlPlist(unwrapReals(value)), 'utf8');
}

/** Encodes a value as a binary plist. */
export function encodeBinaryPlist(value: unknown): Buffer {
  return bplistCreator(value as object);
}

/**
 * Decodes an XML or binary plist. Data values come back as Buffer.
 * @throws CradleError PROTOCOL when the bytes are not a plist.
 */
export function decodePlist(bytes: Buffer, what = 'plist'): unknown {
  try {
    if (bytes.subarray(0, 8).toString('latin1') === 'bplist00') {
      const fast = readBinaryPlistFast(bytes);
      if (fast !== BINARY_DECLINED) return fast;
      checkBinaryPlist(bytes);
      return parseBuffer(bytes)[0];
    }
    const xml = bytes.toString('utf8');
    // Memory follows the element count, not the bytes: refused before a reader builds anything.
    const elements = countTags(xml, MAX_XML_ELEMENTS);
    if (elements > MAX_XML_ELEMENTS) throw new Error(`it has more than ${MAX_XML_ELEMENTS} elements`);
    const plain = readXmlPlistFast(xml);
    if (plain !== DECLINED) return plain;
    if (elements > MAX_XML_DOM_ELEMENTS) throw new Error(`it is written unusually and has more than ${MAX_XML_DOM_ELEMENTS} elements`);
    return buffersFromXml(parseXmlQuietly(xml));
  } catch (error) {
    throw new CradleError('PROTOCOL', `Cradle received a ${what} it could not read.`, String(error));
  }
}

/**
 * Tags an XML plist may have. The fast reader needs about 80 bytes per element (a million: under 100 MB); the
 * full parser builds a DOM of about 1.5 KB per element, so it takes fewer. Real plists stay far below both
 * (an Info.plist of a phone with a thousand apps has tens of thousands).
 */
const MAX_XML_ELEMENTS = 1_000_000;
const MAX_XML_DOM_ELEMENTS = 60_000;

/** The number of `<` in `xml`, counted up to just past `limit`. */
function countTags(xml: string, limit: number): number {
  let count = 0;
  for (let at = xml.indexOf('<'); at !== -1 && count <= limit; at = xml.indexOf('<', at + 1)) count += 1;
  return count;
}

/**
 * The XML parser under `plist` reports every flaw of a malformed document on console.error, with the
 * document's own bytes: a hostile device would fill the logs with whatever it likes. Parsing is synchronous,
 * so nothing else can log while console.error is held; a document bad enough still throws.
 */
function parseXmlQuietly(xml: string): unknown {
  const report = console.error;
  console.error = () => undefined;
  try {
    const { parse } = requireLater('plist') as typeof Plist;
    return parse(xml);
  } finally {
    console.error = report;
  }
}

function unwrapReals(value: unknown): unknown {
  if (value instanceof PlistReal) return value.value;
  if (Array.isArray(value)) return value.map(unwrapReals);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapReals(v)]));
  return value;
}

function buffersFromXml(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (Array.isArray(value)) return value.map(buffersFromXml);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, buffersFromXml(v)]));
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !(value instanceof Date) && !(value instanceof Uint8Array);
}
