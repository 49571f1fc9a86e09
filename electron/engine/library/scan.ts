/**
 * Finds backups in backup locations: every `<location>/<udid>` folder with the plists of a backup, with
 * what its plists say. An unreadable file is a problem on that backup, never a failure of the listing.
 */
import { lstatSync, readdirSync, type Stats } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { basename, dirname, join } from 'node:path';
import type { BackupSource, BackupSummary } from '../../../shared/library.ts';
import { previousOf } from '../backup/staging.ts';
import { marketingName } from '../devices/product-names.ts';
import { readBackupPlist } from './backup-file.ts';
import { backupId } from './backup-id.ts';
import { backupFolderUdid, datedNameUdid, VERSION_MARKER } from './naming.ts';

type Dict = Record<string, unknown>;

/** Every backup in `locations`, newest first. A missing location (an unplugged disk) is simply empty. */
export async function listBackups(locations: string[]): Promise<BackupSummary[]> {
  const found: BackupSummary[] = [];
  for (const location of locations) {
    const entries = await readdir(location, { withFileTypes: true }).catch(() => []);
    const names = new Set(entries.map((entry) => entry.name));
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      // A swap cut short by a crash leaves the previous backup as `.cradle-previous-<udid>` with no
      // `<udid>` beside it: it is still the device's backup (the next backup puts it back in place).
      const orphan = previousOf(entry.name);
      if (entry.name.startsWith('.') && (!orphan || names.has(orphan))) continue;
      const summary = await describeBackup(join(location, entry.name));
      if (summary) found.push(orphan ? { ...summary, udid: orphan } : summary);
    }
  }
  return found.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
}

/** What one backup folder holds; undefined when it is not a backup at all. */
export async function describeBackup(path: string): Promise<BackupSummary | undefined> {
  const names = new Set(await readdir(path).catch(() => []));
  if (!names.has('Info.plist') && !names.has('Manifest.plist') && !names.has('Status.plist')) return undefined;
  const problems: string[] = [];
  const read = async (name: string): Promise<Dict> => {
    if (!names.has(name)) {
      problems.push(`${name} is missing`);
      return {};
    }
    try {
      const value = await readBackupPlist(path, name);
      if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a dictionary');
      return value as Dict;
    } catch {
      problems.push(`${name} cannot be read`);
      return {};
    }
  };
  const info = await read('Info.plist');
  const manifest = await read('Manifest.plist');
  const status = await read('Status.plist');
  const lockdown = (manifest.Lockdown ?? {}) as Dict;
  const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
  const productType = text(info['Product Type']) ?? text(lockdown.ProductType);
  const date = [status.Date, manifest.Date, info['Last Backup Date']].find((value): value is Date => value instanceof Date);
  // An archive or version: `<udid>-YYYYMMDD-HHMMSS`.
  const dated = datedNameUdid(basename(path)) !== undefined;
  const complete = backupFinished(status, names);
  return {
    id: backupId(path),
    path,
    udid: backupFolderUdid(path),
    deviceName: text(info['Device Name']) ?? text(lockdown.DeviceName),
    productType,
    model: productType ? marketingName(productType) : undefined,
    iosVersion: text(info['Product Version']) ?? text(lockdown.ProductVersion),
    date: date?.toISOString(),
    sizeBytes: await folderSize(path),
    encrypted: manifest.IsEncrypted === true,
    complete,
    source: sourceOf(info),
    state: !dated ? (complete ? 'complete' : 'incomplete') : names.has(VERSION_MARKER) ? 'version' : 'archived',
    location: dirname(path),
    format: names.has('Manifest.mbdb') && !names.has('Manifest.db') ? 'legacy' : 'modern',
    problems,
  };
}

/**
 * Who wrote the backup, from Info.plist (see BackupSource): idevicebackup2 writes no `Product Name` and an
 * `iTunes Version` copied from the device (its MinITunesVersion, else "10.0.1"), so only the missing key
 * tells it from Finder and iTunes.
 */
function sourceOf(info: Dict): BackupSource {
  const version = info['iTunes Version'];
  if (typeof version === 'string' && version.startsWith('Cradle')) return 'cradle';
  if (Object.keys(info).length > 0 && !('Product Name' in info)) return 'idevicebackup2';
  return 'finder';
}

/** Whether a backup finished: its Status.plist says so and no interrupted snapshot is left in the folder. */
export function backupFinished(status: Record<string, unknown> | undefined, names: ReadonlySet<string>): boolean {
  return status?.SnapshotState === 'finished' && !names.has('Snapshot');
}

/**
 * What a backup holds and takes, as every command counts it: `files`, the data files of the files the device
 * backed up (every regular file but the backup's own plists, its manifest and Cradle's dot-files); `bytes`,
 * the size of every regular file of the folder (data, manifest and plists). Links are not followed.
 */
export async function backupFootprint(path: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  const entries = await readdir(path, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const [index, entry] of entries.entries()) {
    // Synchronous stat (microseconds) with a turn for the event loop every 256 files.
    if (index % 256 === 255) await yieldToEvents();
    if (!entry.isFile()) continue;
    bytes += lstatOrUndefined(join(entry.parentPath, entry.name))?.size ?? 0;
    if (entry.parentPath !== path || !(OWN_FILES.has(entry.name) || entry.name.startsWith('.'))) files += 1;
  }
  return { files, bytes };
}

/** The files at a backup's top that are the backup's own, not the device's. */
const OWN_FILES = new Set(['Info.plist', 'Status.plist', 'Manifest.plist', 'Manifest.db', 'Manifest.mbdb', 'Manifest.mbdx']);

/** Bytes of the regular files at a backup's top that are not the device's data (its manifest, plists, dot-files). */
export function ownFilesBytes(path: string): number {
  let bytes = 0;
  let entries;
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (entry.isFile() && !DATA_FILE_NAME.test(entry.name)) bytes += lstatOrUndefined(join(path, entry.name))?.size ?? 0;
  }
  return bytes;
}

/** A data file's name (a fileID), at the top of a legacy backup. */
const DATA_FILE_NAME = /^[0-9a-f]{40}$/;

/** Bytes in a folder (files only; links are not followed). */
export async function folderSize(path: string): Promise<number> {
  return (await backupFootprint(path)).bytes;
}

/** lstat without a throw: undefined when the path is missing or cannot be read. */
export function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}
