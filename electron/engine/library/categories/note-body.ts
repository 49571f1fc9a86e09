/**
 * The plain text of a note body. NoteStore.sqlite keeps each body in ZICNOTEDATA.ZDATA as a gzipped
 * protobuf: NoteStoreProto { 2: Document { 3: Note { 2: note_text (string), 5: attribute runs … } } }.
 * The text is the whole note, title line included; formatting (the attribute runs) and embedded objects
 * (U+FFFC placeholders for attachments, tables, drawings) are dropped. Only the wire format is parsed:
 * varint keys, and the three nested length-delimited fields on the way to the text.
 */
import { gunzipSync, inflateSync } from 'node:zlib';

/** Bodies that inflate beyond this are not read (a note is text; this guards against a crafted blob). */
const MAX_INFLATED_BYTES = 32 * 1024 * 1024;
const PATH_TO_TEXT = [2, 3, 2];

/** The note's text, or undefined when the blob is not a body Cradle can read. */
export function noteText(zdata: Buffer): string | undefined {
  let proto: Buffer;
  try {
    if (zdata[0] === 0x1f && zdata[1] === 0x8b) proto = gunzipSync(zdata, { maxOutputLength: MAX_INFLATED_BYTES });
    else if (zdata[0] === 0x78) proto = inflateSync(zdata, { maxOutputLength: MAX_INFLATED_BYTES });
    else proto = zdata;
  } catch {
    return undefined;
  }
  let message: Buffer | undefined = proto;
  for (const field of PATH_TO_TEXT) {
    message = message ? lengthDelimited(message, field) : undefined;
  }
  return message?.toString('utf8').replace(/\uFFFC/g, '');
}

/** The first length-delimited field `number` of a protobuf message, undefined when absent or malformed. */
function lengthDelimited(message: Buffer, number: number): Buffer | undefined {
  let at = 0;
  while (at < message.length) {
    const key = varint(message, at);
    if (!key) return undefined;
    at = key.next;
    const wireType = key.value % 8;
    const field = Math.floor(key.value / 8);
    if (wireType === 0) {
      const skipped = varint(message, at);
      if (!skipped) return undefined;
      at = skipped.next;
    } else if (wireType === 1) {
      at += 8;
    } else if (wireType === 5) {
      at += 4;
    } else if (wireType === 2) {
      const length = varint(message, at);
      if (!length || length.next + length.value > message.length) return undefined;
      if (field === number) return message.subarray(length.next, length.next + length.value);
      at = length.next + length.value;
    } else {
      return undefined;
    }
  }
  return undefined;
}

/** A base-128 varint (up to 10 bytes; large values lose precision, which only matters for skipped fields). */
function varint(buffer: Buffer, start: number): { value: number; next: number } | undefined {
  let value = 0;
  let scale = 1;
  for (let at = start; at < buffer.length && at < start + 10; at++) {
    const byte = buffer[at] ?? 0;
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return { value, next: at + 1 };
    scale *= 128;
  }
  return undefined;
}
