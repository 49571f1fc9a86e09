/**
 * What every content generator gets: the store, the profile's facts, seeded randomness and helpers that
 * write files, plists and SQLite databases into the store deterministically.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { encodeBinary } from '../plist.ts';
import type { DeviceFileEntry, DeviceStore, Profile } from '../types.ts';
import type { Persona } from './persona.ts';
import { Rng, stableUuid } from './random.ts';
import { REFERENCE_TIME } from './time.ts';

/** Shared state of one populateProfile run. */
export interface ContentContext {
  store: DeviceStore;
  profile: Profile;
  udid: string;
  persona: Persona;
  /** Fresh generator for one purpose: the same label always yields the same sequence for this device. */
  rng(label: string): Rng;
}

/** Metadata of generated files; dates default to a fixed time so generation is reproducible. */
export type FileMeta = Partial<DeviceFileEntry>;

let temporaryCounter = 0;

/** Writes bytes into the store with reproducible dates. */
export function putFile(context: ContentContext, domain: string, relativePath: string, data: Buffer, meta: FileMeta = {}): void {
  context.store.writeFile(domain, relativePath, data, withDates(meta));
}

/** Writes a binary plist into the store. */
export function putPlist(context: ContentContext, domain: string, relativePath: string, value: unknown, meta: FileMeta = {}): void {
  putFile(context, domain, relativePath, encodeBinary(value), meta);
}

/** Creates a folder entry with reproducible dates. */
export function putDirectory(context: ContentContext, domain: string, relativePath: string, meta: FileMeta = {}): void {
  context.store.mkdir(domain, relativePath, withDates(meta));
}

/**
 * Builds a SQLite database in the store's scratch folder and moves it into place, so the store only ever
 * sees a complete file (rollback journal, no -wal/-shm leftovers).
 */
export function putDatabase(context: ContentContext, domain: string, relativePath: string, meta: FileMeta,
  build: (db: Database.Database) => void): void {
  const scratch = path.join(context.store.tempDir, `content-${process.pid}-${temporaryCounter++}.sqlite`);
  fs.rmSync(scratch, { force: true });
  const db = new Database(scratch);
  try {
    db.pragma('journal_mode = DELETE');
    db.transaction(() => build(db))();
  } finally {
    db.close();
  }
  context.store.importFile(domain, relativePath, scratch, withDates(meta));
}

/** A scratch file path for large generated content (then importFile moves it in). */
export function scratchPath(context: ContentContext, name: string): string {
  return path.join(context.store.tempDir, `content-${process.pid}-${temporaryCounter++}-${name}`);
}

function withDates(meta: FileMeta): FileMeta {
  const lastModified = meta.lastModified ?? REFERENCE_TIME - 3600;
  return { ...meta, lastModified, birth: meta.birth ?? lastModified };
}

/**
 * Core Data bookkeeping tables (Z_PRIMARYKEY, Z_METADATA, Z_MODELCACHE) that every Core Data store
 * (CallHistory, NoteStore, Photos, Accounts3) carries next to its entity tables.
 */
export function createCoreDataTables(db: Database.Database, storeName: string, entities: Array<{ ent: number; name: string; sup?: number; max: number }>): void {
  db.exec(`CREATE TABLE Z_PRIMARYKEY (Z_ENT INTEGER PRIMARY KEY, Z_NAME VARCHAR, Z_SUPER INTEGER, Z_MAX INTEGER);
    CREATE TABLE Z_METADATA (Z_VERSION INTEGER PRIMARY KEY, Z_UUID VARCHAR(255), Z_PLIST BLOB);
    CREATE TABLE Z_MODELCACHE (Z_CONTENT BLOB);`);
  const insert = db.prepare('INSERT INTO Z_PRIMARYKEY VALUES (?, ?, ?, ?)');
  for (const e of entities) insert.run(e.ent, e.name, e.sup ?? 0, e.max);
  const uuid = stableUuid('coredata', storeName);
  const hashes = Object.fromEntries(entities.map((e) => [e.name, new Rng('model', storeName, e.name).bytes(32)]));
  const plist = encodeBinary({
    NSPersistenceFrameworkVersion: 1344, NSStoreModelVersionHashes: hashes, NSStoreModelVersionHashesVersion: 3,
    NSStoreModelVersionIdentifiers: [''], NSStoreType: 'SQLite', NSStoreUUID: uuid, _NSAutoVacuumLevel: '2',
  });
  db.prepare('INSERT INTO Z_METADATA VALUES (1, ?, ?)').run(uuid, plist);
}
