/**
 * Library listing: open a backup of 100,000 files and list its largest folder's first page (what the browser
 * does when a backup is opened and a folder clicked), then build the name index (as the app does once the listing is answered) and search names twice.
 * The backup is synthetic (a real Manifest.db schema with real MBFile archives, written by the virtual
 * device's code); data files are not needed to list.
 *
 *   node --import tsx bench/library-list.ts [--files 100000] [--rounds 5]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BackupTree } from '../electron/engine/library/browse.ts';
import { openBackup } from '../electron/engine/library/open-backup.ts';
import { fileIdOf, writeManifestDb, type ManifestRow } from '../tests/virtual-device/backup/manifest-db.ts';
import { encodeBinary } from '../tests/virtual-device/plist.ts';

/** Figures of one listing bench. */
export interface ListFigures {
  files: number;
  manifestMb: number;
  openAndListMs: number[];
  indexMs: number[];
  searchMs: number[];
  searchAgainMs: number[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Builds a plain backup folder holding `files` rows spread over apps, photos and deep folders. */
export function makeBackup(folder: string, files: number): void {
  mkdirSync(folder, { recursive: true });
  const rows: ManifestRow[] = [];
  const meta = { mode: 0o100644, inode: 1, userId: 501, groupId: 501, lastModified: 1_700_000_000, lastStatusChange: 1_700_000_000, birth: 1_700_000_000, protectionClass: 3, flags: 0 };
  const folders = new Set<string>();
  for (let i = 0; i < files; i += 1) {
    const [domain, path] =
      i % 4 === 0
        ? ['CameraRollDomain', `Media/DCIM/${100 + Math.floor(i / 4000)}APPLE/IMG_${String(i).padStart(6, '0')}.JPG`]
        : [`AppDomain-com.example.app${i % 50}`, `Library/Caches/c${i % 20}/file-${i}.dat`];
    const parts = path.split('/');
    for (let depth = 0; depth < parts.length; depth += 1) {
      const dir = parts.slice(0, depth).join('/');
      if (folders.has(`${domain}\0${dir}`)) continue;
      folders.add(`${domain}\0${dir}`);
      rows.push({ fileID: fileIdOf(domain, dir), domain, relativePath: dir, flags: 2, file: { ...meta, relativePath: dir, mode: 0o40755, size: 0 } });
    }
    rows.push({ fileID: fileIdOf(domain, path), domain, relativePath: path, flags: 1, file: { ...meta, relativePath: path, size: 1000 + i } });
  }
  writeManifestDb(join(folder, 'Manifest.db'), rows);
  writeFileSync(join(folder, 'Manifest.plist'), encodeBinary({ IsEncrypted: false, Version: '10.0', Lockdown: { DeviceName: 'Bench', ProductVersion: '17.5' } }));
}

/** Runs the listing bench. */
export async function benchList(files = 100_000, rounds = 5): Promise<ListFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'cradle-bench-list-'));
  try {
    const folder = join(dir, 'backup');
    makeBackup(folder, files);
    const figures: ListFigures = { files, manifestMb: 0, openAndListMs: [], indexMs: [], searchMs: [], searchAgainMs: [] };
    const { statSync } = await import('node:fs');
    figures.manifestMb = statSync(join(folder, 'Manifest.db')).size / 1e6;
    for (let round = 0; round < rounds; round += 1) {
      const start = performance.now();
      const contents = await openBackup(folder);
      const tree = new BackupTree(contents);
      const page = tree.list('CameraRollDomain', 'Media/DCIM/100APPLE', 0, 200);
      figures.openAndListMs.push(performance.now() - start);
      if (page.total < 1000) throw new Error(`listed only ${page.total}`);
      // As the app does: the name index is built once the first listing has been answered.
      const indexStart = performance.now();
      tree.prepareSearch();
      figures.indexMs.push(performance.now() - indexStart);
      const searchStart = performance.now();
      const found = tree.search('img_0123');
      figures.searchMs.push(performance.now() - searchStart);
      if (found.total < 10) throw new Error(`found only ${found.total}`);
      const againStart = performance.now();
      tree.search('file-4242');
      figures.searchAgainMs.push(performance.now() - againStart);
      contents.close();
    }
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The figures as markdown. */
export function listTable(f: ListFigures): string {
  const ms = (values: number[]) => `${values.map((v) => v.toFixed(0)).join(', ')} (median ${median(values).toFixed(0)})`;
  return [
    `Backup of ${f.files.toLocaleString('en')} files, Manifest.db ${f.manifestMb.toFixed(1)} MB`,
    '',
    '| step | ms per round |',
    '|---|---|',
    `| open + list: Manifest.plist, rows per domain, the domain's rows and folder index, first page of a 4,000-file folder | ${ms(f.openAndListMs)} |`,
    `| name index, built after the first listing is answered (reads every row) | ${ms(f.indexMs)} |`,
    `| first name search | ${ms(f.searchMs)} |`,
    `| another name search | ${ms(f.searchAgainMs)} |`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { files: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '5' } } });
  console.log(listTable(await benchList(Number(values.files), Number(values.rounds))));
}
