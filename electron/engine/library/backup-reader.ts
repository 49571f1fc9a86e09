/**
 * The shapes every reader of a backup's contents agrees on: the manifest (modern Manifest.db or legacy
 * Manifest.mbdb), the file entries it lists, and access to their (decrypted) bytes.
 */
import type { Readable } from 'node:stream';
import type { EntryKind } from '../../../shared/browse.ts';

export type { EntryKind };

/** One row of a backup's manifest, as cheap as possible (listing 100,000 of them must stay fast). */
export interface BackupEntry {
  /** SHA-1 hex of `domain-relativePath`: the file's name in the backup folder. */
  fileID: string;
  domain: string;
  /** Path inside the domain, '' for the domain root. */
  relativePath: string;
  kind: EntryKind;
}

/** Everything the manifest says of one entry (modern: the MBFile archive; legacy: the mbdb record). */
export interface BackupFileDetails extends BackupEntry {
  /** Size the device reported; only a hint (real SQLite files are often larger than it says). */
  size: number;
  /** Full st_mode. */
  mode: number;
  /** Unix seconds. */
  lastModified?: number;
  lastStatusChange?: number;
  birth?: number;
  protectionClass: number;
  userId?: number;
  groupId?: number;
  inode?: number;
  /** Symlink target. */
  target?: string;
  /** Encrypted backups: u32 LE protection class followed by the 40-byte wrapped file key. */
  wrappedKey?: Buffer;
  /** SHA-1 (legacy backups) or digest the device gave, when present. */
  digest?: Buffer;
}

/** The files of one backup, decrypted on the fly when the backup is encrypted and unlocked. */
export interface BackupContents {
  /** The backup folder. */
  readonly path: string;
  readonly format: 'modern' | 'legacy';
  readonly encrypted: boolean;
  /** Manifest.plist as a dictionary (Lockdown, Applications, IsEncrypted…). */
  readonly manifestPlist: Record<string, unknown>;
  /** Every row of the manifest, in manifest order (read in full on first call: prefer the calls below). */
  entries(): readonly BackupEntry[];
  /** How many rows each domain has. */
  domains(): ReadonlyMap<string, number>;
  /** The rows of one domain. */
  domainEntries(domain: string): readonly BackupEntry[];
  /** The entry of a domain + path, if the backup holds it. */
  find(domain: string, relativePath: string): BackupEntry | undefined;
  /** The entry with this fileID, if any. */
  byId(fileID: string): BackupEntry | undefined;
  /** The full record of an entry (parsed on demand). */
  details(entry: BackupEntry): BackupFileDetails;
  /** The records of many entries at once, in order; an unreadable record is its Error. */
  detailsMany(entries: readonly BackupEntry[]): (BackupFileDetails | Error)[];
  /** Where an entry's content lives on disk (encrypted bytes when the backup is encrypted). */
  dataPath(entry: BackupEntry): string;
  /** An entry's plain bytes. Throws BACKUP_CORRUPT past `maxBytes` (default 512 MiB) or when unreadable. */
  readFile(entry: BackupEntry, maxBytes?: number): Promise<Buffer>;
  /** An entry's plain bytes as a stream (constant memory, for exports of large files). */
  openStream(entry: BackupEntry): Readable;
  /** Releases the manifest (and any key material). */
  close(): void;
}
