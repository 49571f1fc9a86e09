/**
 * Exif APP1 segment for generated photos (Make, Model, dates, pixel size) and filler APPn segments that
 * bring a photo to a realistic size without changing the picture decoders show.
 */
import { byteStream } from './random.ts';

interface IfdEntry {
  tag: number;
  type: 'ascii' | 'short' | 'long';
  value: string | number;
}

const TYPE_CODES = { ascii: 2, short: 3, long: 4 } as const;

/** Writes one IFD at `offset` of a little-endian TIFF; values over 4 bytes go right after it. */
function ifd(entries: IfdEntry[], offset: number, pointerFixups: Map<number, number>): Buffer {
  const tableSize = 2 + entries.length * 12 + 4;
  const table = Buffer.alloc(tableSize);
  const extra: Buffer[] = [];
  let extraOffset = offset + tableSize;
  table.writeUInt16LE(entries.length, 0);
  entries.forEach((entry, i) => {
    const at = 2 + i * 12;
    table.writeUInt16LE(entry.tag, at);
    table.writeUInt16LE(TYPE_CODES[entry.type], at + 2);
    if (entry.type === 'ascii') {
      const text = Buffer.from(`${entry.value}\0`, 'latin1');
      table.writeUInt32LE(text.length, at + 4);
      if (text.length <= 4) text.copy(table, at + 8);
      else {
        table.writeUInt32LE(extraOffset, at + 8);
        const padded = text.length % 2 ? Buffer.concat([text, Buffer.alloc(1)]) : text;
        extra.push(padded);
        extraOffset += padded.length;
      }
    } else {
      table.writeUInt32LE(1, at + 4);
      if (entry.type === 'short') table.writeUInt16LE(entry.value as number, at + 8);
      else table.writeUInt32LE(entry.value as number, at + 8);
      if (pointerFixups.has(entry.tag)) pointerFixups.set(entry.tag, offset + at + 8);
    }
  });
  return Buffer.concat([table, ...extra]);
}

/** Camera facts written into a photo. */
export interface ExifFacts {
  make: string;
  model: string;
  software: string;
  /** "YYYY:MM:DD HH:MM:SS". */
  dateTime: string;
  width: number;
  height: number;
}

/** Builds the APP1 Exif segment (marker included). */
export function exifSegment(facts: ExifFacts): Buffer {
  const fixups = new Map<number, number>([[0x8769, 0]]);
  const ifd0 = ifd([
    { tag: 0x010f, type: 'ascii', value: facts.make },
    { tag: 0x0110, type: 'ascii', value: facts.model },
    { tag: 0x0112, type: 'short', value: 1 },
    { tag: 0x0131, type: 'ascii', value: facts.software },
    { tag: 0x0132, type: 'ascii', value: facts.dateTime },
    { tag: 0x8769, type: 'long', value: 0 },
  ], 8, fixups);
  const exifOffset = 8 + ifd0.length;
  const exifIfd = ifd([
    { tag: 0x9003, type: 'ascii', value: facts.dateTime },
    { tag: 0x9004, type: 'ascii', value: facts.dateTime },
    { tag: 0xa002, type: 'long', value: facts.width },
    { tag: 0xa003, type: 'long', value: facts.height },
  ], exifOffset, new Map());
  const header = Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]);
  const tiff = Buffer.concat([header, ifd0, exifIfd]);
  tiff.writeUInt32LE(exifOffset, fixups.get(0x8769) as number);
  return appSegment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]));
}

function appSegment(marker: number, body: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

const FILLER_BODY = 65533 - 12;

/**
 * APP11 segments with an identifier decoders do not know, holding `bytes` deterministic bytes in total:
 * they skip them, so the photo keeps its picture and gains a camera-like size.
 */
export function fillerSegments(bytes: number, ...seed: string[]): Buffer[] {
  const next = byteStream('filler', ...seed);
  const segments: Buffer[] = [];
  for (let left = bytes; left > 16; left -= FILLER_BODY + 16) {
    const size = Math.min(FILLER_BODY, left - 16);
    segments.push(appSegment(0xeb, Buffer.concat([Buffer.from('CradleFill\0\0', 'latin1'), next(size)])));
  }
  return segments;
}
