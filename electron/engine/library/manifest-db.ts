/**
 * Manifest.db (iOS 10+): the Files table, read as needed. Opening a 100,000-file backup reads only the
 * per-domain counts (from the domain index); a domain's rows are read when it is first listed, every row only
 * when something needs them all (search, verify). The database is opened from bytes for encrypted backups
 * (decrypted in memory) and read-only in place for plain ones, so nothing is ever written next to a backup.
 */
import Database from 'better-sqlite3';
import { CradleError } from '../../../shared/errors.ts';
import type { BackupEntry, EntryKind } from './backup-reader.ts';
import { hasComputedColumns } from './sqlite-schema.ts';

/** The rows of a Manifest.db and their MBFile archives. */
export interface ManifestDb {
  /** Rows per domain. */
  domainCounts(): ReadonlyMap<string, number>;
  /** The rows of one domain. */
  domainEntries(domain: string): readonly BackupEntry[];
  /** Every row, in table order. */
  all(): readonly BackupEntry[];
  find(domain: string, relativePath: string): BackupEntry | undefined;
  byId(fileID: string): BackupEntry | undefined;
  /** The MBFile archive of a row, undefined when the row has none. */
  fileBlob(fileID: string): Buffer | undefined;
  /** The MBFile archives of many rows in one query (each SQLite query costs a lock and a few file checks). */
  fileBlobs(fileIDs: readonly string[]): Map<string, Buffer>;
  close(): void;
}

const FILE_ID = /^[0-9a-f]{40}$/;
const KINDS: Record<number, EntryKind> = { 1: 'file', 2: 'directory', 4: 'symlink' };
const COLUMNS = 'fileID, domain, relativePath, flags';

type Row = [unknown, unknown, unknown, unknown];

/** A row as an entry; undefined for a row whose fileID could not name a file in a backup (it becomes a path). */
function toEntry([fileID, domain, relativePath, flags]: Row): BackupEntry | undefined {
  if (typeof fileID !== 'string' || !FILE_ID.test(fileID) || typeof domain !== 'string') return undefined;
  return { fileID, domain, relativePath: typeof relativePath === 'string' ? relativePath : '', kind: KINDS[Number(flags)] ?? 'file' };
}

function toEntries(rows: Row[]): BackupEntry[] {
  const entries: BackupEntry[] = [];
  for (const row of rows) {
    const entry = toEntry(row);
    if (entry) entries.push(entry);
  }
  return entries;
}

/**
 * Opens Manifest.db from its plain bytes, or read-only in place (SQLite then reads pages through mmap).
 * @throws CradleError BACKUP_CORRUPT when it is not a Manifest.db.
 */
export function openManifestDb(source: Buffer | string): ManifestDb {
  let db: Database.Database | undefined;
  try {
    const open = typeof source === 'string' ? new Database(source, { readonly: true, fileMustExist: true }) : new Database(source);
    db = open;
    if (typeof source === 'string') open.pragma('mmap_size = 1073741824');
    checkFilesTable(open);
    const counts = new Map((open.prepare('SELECT domain, count(*) FROM Files GROUP BY domain').raw().all() as [unknown, number][]).filter((row): row is [string, number] => typeof row[0] === 'string'));
    const byDomain = open.prepare(`SELECT ${COLUMNS} FROM Files WHERE domain = ?`).raw();
    const byPath = open.prepare(`SELECT ${COLUMNS} FROM Files WHERE relativePath = ? AND domain = ?`).raw();
    const byId = open.prepare(`SELECT ${COLUMNS} FROM Files WHERE fileID = ?`).raw();
    const blob = open.prepare('SELECT file FROM Files WHERE fileID = ?').pluck();
    const blobs = open.prepare('SELECT fileID, file FROM Files WHERE fileID IN (SELECT value FROM json_each(?))').raw();
    const domains = new Map<string, BackupEntry[]>();
    let all: BackupEntry[] | undefined;
    const guard = <T>(read: () => T): T => {
      try {
        return read();
      } catch (error) {
        throw corrupt(error);
      }
    };
    return {
      domainCounts: () => counts,
      domainEntries(domain) {
        let entries = domains.get(domain);
        if (!entries) domains.set(domain, (entries = guard(() => toEntries(byDomain.all(domain) as Row[]))));
        return entries;
      },
      all: () => (all ??= guard(() => toEntries(open.prepare(`SELECT ${COLUMNS} FROM Files`).raw().all() as Row[]))),
      find: (domain, relativePath) => guard(() => (byPath.all(relativePath, domain) as Row[]).map(toEntry).find((entry) => entry !== undefined)),
      byId: (fileID) => guard(() => (byId.all(fileID) as Row[]).map(toEntry).find((entry) => entry !== undefined)),
      fileBlob: (fileID) => {
        const value = guard(() => blob.get(fileID));
        return Buffer.isBuffer(value) ? value : undefined;
      },
      fileBlobs: (fileIDs) => {
        const rows = guard(() => blobs.all(JSON.stringify(fileIDs)) as [unknown, unknown][]);
        return new Map(rows.filter((row): row is [string, Buffer] => typeof row[0] === 'string' && Buffer.isBuffer(row[1])));
      },
      close: () => open.close(),
    };
  } catch (error) {
    db?.close();
    throw corrupt(error);
  }
}

/**
 * Files must be a plain table. A view, a virtual table or a computed column would run SQL the backup
 * brought on every read: a recursive view never ends, a computed column can build a gigabyte per row.
 */
function checkFilesTable(db: Database.Database): void {
  const type = db.prepare("SELECT type FROM sqlite_master WHERE name = 'Files' COLLATE NOCASE").pluck().get();
  if (type !== 'table' || hasComputedColumns(db, 'Files')) {
    throw new CradleError('BACKUP_CORRUPT', 'The backup\'s file list (Manifest.db) is not laid out as a backup\'s. The backup is damaged or was not made by a device; make a new one.', { files: type ?? 'missing' });
  }
}

function corrupt(error: unknown): CradleError {
  if (error instanceof CradleError) return error;
  return new CradleError('BACKUP_CORRUPT', 'The backup\'s file list (Manifest.db) cannot be read. The backup is damaged; make a new one.', String(error));
}
