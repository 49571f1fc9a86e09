/**
 * Opens a backup folder for reading: its manifest (Manifest.db, or Manifest.mbdb for iOS 9 and older)
 * and its files, decrypted in memory with the class keys of an unlocked keybag. Never writes anything.
 */
import { closeSync, copyFileSync, createReadStream, lstatSync, mkdtempSync, readFileSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { CradleError } from '../../../shared/errors.ts';
import { createDecryptStream, decryptBuffer, unwrapFileKey } from '../crypto/file-cipher.ts';
import type { ClassKeys } from '../crypto/unlock.ts';
import { decodePlist } from '../plist/codec.ts';
import { MAX_PLIST_BYTES, openBackupFileSync, readBackupFile } from './backup-file.ts';
import type { BackupContents, BackupEntry, BackupFileDetails } from './backup-reader.ts';
import { openManifestDb, type ManifestDb } from './manifest-db.ts';
import { readMBFile } from './mbfile.ts';
import { parseMbdb } from './mbdb.ts';

/** What a preview reads at most unless asked for more. */
const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;
/** Manifest files beyond this are not a real backup's (a 200,000-file Manifest.db is about 100 MB). */
const MAX_MANIFEST_BYTES = 2 * 1024 * 1024 * 1024 - 1;

type Dict = Record<string, unknown>;

/** Options of {@link openBackup}. */
export interface OpenBackupOptions {
  /** The class keys of the unlocked keybag; required for encrypted backups. */
  classKeys?: ClassKeys;
  /** Manifest.plist when the caller has just read it (it is not read and decoded again). */
  manifestPlist?: Dict;
}

/**
 * Manifest.plist of a backup folder as a dictionary.
 * @throws CradleError BACKUP_NOT_FOUND / BACKUP_CORRUPT.
 */
export async function readManifestPlist(path: string): Promise<Dict> {
  const bytes = await readBackupFile(join(path, 'Manifest.plist'), "The backup's Manifest.plist", MAX_PLIST_BYTES).catch((error: NodeJS.ErrnoException) => {
    if (error instanceof CradleError) throw error;
    throw new CradleError('BACKUP_NOT_FOUND', `No backup was found at ${path} (Manifest.plist is missing).`, error.code);
  });
  let value: unknown;
  try {
    value = decodePlist(bytes, 'Manifest.plist');
  } catch (error) {
    throw new CradleError('BACKUP_CORRUPT', 'The backup\'s Manifest.plist cannot be read. The backup is damaged; make a new one.', String(error));
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new CradleError('BACKUP_CORRUPT', 'The backup\'s Manifest.plist is not a dictionary.');
  return value as Dict;
}

/**
 * Opens the backup at `path`.
 * @throws CradleError PASSWORD_REQUIRED when it is encrypted and no class keys are given;
 *   BACKUP_NOT_FOUND, BACKUP_CORRUPT when it cannot be read.
 */
export async function openBackup(path: string, options: OpenBackupOptions = {}): Promise<BackupContents> {
  const manifestPlist = options.manifestPlist ?? (await readManifestPlist(path));
  const encrypted = manifestPlist.IsEncrypted === true;
  const classKeys = options.classKeys;
  if (encrypted && !classKeys) throw new CradleError('PASSWORD_REQUIRED', 'This backup is encrypted. Enter its password to open it.');
  const legacy = !(await exists(join(path, 'Manifest.db'))) && (await exists(join(path, 'Manifest.mbdb')));
  const source = legacy ? await legacyManifest(path) : await modernManifest(path, manifestPlist, classKeys);

  const dataPath = (entry: BackupEntry) => (legacy ? join(path, entry.fileID) : join(path, entry.fileID.slice(0, 2), entry.fileID));
  const fileKey = (details: BackupFileDetails) => {
    if (!details.wrappedKey) throw new CradleError('BACKUP_CORRUPT', `${details.domain}/${details.relativePath} has no key in this encrypted backup.`);
    return unwrapFileKey(details.wrappedKey, classKeys!);
  };
  const checkIsFile = (entry: BackupEntry) => {
    if (entry.kind !== 'file') throw new CradleError('VALIDATION', `${entry.domain}/${entry.relativePath} is a ${entry.kind === 'directory' ? 'folder' : 'link'}, not a file.`);
  };

  return {
    path,
    format: legacy ? 'legacy' : 'modern',
    encrypted,
    manifestPlist,
    entries: () => source.all(),
    domains: () => source.domainCounts(),
    domainEntries: (domain) => source.domainEntries(domain),
    find: (domain, relativePath) => source.find(domain, relativePath),
    byId: (fileID) => source.byId(fileID),
    details: (entry) => source.details(entry),
    detailsMany: (entries) => source.detailsMany(entries),
    dataPath,
    async readFile(entry, maxBytes = DEFAULT_MAX_BYTES) {
      checkIsFile(entry);
      const details = source.details(entry);
      const bytes = await readDataFile(dataPath(entry), details, maxBytes + (encrypted ? 16 : 0));
      if (!encrypted || bytes.length === 0) return bytes;
      return decryptBuffer(bytes, fileKey(details));
    },
    openStream(entry): Readable {
      checkIsFile(entry);
      const details = source.details(entry);
      const fd = openDataFileSync(dataPath(entry), details);
      if (fd === undefined) return Readable.from([]);
      const file = createReadStream('', { fd });
      if (!encrypted) return file;
      const decrypt = createDecryptStream(fileKey(details));
      file.on('error', (error) => decrypt.destroy(error));
      return file.pipe(decrypt);
    },
    close: () => source.close(),
  };
}

/** A manifest (Manifest.db or Manifest.mbdb) and the details of its rows. */
interface ManifestSource extends Omit<ManifestDb, 'fileBlob' | 'fileBlobs'> {
  details(entry: BackupEntry): BackupFileDetails;
  detailsMany(entries: readonly BackupEntry[]): (BackupFileDetails | Error)[];
}

async function modernManifest(path: string, manifestPlist: Dict, classKeys: ClassKeys | undefined): Promise<ManifestSource> {
  const file = join(path, 'Manifest.db');
  // iOS 10.0–10.1 left Manifest.db plain in encrypted backups; later ones encrypt it with ManifestKey.
  const encrypted = classKeys && Buffer.isBuffer(manifestPlist.ManifestKey);
  const db = encrypted
    ? openManifestDb(decryptBuffer(await readBounded(file, MAX_MANIFEST_BYTES, 'Manifest.db'), unwrapFileKey(manifestPlist.ManifestKey as Buffer, classKeys)))
    : openPlainManifest(file, await readBoundedInfo(file));
  return {
    ...db,
    details(entry) {
      return detailsFromBlob(entry, db.fileBlob(entry.fileID));
    },
    detailsMany(entries) {
      const blobs = db.fileBlobs(entries.map((entry) => entry.fileID));
      return entries.map((entry) => {
        try {
          return detailsFromBlob(entry, blobs.get(entry.fileID));
        } catch (error) {
          return error as Error;
        }
      });
    },
    close: () => db.close(),
  };
}

function detailsFromBlob(entry: BackupEntry, blob: Buffer | undefined): BackupFileDetails {
  return blob ? readMBFile(entry, blob) : withoutRecord(entry);
}

/** The details of an entry the backup keeps no record for. */
function withoutRecord(entry: BackupEntry): BackupFileDetails {
  return { ...entry, size: 0, mode: 0, protectionClass: 0 };
}

/**
 * A plain Manifest.db, read without writing anything next to the backup: in place and read-only when it keeps
 * a rollback journal; from its bytes in memory when it is in WAL mode (a read-only open would create `-shm`
 * beside it) or SQLite refuses it read-only (a hot journal). A WAL database with a `-wal` file beside it is
 * read from a private copy of both, so changes not yet checkpointed are seen.
 */
function openPlainManifest(file: string, size: number): ManifestDb {
  const tooLarge = () => new CradleError('BACKUP_CORRUPT', `The backup's Manifest.db is too large to be real (${size} bytes).`);
  if (!inWalMode(file)) {
    try {
      return openManifestDb(file);
    } catch {
      if (size > MAX_MANIFEST_BYTES) throw tooLarge();
      return openManifestDb(readFileSync(file));
    }
  }
  if (size > MAX_MANIFEST_BYTES) throw tooLarge();
  const wal = lstatSync(`${file}-wal`, { throwIfNoEntry: false });
  if (wal?.isFile() && wal.size > MAX_MANIFEST_BYTES) throw new CradleError('BACKUP_CORRUPT', `The backup's Manifest.db-wal is too large to be real (${wal.size} bytes).`);
  if (!wal?.isFile()) {
    // Everything is in the main file: read it as a rollback-journal database (header bytes 18 and 19).
    const bytes = readFileSync(file);
    bytes[18] = 1;
    bytes[19] = 1;
    return openManifestDb(bytes);
  }
  const copy = mkdtempSync(join(tmpdir(), 'cradle-manifest-'));
  try {
    copyFileSync(file, join(copy, 'Manifest.db'));
    copyFileSync(`${file}-wal`, join(copy, 'Manifest.db-wal'));
    const db = openManifestDb(join(copy, 'Manifest.db'));
    return {
      ...db,
      close: () => {
        db.close();
        rmSync(copy, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(copy, { recursive: true, force: true });
    throw error;
  }
}

/** Whether a SQLite file says it is in WAL mode (file format versions 2 in its header). */
function inWalMode(file: string): boolean {
  const fd = openBackupFileSync(file, "The backup's Manifest.db");
  try {
    const header = Buffer.alloc(20);
    readSync(fd, header, 0, header.length, 0);
    return header[18] === 2 || header[19] === 2;
  } finally {
    closeSync(fd);
  }
}

async function legacyManifest(path: string): Promise<ManifestSource> {
  const records = parseMbdb(await readBounded(join(path, 'Manifest.mbdb'), MAX_MANIFEST_BYTES, 'Manifest.mbdb'));
  const byId = new Map(records.map((record) => [record.fileID, record]));
  const byPath = new Map(records.map((record) => [`${record.domain}\0${record.relativePath}`, record]));
  const entries = records.map(({ fileID, domain, relativePath, kind }): BackupEntry => ({ fileID, domain, relativePath, kind }));
  const byDomain = new Map<string, BackupEntry[]>();
  for (const entry of entries) {
    const list = byDomain.get(entry.domain);
    if (list) list.push(entry);
    else byDomain.set(entry.domain, [entry]);
  }
  const strip = (record: BackupFileDetails | undefined): BackupEntry | undefined => record && { fileID: record.fileID, domain: record.domain, relativePath: record.relativePath, kind: record.kind };
  return {
    all: () => entries,
    domainCounts: () => new Map([...byDomain].map(([domain, list]) => [domain, list.length])),
    domainEntries: (domain) => byDomain.get(domain) ?? [],
    find: (domain, relativePath) => strip(byPath.get(`${domain}\0${relativePath}`)),
    byId: (fileID) => strip(byId.get(fileID)),
    details: (entry) => byId.get(entry.fileID) ?? withoutRecord(entry),
    detailsMany: (entries) => entries.map((entry) => byId.get(entry.fileID) ?? withoutRecord(entry)),
    close: () => byId.clear(),
  };
}

/** Reads a data file without following a link planted in the backup folder, within `maxBytes`. */
async function readDataFile(file: string, details: BackupFileDetails, maxBytes: number): Promise<Buffer> {
  const name = `${details.domain}/${details.relativePath}`;
  if ((await lstat(join(file, '..')).catch(() => undefined))?.isSymbolicLink()) throw new CradleError('BACKUP_CORRUPT', `The folder holding ${name} is a link: refused.`);
  try {
    return await readBackupFile(file, name, maxBytes, 'than Cradle reads at once; export it instead');
  } catch (error) {
    if (isEmptyAndAbsent(error, details)) return Buffer.alloc(0);
    throw unreadable(error, name);
  }
}

/** Opens a data file for streaming (undefined: an empty file that is not stored), never through a link. */
function openDataFileSync(file: string, details: BackupFileDetails): number | undefined {
  const name = `${details.domain}/${details.relativePath}`;
  if (lstatSync(join(file, '..'), { throwIfNoEntry: false })?.isSymbolicLink()) throw new CradleError('BACKUP_CORRUPT', `The folder holding ${name} is a link: refused.`);
  try {
    return openBackupFileSync(file, name);
  } catch (error) {
    if (isEmptyAndAbsent(error, details)) return undefined;
    throw unreadable(error, name);
  }
}

/** Empty files are often not stored at all. */
function isEmptyAndAbsent(error: unknown, details: BackupFileDetails): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT' && details.size === 0;
}

function unreadable(error: unknown, name: string): CradleError {
  if (error instanceof CradleError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new CradleError('BACKUP_CORRUPT', `${name} is missing from the backup.`);
  if (code === 'ELOOP') return new CradleError('BACKUP_CORRUPT', `${name} is a link in the backup folder: refused.`);
  return new CradleError('BACKUP_CORRUPT', `${name} cannot be read from the backup (${code}).`);
}

/** The size of a manifest file that must be a regular file (not a link planted in the backup). */
async function readBoundedInfo(file: string, what = 'Manifest.db'): Promise<number> {
  const info = await lstat(file).catch(() => undefined);
  if (!info?.isFile()) throw new CradleError('BACKUP_CORRUPT', `The backup's ${what} is missing. The backup is damaged or incomplete; make a new one.`);
  return info.size;
}

async function readBounded(file: string, maxBytes: number, what: string): Promise<Buffer> {
  await readBoundedInfo(file, what);
  return readBackupFile(file, `The backup's ${what}`, maxBytes);
}

async function exists(file: string): Promise<boolean> {
  return (await lstat(file).catch(() => undefined))?.isFile() ?? false;
}
