/**
 * Thumbnails for the photo grid without decoding images: a camera JPEG carries a small JPEG in its Exif
 * data (APP1 "Exif", TIFF IFD1 tags 0x0201 offset / 0x0202 length), found in the first few hundred
 * kilobytes; without one, a small original in a format browsers show is the thumbnail itself.
 */
import type { Readable } from 'node:stream';
import type { Thumbnail } from '../../../../shared/categories.ts';
import type { BackupContents } from '../backup-reader.ts';

/** The Exif segment is near the start: APP1 is at most 64 KiB, after APP0 and maybe a few others. */
const PREFIX_BYTES = 256 * 1024;
/** Originals up to this size are sent as their own thumbnail. */
const ORIGINAL_LIMIT = 4 * 1024 * 1024;

const BROWSER_IMAGE_TYPES: Record<string, string> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp',
};

/**
 * A thumbnail for one camera roll (or any image) file of the backup: the embedded Exif thumbnail when the
 * JPEG has one, else the original when small and in a format a browser shows; undefined otherwise (videos,
 * HEIC without a thumbnail, large files) or when the backup does not hold the file.
 */
export async function readThumbnail(contents: BackupContents, file: { domain: string; relativePath: string }): Promise<Thumbnail | undefined> {
  const entry = contents.find(file.domain, file.relativePath);
  if (entry?.kind !== 'file') return undefined;
  const mime = BROWSER_IMAGE_TYPES[file.relativePath.slice(file.relativePath.lastIndexOf('.') + 1).toLowerCase()];
  if (mime === 'image/jpeg') {
    const embedded = exifThumbnail(await readPrefix(contents.openStream(entry), PREFIX_BYTES));
    if (embedded) return { bytes: embedded, mime: 'image/jpeg', source: 'exif' };
  }
  if (!mime || contents.details(entry).size > ORIGINAL_LIMIT) return undefined;
  const bytes = await contents.readFile(entry, ORIGINAL_LIMIT * 2).catch(() => undefined);
  return bytes && bytes.length <= ORIGINAL_LIMIT ? { bytes, mime, source: 'original' } : undefined;
}

/** The JPEG thumbnail inside a JPEG's Exif segment, when there is one and it is a whole JPEG. */
export function exifThumbnail(jpeg: Buffer): Buffer | undefined {
  if (jpeg.length < 4 || jpeg.readUInt16BE(0) !== 0xffd8) return undefined;
  let at = 2;
  while (at + 4 <= jpeg.length && jpeg[at] === 0xff) {
    const marker = jpeg[at + 1] ?? 0;
    if (marker === 0xda || marker === 0xd9) return undefined;
    const length = jpeg.readUInt16BE(at + 2);
    if (length < 2) return undefined;
    const body = jpeg.subarray(at + 4, at + 2 + length);
    if (marker === 0xe1 && body.subarray(0, 6).toString('latin1') === 'Exif\0\0') return thumbnailOfTiff(body.subarray(6));
    at += 2 + length;
  }
  return undefined;
}

function thumbnailOfTiff(tiff: Buffer): Buffer | undefined {
  if (tiff.length < 8) return undefined;
  const order = tiff.subarray(0, 2).toString('latin1');
  if (order !== 'II' && order !== 'MM') return undefined;
  const little = order === 'II';
  const u16 = (at: number) => (at + 2 <= tiff.length ? (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at)) : undefined);
  const u32 = (at: number) => (at + 4 <= tiff.length ? (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at)) : undefined);
  const ifd0 = u32(4);
  const count0 = ifd0 === undefined ? undefined : u16(ifd0);
  if (ifd0 === undefined || count0 === undefined) return undefined;
  const ifd1 = u32(ifd0 + 2 + count0 * 12);
  const count1 = ifd1 ? u16(ifd1) : undefined;
  if (!ifd1 || count1 === undefined) return undefined;
  let offset: number | undefined;
  let length: number | undefined;
  for (let i = 0; i < count1; i++) {
    const entry = ifd1 + 2 + i * 12;
    const tag = u16(entry);
    if (tag === 0x0201) offset = u32(entry + 8);
    if (tag === 0x0202) length = u32(entry + 8);
  }
  if (offset === undefined || !length || length < 2 || offset + length > tiff.length) return undefined;
  const thumbnail = tiff.subarray(offset, offset + length);
  return thumbnail.readUInt16BE(0) === 0xffd8 ? Buffer.from(thumbnail) : undefined;
}

/** The first `limit` bytes of a stream (fewer when it is shorter); the rest is never read. */
async function readPrefix(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      chunks.push(buffer);
      total += buffer.length;
      if (total >= limit) break;
    }
  } catch {
    // A damaged file still gives whatever prefix was read: the thumbnail may be in it.
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, limit);
}
