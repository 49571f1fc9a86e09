/**
 * Size knobs for benchmarks: `dataMb` adds about that many MiB in realistic shapes (videos, camera-sized
 * photos, many small app files) and `files` tops the device up to about that many files. Content streams
 * from a fast keystream, so 1 GB costs about what the disk costs, with bounded memory.
 */
import { bulkAppDomains } from './apps.ts';
import type { ContentContext } from './context.ts';
import type { CameraRoll } from './media.ts';
import { byteStream } from './random.ts';
import { REFERENCE_TIME } from './time.ts';

const MiB = 1024 * 1024;
const POOL_SIZE = 8 * MiB;

/** Size knobs of populateProfile. */
export interface SizeKnobs {
  dataMb?: number;
  files?: number;
}

interface Shares {
  video: number;
  photo: number;
  videoSize: [number, number];
  photoSize: [number, number];
}

/** How a data budget splits: big budgets get a few 100 MB+ videos, small ones only photos and app files. */
function sharesFor(dataMb: number): Shares {
  if (dataMb >= 1000) return { video: 0.3, photo: 0.4, videoSize: [100 * MiB, 300 * MiB], photoSize: [1 * MiB, 4 * MiB] };
  if (dataMb >= 100) return { video: 0.2, photo: 0.45, videoSize: [10 * MiB, 60 * MiB], photoSize: [1 * MiB, 4 * MiB] };
  if (dataMb >= 20) return { video: 0.1, photo: 0.5, videoSize: [2 * MiB, 8 * MiB], photoSize: [1 * MiB, 4 * MiB] };
  return { video: 0, photo: 0.5, videoSize: [0, 0], photoSize: [200 * 1024, 1 * MiB] };
}

/** Splits `budget` into sizes drawn from [min, max]; the last piece takes what is left when it is big enough. */
function split(budget: number, [min, max]: [number, number], draw: (a: number, b: number) => number): number[] {
  const sizes: number[] = [];
  let left = budget;
  while (left >= min && min > 0) {
    const size = Math.min(left, draw(min, max));
    sizes.push(size);
    left -= size;
  }
  return sizes;
}

/** Adds the size-knob content (after the profile's own content, before Photos.sqlite is written). */
export function addBulkContent(context: ContentContext, roll: CameraRoll, knobs: SizeKnobs): void {
  const rng = context.rng('bulk');
  const budget = Math.max(0, knobs.dataMb ?? 0) * MiB;
  let appBudget = budget;
  if (budget > 0) {
    const shares = sharesFor(knobs.dataMb ?? 0);
    const when = (): number => REFERENCE_TIME - rng.int(1, 700) * 86400 + rng.int(0, 86399);
    for (const size of split(budget * shares.video, shares.videoSize, (a, b) => rng.int(a, b))) roll.addVideo(when(), size);
    for (const size of split(budget * shares.photo, shares.photoSize, (a, b) => rng.logUniform(a, b))) {
      roll.addPhoto(when(), { width: 1024, height: 768, targetBytes: size, pooled: true });
    }
    appBudget = budget * (1 - shares.video - shares.photo);
  }
  const existingFiles = context.store.list().filter((e) => e.kind === 'file').length;
  const count = knobs.files !== undefined ? Math.max(0, knobs.files - existingFiles) : undefined;
  if (appBudget <= 0 && !count) return;
  const pool = byteStream(context.udid, 'bulk-pool')(POOL_SIZE);
  const domains = bulkAppDomains(context.profile);
  // With a file count the budget is spread over the files; without one, files are 1–64 KiB until it runs out.
  const average = count ? (appBudget > 0 ? Math.min(64 * 1024, Math.max(64, appBudget / count)) : 700) : 0;
  let written = 0;
  for (let i = 0; count !== undefined ? i < count : written < appBudget; i++) {
    const size = count !== undefined ? Math.max(16, Math.round(average * (0.25 + rng.next() * 1.5))) : rng.logUniform(1024, 64 * 1024);
    const domain = domains[i % domains.length] as string;
    const bucket = rng.hex(2);
    const name = rng.hex(16);
    const kind = i % 3;
    const relativePath = kind === 0 ? `Documents/Media/${bucket}/${name}.dat`
      : kind === 1 ? `Library/Application Support/Storage/${bucket}/${name}.blob` : `Library/Application Support/Data/${bucket}/${name}.json`;
    const header = Buffer.from(kind === 2 ? `{"id":${i},"key":"${name}","payload":"` : `CRDL${String(i).padStart(10, '0')}`, 'latin1');
    const offset = rng.int(0, POOL_SIZE - 1);
    const bodyLength = Math.max(0, size - header.length);
    const body = offset + bodyLength <= POOL_SIZE ? pool.subarray(offset, offset + bodyLength)
      : Buffer.concat([pool.subarray(offset), pool.subarray(0, bodyLength - (POOL_SIZE - offset))]);
    const data = kind === 2 ? Buffer.from(`${header.toString('latin1')}${body.toString('base64').slice(0, bodyLength)}"}`, 'latin1') : Buffer.concat([header, body]);
    const lastModified = REFERENCE_TIME - rng.int(1, 365 * 86400);
    context.store.writeFile(domain, relativePath, data, { lastModified, birth: lastModified, protectionClass: 3 });
    written += data.length;
  }
}
