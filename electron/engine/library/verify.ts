/**
 * Verify: is this backup whole? Its plists parse, Status.plist says finished, every file the manifest lists
 * is there with a plausible size (and whole AES blocks when encrypted), every plist inside parses.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import type { VerifyIssue, VerifyReport } from '../../../shared/browse.ts';
import { CradleError } from '../../../shared/errors.ts';
import { parseKeybag } from '../crypto/keybag.ts';
import type { ClassKeys } from '../crypto/unlock.ts';
import { decodePlist } from '../plist/codec.ts';
import { readBackupPlist } from './backup-file.ts';
import { busyElsewhere, deletedMeanwhile } from './folder-lock.ts';
import type { BackupContents, BackupEntry } from './backup-reader.ts';
import { openBackup, readManifestPlist } from './open-backup.ts';
import { lstatOrUndefined, ownFilesBytes } from './scan.ts';

const MAX_LISTED_ISSUES = 1000;
/** Files checked between turns of the event loop, their records read in one query. */
const CHUNK = 256;
/** Plists inside the backup larger than this are not parsed (real ones stay far below). */
const MAX_PLIST_CHECK_BYTES = 16 * 1024 * 1024;

/** Options of {@link verifyBackup}. */
export interface VerifyOptions {
  classKeys?: ClassKeys;
  signal?: AbortSignal;
  /** Called every few hundred files with the count so far and the total. */
  onProgress?: (checked: number, total: number) => void;
}

/**
 * Checks the backup at `path` and reports what is wrong; only a missing backup throws. Problems found while
 * another process deletes, archives or replaces the folder are not damage: that is BUSY naming the process
 * (or BACKUP_NOT_FOUND once the folder is gone). Nothing is written: the folder's lock is only read.
 */
export async function verifyBackup(path: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const busyBefore = await busyElsewhere(path);
  const report = await verifyNow(path, options);
  if (report.errors === 0) return report;
  if (!existsSync(path)) throw deletedMeanwhile(path);
  const busy = busyBefore ?? (await busyElsewhere(path));
  if (busy) throw busy;
  return report;
}

async function verifyNow(path: string, options: VerifyOptions): Promise<VerifyReport> {
  const report: VerifyReport = { path, encrypted: false, contentsChecked: false, files: 0, bytes: 0, errors: 0, warnings: 0, issues: [], issuesNotListed: 0 };
  const add = (issue: VerifyIssue) => {
    if (issue.severity === 'error') report.errors += 1;
    else report.warnings += 1;
    if (report.issues.length < MAX_LISTED_ISSUES) report.issues.push(issue);
    else report.issuesNotListed += 1;
  };
  const manifest = await readManifestPlist(path).catch((error: CradleError) => {
    if (error.code === 'BACKUP_NOT_FOUND') throw error;
    add({ severity: 'error', message: error.message });
    return undefined;
  });
  await checkFolderPlists(path, add);
  if (!manifest) return report;
  report.encrypted = manifest.IsEncrypted === true;
  if (report.encrypted) {
    try {
      if (!Buffer.isBuffer(manifest.BackupKeyBag)) throw new CradleError('BACKUP_CORRUPT', 'Manifest.plist has no BackupKeyBag.');
      parseKeybag(manifest.BackupKeyBag);
    } catch (error) {
      add({ severity: 'error', message: `The backup's keybag cannot be read: ${(error as Error).message}` });
      return report;
    }
    if (!options.classKeys) {
      add({ severity: 'warning', message: 'The files were not checked: this backup is encrypted. Enter its password to check them.' });
      return report;
    }
  }
  let contents: BackupContents;
  try {
    contents = await openBackup(path, { classKeys: options.classKeys, manifestPlist: manifest });
  } catch (error) {
    add({ severity: 'error', message: (error as Error).message });
    return report;
  }
  try {
    report.contentsChecked = true;
    await checkFiles(contents, report, add, options);
    // The size of the whole folder, as every command counts it: the manifest and plists too.
    report.bytes += ownFilesBytes(path);
  } finally {
    contents.close();
  }
  return report;
}

async function checkFolderPlists(path: string, add: (issue: VerifyIssue) => void): Promise<void> {
  const names = new Set(await readdir(path).catch(() => []));
  for (const name of ['Info.plist', 'Status.plist']) {
    if (!names.has(name)) {
      add({ severity: 'error', message: `${name} is missing.` });
      continue;
    }
    try {
      const value = (await readBackupPlist(path, name)) as Record<string, unknown>;
      if (name === 'Status.plist' && value.SnapshotState !== 'finished') add({ severity: 'error', message: 'The backup did not finish (Status.plist). Make a new backup.' });
    } catch {
      add({ severity: 'error', message: `${name} cannot be read.` });
    }
  }
  if (names.has('Snapshot')) add({ severity: 'error', message: 'A Snapshot folder is left over: the last backup into this folder did not finish.' });
}

async function checkFiles(contents: BackupContents, report: VerifyReport, add: (issue: VerifyIssue) => void, options: VerifyOptions): Promise<void> {
  const entries = contents.entries().filter((entry) => entry.kind === 'file');
  for (let start = 0; start < entries.length; start += CHUNK) {
    // Synchronous lstat costs microseconds where a thread-pool round trip per file costs far more; the
    // event loop still gets a turn every chunk, and the chunk's records come in one query.
    if (start > 0) await yieldToEvents();
    options.signal?.throwIfAborted();
    options.onProgress?.(start, entries.length);
    const chunk = entries.slice(start, start + CHUNK);
    const records = contents.detailsMany(chunk);
    for (const [index, entry] of chunk.entries()) {
      const record = records[index]!;
      const where = { domain: entry.domain, relativePath: entry.relativePath };
      if (record instanceof Error) {
        add({ severity: 'error', message: 'Its record in the manifest cannot be read.', ...where });
        continue;
      }
      await checkFile(contents, entry, record.size, report, (issue) => add({ ...issue, ...where }));
    }
  }
  options.onProgress?.(entries.length, entries.length);
}

/** One file of the manifest against its record: there, a regular file, a plausible size, a readable plist. */
async function checkFile(contents: BackupContents, entry: BackupEntry, size: number, report: VerifyReport, add: (issue: Omit<VerifyIssue, 'domain' | 'relativePath'>) => void): Promise<void> {
  const info = lstatOrUndefined(contents.dataPath(entry));
  report.files += 1;
  if (!info) {
    if (size > 0) add({ severity: 'error', message: 'The file is missing.' });
    return;
  }
  if (!info.isFile()) {
    add({ severity: 'error', message: 'Not a regular file (a link or folder is in its place).' });
    return;
  }
  report.bytes += info.size;
  if (contents.encrypted) {
    if (info.size % 16 !== 0 || (size > 0 && info.size === 0)) add({ severity: 'error', message: 'The encrypted file is cut short (not whole AES blocks).' });
    else if (info.size !== size - (size % 16) + 16 && info.size !== 0) add({ severity: 'warning', message: `Its size (${info.size} bytes encrypted) differs from the record (${size} bytes); usual for databases.` });
  } else if (info.size !== size) {
    add({ severity: 'warning', message: `Its size (${info.size} bytes) differs from the record (${size} bytes); usual for databases.` });
  }
  if (entry.relativePath.endsWith('.plist') && info.size <= MAX_PLIST_CHECK_BYTES && info.size > 0) {
    try {
      decodePlist(await contents.readFile(entry), entry.relativePath);
    } catch (error) {
      add({ severity: 'error', message: error instanceof CradleError && error.code !== 'PROTOCOL' ? error.message : 'The plist cannot be read.' });
    }
  }
}
