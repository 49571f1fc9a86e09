/**
 * Manifest.db (iOS 10+): the Files table read into memory. The database is opened from bytes (decrypted
 * ones for encrypted backups), so nothing is ever written next to the backup and no plain copy touches disk.
 */
import Database from 'better-sqlite3';
import { CradleError } from '../../../shared/errors.ts';
import type { BackupEntry, EntryKind } from './backup-reader.ts';

/** The rows of a Manifest.db and its MBFile archives. */
export interface ManifestDb {
  /** Every row, in table order. */
  readonly entries: readonly BackupEntry[];
  /** Rows left out because their fileID is not a file name a backup can have (40 hex digits). */
  readonly rejectedRows: number;
  /** The MBFile archive of a row, undefined when the row has none. */
  fileBlob(fileID: string): Buffer | undefined;
  close(): void;
}

const FILE_ID = /^[0-9a-f]{40}$/;
const KINDS: Record<number, EntryKind> = { 1: 'file', 2: 'directory', 4: 'symlink' };

/**
 * Opens Manifest.db from its plain bytes (encrypted backups, decrypted in memory) or, for plain backups,
 * read-only in place: SQLite then reads pages through mmap instead of copying the whole file twice.
 * @throws CradleError BACKUP_CORRUPT when it is not a Manifest.db.
 */
export function openManifestDb(source: Buffer | string): ManifestDb {
  let db: Database.Database | undefined;
  try {
    const open = typeof source === 'string' ? new Database(source, { readonly: true, fileMustExist: true }) : new Database(source);
    db = open;
    if (typeof source === 'string') open.pragma('mmap_size = 1073741824');
    const rows = open.prepare('SELECT fileID, domain, relativePath, flags FROM Files').raw().all() as [unknown, unknown, unknown, unknown][];
    const entries: BackupEntry[] = [];
    let rejectedRows = 0;
    for (const [fileID, domain, relativePath, flags] of rows) {
      // The fileID becomes a path on disk: anything but 40 hex digits could point outside the backup.
      if (typeof fileID !== 'string' || !FILE_ID.test(fileID) || typeof domain !== 'string') {
        rejectedRows += 1;
        continue;
      }
      entries.push({ fileID, domain, relativePath: typeof relativePath === 'string' ? relativePath : '', kind: KINDS[Number(flags)] ?? 'file' });
    }
    const blob = open.prepare('SELECT file FROM Files WHERE fileID = ?').pluck();
    return {
      entries,
      rejectedRows,
      fileBlob: (fileID) => {
        const value = blob.get(fileID);
        return Buffer.isBuffer(value) ? value : undefined;
      },
      close: () => open.close(),
    };
  } catch (error) {
    db?.close();
    throw new CradleError('BACKUP_CORRUPT', 'The backup\'s file list (Manifest.db) cannot be read. The backup is damaged; make a new one.', String(error));
  }
}
