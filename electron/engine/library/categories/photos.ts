/**
 * Photos and videos: the camera roll files in CameraRollDomain Media/DCIM/ (what the backup really holds),
 * dated and described by the Photos library, Media/PhotoData/Photos.sqlite (table ZASSET since iOS 14,
 * ZGENERICASSET on iOS 11–13; ZDIRECTORY + ZFILENAME name the file, ZDATECREATED seconds since 2001, ZKIND
 * 0 photo / 1 video).
 */
import type Database from 'better-sqlite3';
import type { CategoryResult, MediaItem } from '../../../../shared/categories.ts';
import type { BackupContents, BackupEntry } from '../backup-reader.ts';
import { CategoryProblem, columnsOf, PartialResult, settle, tablesOf, withDatabase, type Row, type SourceFile } from './source.ts';
import { appleDate, flag, newestFirst, setDefined, text, toNumber } from './values.ts';

/** Domain of the camera roll. */
export const CAMERA_ROLL = 'CameraRollDomain';
/** Where the Photos library database is. */
export const PHOTOS_DB: SourceFile = { domain: CAMERA_ROLL, relativePath: 'Media/PhotoData/Photos.sqlite', what: 'the Photos library database' };

const PHOTO_TYPES = new Set(['jpg', 'jpeg', 'heic', 'heif', 'png', 'gif', 'dng', 'tif', 'tiff', 'webp']);
const VIDEO_TYPES = new Set(['mov', 'mp4', 'm4v', 'avi', '3gp']);
/** Sidecar files (edits, previews) that are not items of their own. */
const SIDECAR_TYPES = new Set(['aae', 'xmp', 'plist', 'thm']);

/** What the library database says about one file. */
interface AssetFacts {
  kind?: MediaItem['kind'];
  date?: string;
  width?: number;
  height?: number;
  durationSeconds?: number;
  favorite: boolean;
}

/** Camera roll files of a backup, i.e. its photos and videos. */
export function cameraRollEntries(contents: BackupContents): BackupEntry[] {
  return contents.domainEntries(CAMERA_ROLL).filter((entry) => entry.kind === 'file'
    && entry.relativePath.startsWith('Media/DCIM/') && !SIDECAR_TYPES.has(extensionOf(entry.relativePath))
    && !fileNameOf(entry.relativePath).startsWith('.'));
}

/** Reads the camera roll, newest first. A missing or damaged Photos library only costs the dates it would give. */
export function readPhotos(contents: BackupContents): Promise<CategoryResult<'photos'>> {
  return settle('photos', () => ({ items: [], photoCount: 0, videoCount: 0 }), async () => {
    const entries = cameraRollEntries(contents);
    let facts = new Map<string, AssetFacts>();
    let problem: string | undefined;
    if (entries.length > 0) {
      try {
        facts = await withDatabase(contents, PHOTOS_DB, readAssets);
      } catch (error) {
        if (!(error instanceof CategoryProblem)) throw error;
        problem = `${error.message} Dates come from the files instead.`;
      }
    }
    const items = newestFirst(entries.map((entry) => mediaItem(contents, entry, facts.get(entry.relativePath))), (item) => item.date);
    const data = { items, photoCount: items.filter((i) => i.kind === 'photo').length, videoCount: items.filter((i) => i.kind === 'video').length };
    return problem ? new PartialResult(data, problem) : data;
  });
}

function mediaItem(contents: BackupContents, entry: BackupEntry, facts: AssetFacts | undefined): MediaItem {
  const details = contents.details(entry);
  const item: MediaItem = {
    id: entry.fileID, fileName: fileNameOf(entry.relativePath), domain: entry.domain, relativePath: entry.relativePath,
    kind: facts?.kind ?? kindOfName(entry.relativePath), size: details.size,
  };
  return setDefined(item, {
    date: facts?.date ?? (details.lastModified ? new Date(details.lastModified * 1000).toISOString() : undefined),
    width: facts?.width, height: facts?.height, durationSeconds: facts?.durationSeconds, favorite: facts?.favorite || undefined,
  });
}

function readAssets(db: Database.Database): Map<string, AssetFacts> {
  const tables = tablesOf(db);
  const table = tables.has('ZASSET') ? 'ZASSET' : tables.has('ZGENERICASSET') ? 'ZGENERICASSET' : undefined;
  if (!table) throw new CategoryProblem('unreadable', 'The Photos library database has no asset table Cradle knows.');
  const columns = columnsOf(db, table);
  const select = ['ZDIRECTORY', 'ZFILENAME', 'ZDATECREATED', 'ZKIND', 'ZWIDTH', 'ZHEIGHT', 'ZDURATION', 'ZFAVORITE']
    .map((c) => (columns.has(c) ? c : `NULL AS ${c}`));
  const facts = new Map<string, AssetFacts>();
  for (const row of db.prepare(`SELECT ${select.join(', ')} FROM ${table}`).all() as Row[]) {
    const directory = text(row.ZDIRECTORY);
    const name = text(row.ZFILENAME);
    if (!directory || !name) continue;
    const kind = toNumber(row.ZKIND);
    facts.set(`Media/${directory}/${name}`, setDefined<AssetFacts>({ favorite: flag(row.ZFAVORITE) }, {
      kind: kind === 0 ? 'photo' : kind === 1 ? 'video' : undefined, date: appleDate(row.ZDATECREATED),
      width: toNumber(row.ZWIDTH) || undefined, height: toNumber(row.ZHEIGHT) || undefined, durationSeconds: toNumber(row.ZDURATION) || undefined,
    }));
  }
  return facts;
}

/** Photo, video or other, from a file name's extension. */
export function kindOfName(name: string): MediaItem['kind'] {
  const extension = extensionOf(name);
  return PHOTO_TYPES.has(extension) ? 'photo' : VIDEO_TYPES.has(extension) ? 'video' : 'other';
}

function extensionOf(name: string): string {
  const file = fileNameOf(name);
  const dot = file.lastIndexOf('.');
  return dot > 0 ? file.slice(dot + 1).toLowerCase() : '';
}

function fileNameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
