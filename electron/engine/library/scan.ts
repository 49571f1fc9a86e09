/**
 * Finds backups in backup locations: every `<location>/<udid>` folder with the plists of a backup, with
 * what its plists say. An unreadable file is a problem on that backup, never a failure of the listing.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackupSummary } from '../../../shared/library.ts';
import { marketingName } from '../devices/product-names.ts';
import { decodePlist } from '../plist/codec.ts';

/** Plists larger than this are not read (a real Info.plist with app icons stays far below). */
const MAX_PLIST_BYTES = 64 * 1024 * 1024;

type Dict = Record<string, unknown>;

/** Every backup in `locations`, newest first. A missing location is simply empty. */
export async function listBackups(locations: string[]): Promise<BackupSummary[]> {
  const found: BackupSummary[] = [];
  for (const location of locations) {
    const entries = await readdir(location, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const summary = await describeBackup(join(location, entry.name));
      if (summary) found.push(summary);
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
      const file = join(path, name);
      if ((await stat(file)).size > MAX_PLIST_BYTES) throw new Error('too large');
      const value = decodePlist(await readFile(file), name);
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
  const udid = path.split(/[\\/]/).pop()!;
  return {
    id: createHash('sha1').update(path).digest('hex').slice(0, 16),
    path,
    udid,
    deviceName: text(info['Device Name']) ?? text(lockdown.DeviceName),
    productType,
    model: productType ? marketingName(productType) : undefined,
    iosVersion: text(info['Product Version']) ?? text(lockdown.ProductVersion),
    date: date?.toISOString(),
    sizeBytes: await folderSize(path),
    encrypted: manifest.IsEncrypted === true,
    complete: status.SnapshotState === 'finished' && !names.has('Snapshot'),
    source: text(info['iTunes Version'])?.startsWith('Cradle') ? 'cradle' : 'other',
    format: names.has('Manifest.mbdb') && !names.has('Manifest.db') ? 'legacy' : 'modern',
    problems,
  };
}

/** Bytes in a folder (files only; links are not followed). */
async function folderSize(path: string): Promise<number> {
  let total = 0;
  const entries = await readdir(path, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name)).catch(() => ({ size: 0 }))).size;
  }
  return total;
}
