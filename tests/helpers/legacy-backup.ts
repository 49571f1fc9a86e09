/**
 * Legacy (iOS 9 and older) backups for tests: a Manifest.mbdb writer and a converter that turns a modern
 * backup folder made by the virtual device (plain or encrypted) into the flat iOS 9 layout. Built from
 * the format facts (header `mbdb\x05\x00`, big-endian records) and the test-side decryptor, not from the
 * engine's reader.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { classKeysFor, decryptWithStoredKey, parseTlvKeybag, readManifestRows } from '../integration/backup-decryptor.ts';
import { decodeMBFile, type MBFileRecord } from '../virtual-device/backup/mbfile.ts';
import { decodePlist, encodeBinary, encodeXml } from '../virtual-device/plist.ts';

/** One Manifest.mbdb record: an MBFile's fields (Birth and Flags have no place in mbdb) with its domain. */
export interface MbdbRecord extends Omit<MBFileRecord, 'birth' | 'flags'> {
  domain: string;
  lastAccess: number;
  /** Extended attributes. */
  properties?: Array<[string, Buffer]>;
}

/** The iOS version a converted backup claims. */
export const LEGACY_VERSION = '9.3.5';

/** Encodes records as Manifest.mbdb: `mbdb\x05\x00`, then big-endian records, strings u16-prefixed (0xFFFF = empty). */
export function encodeMbdb(records: readonly MbdbRecord[]): Buffer {
  const parts: Buffer[] = [Buffer.from('mbdb\x05\x00', 'latin1')];
  const string = (value: string | Buffer | undefined): void => {
    const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    if (!bytes || bytes.length === 0) return void parts.push(Buffer.from([0xff, 0xff]));
    parts.push(uint(bytes.length, 2), bytes);
  };
  for (const r of records) {
    for (const field of [r.domain, r.relativePath, r.target, r.digest, r.encryptionKey]) string(field);
    parts.push(uint(r.mode, 2), uint(r.inode, 8), uint(r.userId, 4), uint(r.groupId, 4));
    parts.push(uint(r.lastModified, 4), uint(r.lastAccess, 4), uint(r.lastStatusChange, 4), uint(r.size, 8));
    parts.push(uint(r.protectionClass, 1), uint(r.properties?.length ?? 0, 1));
    for (const [name, value] of r.properties ?? []) {
      string(name);
      string(value);
    }
  }
  return Buffer.concat(parts);
}

/**
 * Turns a modern backup folder into an iOS 9 one in `outDir`: flat `<fileID>` files, Manifest.mbdb from
 * the Manifest.db rows (each encrypted file keeps its wrapped key, so the same keybag still opens it),
 * Info.plist and Status.plist copied with Product Version 9.3.5, Manifest.plist without ManifestKey.
 * `password` is needed for an encrypted backup (to read its Manifest.db).
 */
export function makeLegacyBackup(modernBackupDir: string, outDir: string, password?: string): void {
  fs.mkdirSync(outDir, { recursive: true });
  const manifest = decodePlist(fs.readFileSync(path.join(modernBackupDir, 'Manifest.plist'))) as Record<string, unknown>;
  const records: MbdbRecord[] = [];
  for (const row of readManifestRows(manifestDb(modernBackupDir, manifest, password))) {
    const fileID = createHash('sha1').update(`${row.domain}-${row.relativePath}`).digest('hex');
    if (fileID !== row.fileID) throw new Error(`${row.domain}/${row.relativePath}: fileID ${row.fileID} is not its SHA-1`);
    const mbfile = decodeMBFile(row.file);
    records.push({ ...mbfile, domain: row.domain, relativePath: row.relativePath, lastAccess: mbfile.lastModified });
    const data = path.join(modernBackupDir, fileID.slice(0, 2), fileID);
    if (row.flags === 1 && fs.existsSync(data)) fs.copyFileSync(data, path.join(outDir, fileID));
  }
  fs.writeFileSync(path.join(outDir, 'Manifest.mbdb'), encodeMbdb(records));

  const info = decodePlist(fs.readFileSync(path.join(modernBackupDir, 'Info.plist'))) as Record<string, unknown>;
  fs.writeFileSync(path.join(outDir, 'Info.plist'), encodeXml({ ...info, 'Product Version': LEGACY_VERSION }));
  fs.copyFileSync(path.join(modernBackupDir, 'Status.plist'), path.join(outDir, 'Status.plist'));
  const { ManifestKey: _dropped, ...legacyManifest } = manifest;
  const lockdown = (manifest.Lockdown ?? {}) as Record<string, unknown>;
  fs.writeFileSync(path.join(outDir, 'Manifest.plist'), encodeBinary({ ...legacyManifest, Lockdown: { ...lockdown, ProductVersion: LEGACY_VERSION } }));
}

/** Manifest.db: its path, or its bytes decrypted in memory when the backup is encrypted. */
function manifestDb(dir: string, manifest: Record<string, unknown>, password: string | undefined): string | Buffer {
  const file = path.join(dir, 'Manifest.db');
  if (manifest.IsEncrypted !== true) return file;
  if (password === undefined) throw new Error('makeLegacyBackup: the backup is encrypted; pass its password');
  const classKeys = classKeysFor(parseTlvKeybag(manifest.BackupKeyBag as Buffer), password);
  return decryptWithStoredKey(fs.readFileSync(file), manifest.ManifestKey as Buffer, classKeys);
}

function uint(value: number, bytes: 1 | 2 | 4 | 8): Buffer {
  const b = Buffer.alloc(bytes);
  if (bytes === 8) b.writeBigUInt64BE(BigInt(value), 0);
  else b.writeUIntBE(value, 0, bytes);
  return b;
}
