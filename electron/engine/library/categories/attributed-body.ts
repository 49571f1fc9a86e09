/**
 * The text of a message whose `text` column is empty: since iOS 16 sms.db often keeps it only in
 * `attributedBody`, an NSAttributedString archived in NeXTSTEP typedstream format. Its string is the first
 * object after the `NSString` class name: a `+` type tag, a length (one byte; 0x81 then u16 LE; 0x82 then
 * u32 LE) and the UTF-8 bytes. Only that string is needed, so only that much of the format is read.
 */

const MARKER = Buffer.from('NSString', 'latin1');
/** How far after the class name the string's `+` tag may be (class version and reference bytes). */
const SEARCH_WINDOW = 16;

/** The plain text of an attributedBody blob, or undefined when it holds none Cradle can find. */
export function attributedBodyText(blob: Buffer): string | undefined {
  const marker = blob.indexOf(MARKER);
  if (marker < 0) return undefined;
  const start = marker + MARKER.length;
  const tag = blob.subarray(start, start + SEARCH_WINDOW).indexOf(0x2b);
  if (tag < 0) return undefined;
  let at = start + tag + 1;
  const first = blob[at];
  if (first === undefined) return undefined;
  let length: number;
  if (first === 0x81 && at + 3 <= blob.length) {
    length = blob.readUInt16LE(at + 1);
    at += 3;
  } else if (first === 0x82 && at + 5 <= blob.length) {
    length = blob.readUInt32LE(at + 1);
    at += 5;
  } else if (first < 0x80) {
    length = first;
    at += 1;
  } else {
    return undefined;
  }
  if (at + length > blob.length) return undefined;
  return blob.subarray(at, at + length).toString('utf8');
}
