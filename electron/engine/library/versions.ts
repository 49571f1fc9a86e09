/**
 * Automatic versions: after a backup, the previous one (moved aside by the swap, see backup/staging.ts) is
 * kept as `<udid>-YYYYMMDD-HHMMSS` with a `.cradle-version` mark instead of being deleted. It shares every
 * unchanged file with the new backup through the staging copy's hard links, so keeping it costs only what
 * changed. The oldest versions beyond the setting are removed.
 */
import { copyFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isRewrittenInPlace } from './archive.ts';
import { datedNameUdid, renameToDatedName, VERSION_MARKER } from './naming.ts';
import { readBackupFile, readBackupPlist } from './backup-file.ts';

/** The most a version marker is read (a few hundred bytes when real). */
const MARKER_BYTES = 64 * 1024;

/** What the mark file holds. */
interface VersionMark {
  udid: string;
  /** The backup's own date (ISO), which also orders versions. */
  date: string;
}

/**
 * Keeps `previous` (the device's backup before the one just made) as a version in `root`, then removes the
 * oldest versions of the device beyond `keep`. The mark is written before the rename, so a folder with a
 * version's name is always marked; a crash before the rename leaves `previous` to recoverInterrupted.
 */
export async function keepAsVersion(root: string, udid: string, previous: string, keep: number): Promise<void> {
  if (keep <= 0) return;
  const date = await backupDate(previous);
  await unshareRewrittenFiles(previous);
  const mark: VersionMark = { udid, date: date.toISOString() };
  await writeFile(join(previous, VERSION_MARKER), `${JSON.stringify(mark)}\n`);
  await renameToDatedName(previous, root, udid, date);
  await pruneVersions(root, udid, keep);
}

/** Removes the oldest versions of `udid` in `root` beyond `keep` (permanently: they are Cradle's own copies). */
export async function pruneVersions(root: string, udid: string, keep: number): Promise<string[]> {
  const versions: { path: string; date: string }[] = [];
  for (const entry of await readdir(root, { withFileTypes: true }).catch(() => [])) {
    if (!entry.isDirectory() || datedNameUdid(entry.name) !== udid) continue;
    const mark = await readMark(join(root, entry.name));
    if (mark?.udid === udid) versions.push({ path: join(root, entry.name), date: mark.date });
  }
  const removed = versions.sort((a, b) => b.date.localeCompare(a.date)).slice(keep).map((version) => version.path);
  for (const path of removed) await rm(path, { recursive: true, force: true });
  return removed;
}

async function readMark(folder: string): Promise<VersionMark | undefined> {
  try {
    const mark = JSON.parse((await readBackupFile(join(folder, VERSION_MARKER), VERSION_MARKER, MARKER_BYTES)).toString('utf8')) as Partial<VersionMark>;
    return typeof mark.udid === 'string' && typeof mark.date === 'string' ? { udid: mark.udid, date: mark.date } : undefined;
  } catch {
    return undefined;
  }
}

/** Status.plist's date (the device's), else the time Status.plist was written. */
async function backupDate(folder: string): Promise<Date> {
  const file = join(folder, 'Status.plist');
  try {
    const status = (await readBackupPlist(folder, 'Status.plist')) as Record<string, unknown>;
    if (status.Date instanceof Date && !Number.isNaN(status.Date.getTime())) return status.Date;
  } catch {
    // An unreadable Status.plist still has a modification time.
  }
  return (await stat(file).catch(() => undefined))?.mtime ?? new Date();
}

/**
 * The device re-uploads the manifest and plists on every backup, so they are normally the version's own;
 * one still shared with the new backup (link count above 1) is replaced by a copy, because another program
 * backing up into the live folder may rewrite it in place.
 */
async function unshareRewrittenFiles(folder: string): Promise<void> {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    if (!entry.isFile() || !isRewrittenInPlace(entry.name)) continue;
    const file = join(folder, entry.name);
    if ((await stat(file)).nlink <= 1) continue;
    await copyFile(file, `${file}.cradle-part`);
    await rename(`${file}.cradle-part`, file);
  }
}
