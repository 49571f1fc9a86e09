/**
 * Schema checks for SQLite databases that come from a backup: SQL stored in them runs when they are read.
 */
import type Database from 'better-sqlite3';

/**
 * True when `table` has a column computed on every read (a virtual generated column) or is a virtual
 * table. Such a column can build a gigabyte per row from a few bytes of schema, so it is never read.
 */
export function hasComputedColumns(db: Database.Database, table: string): boolean {
  // table_xinfo's hidden: 1 a virtual table's hidden column, 2 a column computed on read (3, stored, is plain data).
  const columns = db.prepare('SELECT hidden FROM pragma_table_xinfo(?)').pluck().all(table) as number[];
  const sql = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE").pluck().get(table);
  return columns.some((hidden) => hidden === 1 || hidden === 2) || (typeof sql === 'string' && /^\s*CREATE\s+VIRTUAL/i.test(sql));
}
