/**
 * Manifest.db (PROTOCOLS.md §4): the SQLite index of a backup, one `Files` row per entry with its MBFile
 * record, plus the `Properties` table, with the tables and indexes of a real device's backup.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { decodeMBFile, encodeMBFile, type MBFileRecord } from './mbfile.ts';

/** Files.flags values. */
export const FLAG_FILE = 1;
export const FLAG_DIRECTORY = 2;
export const FLAG_SYMLINK = 4;

/** One row of the Files table, its MBFile decoded. */
export interface ManifestRow {
  fileID: string;
  domain: string;
  relativePath: string;
  flags: number;
  file: MBFileRecord;
}

const SCHEMA = `
CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, flags INTEGER, file BLOB);
CREATE INDEX FilesDomainIdx ON Files(domain);
CREATE INDEX FilesRelativePathIdx ON Files(relativePath);
CREATE INDEX FilesFlagsIdx ON Files(flags);
CREATE TABLE Properties (key TEXT PRIMARY KEY, value BLOB);
`;

/** fileID = lowercase hex SHA-1 of `domain-relativePath`; the file lives at `xx/<fileID>` in the backup. */
export function fileIdOf(domain: string, relativePath: string): string {
  return createHash('sha1').update(`${domain}-${relativePath}`, 'utf8').digest('hex');
}

/** Writes a new Manifest.db at `file` (replacing any) holding `rows`, in one transaction. */
export function writeManifestDb(file: string, rows: Iterable<ManifestRow>): void {
  fs.rmSync(file, { force: true });
  const db = new Database(file);
  try {
    db.exec(SCHEMA);
    const insert = db.prepare('INSERT INTO Files (fileID, domain, relativePath, flags, file) VALUES (?, ?, ?, ?, ?)');
    db.transaction(() => {
      for (const row of rows) insert.run(row.fileID, row.domain, row.relativePath, row.flags, encodeMBFile(row.file));
    })();
  } finally {
    db.close();
  }
}

/**
 * The rows of the last Manifest.db read, by its content's digest: the simulated devices of a clone share
 * one process and each reads the same manifest, which is decoded once (a real device decodes its own copy
 * on its own processor; what each device gets is the same).
 */
let lastRead: { digest: string; rows: readonly ManifestRow[] } | undefined;

/** Reads every Files row of a Manifest.db (plaintext SQLite file). */
export function readManifestDb(file: string): ManifestRow[] {
  const digest = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  if (lastRead?.digest !== digest) {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const rows = db.prepare('SELECT fileID, domain, relativePath, flags, file FROM Files').all() as Array<Omit<ManifestRow, 'file'> & { file: Buffer }>;
      lastRead = { digest, rows: rows.map((row) => ({ ...row, file: decodeMBFile(row.file) })) };
    } finally {
      db.close();
    }
  }
  // Copies, so no caller can change what the next one reads.
  return lastRead.rows.map((row) => ({ ...row, file: { ...row.file } }));
}
