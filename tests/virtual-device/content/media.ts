/**
 * Camera roll files: JPEG photos (real, decodable, distinct) and QuickTime movies (plausible header, opaque
 * payload) in CameraRollDomain Media/DCIM/1xxAPPLE, streamed to disk with bounded memory.
 */
import fs from 'node:fs';
import { drawScene } from './art.ts';
import { scratchPath, type ContentContext } from './context.ts';
import { exifSegment, fillerSegments } from './exif.ts';
import { encodeJpeg } from './jpeg.ts';
import { stableUuid, writeRandomBytes } from './random.ts';
import { appleSeconds, exifDate } from './time.ts';

/** One camera roll item, as Photos.sqlite describes it. */
export interface MediaAsset {
  /** Relative to Media/, e.g. "DCIM/100APPLE". */
  directory: string;
  filename: string;
  kind: 'photo' | 'video';
  width: number;
  height: number;
  /** Unix seconds. */
  created: number;
  size: number;
  uuid: string;
  duration: number;
  uti: string;
}

/** Domain of the camera roll. */
export const CAMERA_ROLL = 'CameraRollDomain';
/** APP0 is the first 20 bytes of every JPEG the encoder writes: Exif and filler go right after it. */
const APP0_END = 20;

/** The camera roll in progress: numbering continues across default photos and size-knob media. */
export class CameraRoll {
  readonly assets: MediaAsset[] = [];
  private readonly pool = new Map<string, Buffer>();

  constructor(private readonly context: ContentContext) {}

  /** Adds a photo drawn for this index; `targetBytes` pads it to a camera-like size. */
  addPhoto(created: number, options: { width?: number; height?: number; targetBytes?: number; pooled?: boolean } = {}): MediaAsset {
    const index = this.assets.length + 1;
    const portrait = (index % 3) === 0;
    const width = options.width ?? (portrait ? 480 : 640);
    const height = options.height ?? (portrait ? 640 : 480);
    // Large size-knob photos reuse a few drawn pictures (drawing is the slow part); filler keeps them distinct.
    const key = options.pooled ? `${width}x${height}:${index % 12}` : `${width}x${height}:${index}`;
    let base = this.pool.get(key);
    if (!base) {
      base = encodeJpeg(drawScene(width, height, this.context.udid, 'photo', key), { quality: 88 });
      if (options.pooled) this.pool.set(key, base);
    }
    const exif = exifSegment({
      make: 'Apple', model: modelName(this.context.persona.productType), software: '17.5.1', dateTime: exifDate(created), width, height,
    });
    const fillerBytes = Math.max(0, (options.targetBytes ?? 0) - base.length - exif.length);
    const jpeg = Buffer.concat([base.subarray(0, APP0_END), exif, ...fillerSegments(fillerBytes, this.context.udid, String(index)), base.subarray(APP0_END)]);
    const asset = this.asset(index, 'JPG', 'photo', width, height, created, jpeg.length, 0, 'public.jpeg');
    this.context.store.writeFile(CAMERA_ROLL, `Media/${asset.directory}/${asset.filename}`, jpeg, { lastModified: created, birth: created });
    return asset;
  }

  /** Adds a QuickTime movie of `bytes` bytes, streamed through a scratch file. */
  addVideo(created: number, bytes: number): MediaAsset {
    const index = this.assets.length + 1;
    const duration = Math.max(2, Math.round(bytes / 6_000_000 * 10) / 10);
    const asset = this.asset(index, 'MOV', 'video', 1920, 1080, created, 0, duration, 'com.apple.quicktime-movie');
    const scratch = scratchPath(this.context, asset.filename);
    const fd = fs.openSync(scratch, 'w');
    try {
      const moov = movieBox(created, duration);
      const payload = Math.max(8, bytes - 28 - moov.length);
      const head = Buffer.alloc(28);
      head.writeUInt32BE(20, 0);
      head.write('ftypqt  ', 4, 'latin1');
      head.write('qt  ', 16, 'latin1');
      head.writeUInt32BE(8, 20);
      head.write('wide', 24, 'latin1');
      const mdat = Buffer.alloc(8);
      mdat.writeUInt32BE(payload, 0);
      mdat.write('mdat', 4, 'latin1');
      fs.writeSync(fd, head);
      fs.writeSync(fd, mdat);
      writeRandomBytes(fd, payload - 8, this.context.udid, 'video', String(index));
      fs.writeSync(fd, moov);
    } finally {
      fs.closeSync(fd);
    }
    this.context.store.importFile(CAMERA_ROLL, `Media/${asset.directory}/${asset.filename}`, scratch, { lastModified: created, birth: created });
    asset.size = fs.statSync(this.context.store.pathOf(CAMERA_ROLL, `Media/${asset.directory}/${asset.filename}`)).size;
    return asset;
  }

  private asset(index: number, extension: string, kind: MediaAsset['kind'], width: number, height: number, created: number,
    size: number, duration: number, uti: string): MediaAsset {
    const asset: MediaAsset = {
      directory: `DCIM/${100 + Math.floor((index - 1) / 1000)}APPLE`, filename: `IMG_${String(index % 10000).padStart(4, '0')}.${extension}`,
      kind, width, height, created, size, duration, uti, uuid: stableUuid(this.context.udid, 'asset', String(index)),
    };
    this.assets.push(asset);
    return asset;
  }
}

/** A small standalone photo (Messages attachments, wallpapers), not part of the camera roll. */
export function standalonePhoto(context: ContentContext, width: number, height: number, created: number, ...seed: string[]): Buffer {
  const base = encodeJpeg(drawScene(width, height, context.udid, ...seed), { quality: 85 });
  const exif = exifSegment({ make: 'Apple', model: modelName(context.persona.productType), software: '17.5.1', dateTime: exifDate(created), width, height });
  return Buffer.concat([base.subarray(0, APP0_END), exif, base.subarray(APP0_END)]);
}

/** Marketing name of a product type, as the camera writes it in Exif. */
export function modelName(productType: string): string {
  const names: Record<string, string> = { 'iPhone15,2': 'iPhone 14 Pro', 'iPhone14,7': 'iPhone 14', 'iPad13,18': 'iPad (10th generation)' };
  return names[productType] ?? 'iPhone';
}

/** moov with a version-0 mvhd (QuickTime times count from 1904). */
function movieBox(created: number, duration: number): Buffer {
  const mvhd = Buffer.alloc(108);
  mvhd.writeUInt32BE(108, 0);
  mvhd.write('mvhd', 4, 'latin1');
  const macTime = appleSeconds(created) + 3_061_152_000;
  mvhd.writeUInt32BE(macTime >>> 0, 12);
  mvhd.writeUInt32BE(macTime >>> 0, 16);
  mvhd.writeUInt32BE(600, 20);
  mvhd.writeUInt32BE(Math.round(duration * 600), 24);
  mvhd.writeUInt32BE(0x00010000, 28);
  mvhd.writeUInt16BE(0x0100, 32);
  for (const [i, v] of [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000].entries()) mvhd.writeUInt32BE(v, 44 + i * 4);
  mvhd.writeUInt32BE(2, 104);
  const moov = Buffer.alloc(8);
  moov.writeUInt32BE(8 + mvhd.length, 0);
  moov.write('moov', 4, 'latin1');
  return Buffer.concat([moov, mvhd]);
}
