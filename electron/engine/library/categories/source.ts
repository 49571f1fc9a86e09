/**
 * How category readers get at a backup's files: databases and plists read through BackupContents (so
 * encrypted backups are decrypted in memory), and one way of turning a missing or damaged file into an
 * empty category with a problem in words instead of an exception.
 */
import type Database from 'better-sqlite3';
import type { CategoryDataMap, CategoryName, CategoryResult, CategoryStatus } from '../../../../shared/categories.ts';
import { CradleError } from '../../../../shared/errors.ts';
import { decodePlist } from '../../plist/codec.ts';
import type { BackupContents, BackupEntry } from '../backup-reader.ts';
import { openMemoryDatabase } from './memory-database.ts';

/** Databases above this size are not loaded (they are read whole into memory). */
const MAX_DATABASE_BYTES = 1024 * 1024 * 1024;
/** Plists above this size are not parsed. */
const MAX_PLIST_BYTES = 64 * 1024 * 1024;

/** A row as better-sqlite3 returns it. */
export type Row = Record<string, unknown>;

/** Why a category could not be read; carries the status the summary shows. */
export class CategoryProblem extends Error {
  constructor(readonly status: Exclude<CategoryStatus, 'ok'>, message: string) {
    super(message);
  }
}

/** A file a category reads, and whether only encrypted backups hold it. */
export interface SourceFile {
  domain: string;
  relativePath: string;
  /** What it is, in words ("the address book"). */
  what: string;
  encryptedOnly?: boolean;
}

/** The entry of a file, or a CategoryProblem saying why the backup does not hold it. */
export function requireEntry(contents: BackupContents, file: SourceFile): BackupEntry {
  const entry = contents.find(file.domain, file.relativePath);
  if (entry && entry.kind === 'file') return entry;
  if (file.encryptedOnly && !contents.encrypted) {
    throw new CategoryProblem('needs-encryption', `Only encrypted backups hold ${file.what}.`);
  }
  throw new CategoryProblem('missing', `This backup does not hold ${file.what}.`);
}

/** Reads a file's plain bytes; a read failure becomes an 'unreadable' problem. */
export async function readEntry(contents: BackupContents, entry: BackupEntry, what: string, maxBytes: number): Promise<Buffer> {
  try {
    return await contents.readFile(entry, maxBytes);
  } catch (error) {
    throw new CategoryProblem('unreadable', `Cradle could not read ${what}: ${reason(error)}`);
  }
}

/** Opens a database of the backup in memory (with its -wal log applied when the backup holds one). */
export async function loadDatabase(contents: BackupContents, file: SourceFile): Promise<Database.Database> {
  const entry = requireEntry(contents, file);
  const main = await readEntry(contents, entry, file.what, MAX_DATABASE_BYTES);
  const walEntry = contents.find(file.domain, `${file.relativePath}-wal`);
  const wal = walEntry?.kind === 'file' ? await readEntry(contents, walEntry, file.what, MAX_DATABASE_BYTES).catch(() => undefined) : undefined;
  try {
    const db = openMemoryDatabase(main, wal);
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch (error) {
    throw new CategoryProblem('unreadable', `${capitalize(file.what)} is damaged and cannot be read (${reason(error)}).`);
  }
}

/** Reads and parses a plist of the backup; it must be a dictionary. */
export async function loadPlist(contents: BackupContents, file: SourceFile): Promise<Record<string, unknown>> {
  const entry = requireEntry(contents, file);
  const bytes = await readEntry(contents, entry, file.what, MAX_PLIST_BYTES);
  let value: unknown;
  try {
    value = decodePlist(bytes, file.what);
  } catch {
    throw new CategoryProblem('unreadable', `${capitalize(file.what)} is damaged and cannot be read.`);
  }
  if (!isDict(value)) throw new CategoryProblem('unreadable', `${capitalize(file.what)} does not hold what Cradle expects.`);
  return value;
}

/** Runs `read` on a database and closes it, whatever happens. */
export async function withDatabase<T>(contents: BackupContents, file: SourceFile, read: (db: Database.Database) => T): Promise<T> {
  const db = await loadDatabase(contents, file);
  try {
    return read(db);
  } catch (error) {
    // Ours and cancellations (AbortSignal.throwIfAborted in a progress callback) pass; the rest is the database's fault.
    if (error instanceof CategoryProblem || error instanceof CradleError || (error instanceof Error && error.name === 'AbortError')) throw error;
    throw new CategoryProblem('unreadable', `${capitalize(file.what)} is damaged or in a layout Cradle does not know (${reason(error)}).`);
  } finally {
    db.close();
  }
}

/** Data read only in part (a secondary file was missing or damaged), with what is missing in words. */
export class PartialResult<T> {
  constructor(readonly data: T, readonly problem: string) {}
}

/**
 * Reads a category: its data, or its empty data with the status and problem that stopped it. Never throws
 * for what a backup may contain; programming errors still surface.
 */
export async function settle<N extends CategoryName>(name: N, empty: () => CategoryDataMap[N],
  read: () => Promise<CategoryDataMap[N] | PartialResult<CategoryDataMap[N]>>): Promise<CategoryResult<N>> {
  try {
    const data = await read();
    return data instanceof PartialResult ? { name, status: 'ok', data: data.data, problem: data.problem } : { name, status: 'ok', data };
  } catch (error) {
    if (error instanceof CategoryProblem) return { name, status: error.status, data: empty(), problem: error.message };
    if (error instanceof CradleError || isSqliteError(error)) {
      return { name, status: 'unreadable', data: empty(), problem: `Cradle could not read this category: ${reason(error)}` };
    }
    throw error;
  }
}

/** Tables of a database. */
export function tablesOf(db: Database.Database): Set<string> {
  const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
  return new Set(rows.map((row) => row.name));
}

/** Column names of a table (empty when the table does not exist). */
export function columnsOf(db: Database.Database, table: string): Set<string> {
  const rows = db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as Array<{ name: string }>;
  return new Set(rows.map((row) => row.name));
}

/** The first of `names` the table has, for columns whose name changed between iOS versions. */
export function pickColumn(columns: Set<string>, ...names: string[]): string | undefined {
  return names.find((name) => columns.has(name));
}

/** Checks a table exists, else the database is not the one expected. */
export function requireTables(db: Database.Database, what: string, ...names: string[]): void {
  const tables = tablesOf(db);
  const missing = names.filter((name) => !tables.has(name));
  if (missing.length) throw new CategoryProblem('unreadable', `${capitalize(what)} does not have the tables Cradle expects (${missing.join(', ')}).`);
}

/** A plist dictionary (not an array, date or data). */
export function isDict(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !Buffer.isBuffer(value);
}

function isSqliteError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'SqliteError' || /^SQLITE_/.test(String((error as { code?: unknown }).code)));
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
