/**
 * Archive, as Finder does it: a dated copy of a backup next to it (`<udid>-YYYYMMDD-HHMMSS`), never
 * overwritten and never updated by later backups. Data files are hard links where the file system allows
 * (they cost no space): no backup program rewrites a data file in place (Cradle renames uploads into place;
 * idevicebackup2 removes a file before writing it again). The manifest and the plists, which programs do
 * rewrite in place (idevicebackup2 writes Info.plist over the old file), are always real copies.
 */
import { randomUUID } from 'node:crypto';
import { copyFile, link, mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { renameToDatedName, VERSION_MARKER } from './naming.ts';
import { withExistingBackupFolder } from './folder-lock.ts';

/** Top-level files some program rewrites in place: never shared between two backups. */
const REWRITTEN = /^(Info\.plist|Manifest\.plist|Status\.plist|Manifest\.(db|mbdb|mbdx)(-wal|-shm|-journal)?)$/;

/** Whether a backup's top-level file is one that programs rewrite in place. */
export function isRewrittenInPlace(name: string): boolean {
  return REWRITTEN.test(name);
}

/**
 * Archives the backup folder `path` of device `udid` next to it; resolves with the archive's folder. The
 * copy is made in a hidden folder first, so an interrupted archive never looks like a backup.
 */
export async function archiveBackup(path: string, udid: string, now = new Date()): Promise<string> {
  return withExistingBackupFolder(path, 'archiving it', () => archiveLocked(path, udid, now));
}

async function archiveLocked(path: string, udid: string, now: Date): Promise<string> {
  const location = dirname(path);
  const temporary = join(location, `.cradle-archiving-${randomUUID()}`);
  try {
    await mkdir(temporary);
    await copyTree(path, temporary, true);
    return await renameToDatedName(temporary, location, udid, now);
  } finally {
    await rm(temporary, { recursive: true, force: true });
  }
}

/** Copies a backup tree: links for data files, copies for the rewritten ones; a version's mark stays behind. */
async function copyTree(from: string, to: string, top: boolean): Promise<void> {
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) {
      await mkdir(target);
      await copyTree(source, target, false);
    } else if (entry.isFile() && !(top && entry.name === VERSION_MARKER)) {
      if (top && isRewrittenInPlace(entry.name)) await copyFile(source, target);
      else await link(source, target).catch(() => copyFile(source, target));
    }
  }
}
