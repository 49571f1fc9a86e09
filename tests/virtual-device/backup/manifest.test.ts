/**
 * Backup format (PROTOCOLS.md §4): MBFile archives, Manifest.db, Status.plist and Manifest.plist, read with
 * bplist-parser, better-sqlite3 and the independent decoder instead of the device's own readers.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { readBinaryPlist, readMBFile } from '../../integration/backup-decryptor.ts';
import { decodeMBFile, encodeMBFile, type MBFileRecord } from './mbfile.ts';
import { fileIdOf, readManifestDb, writeManifestDb, type ManifestRow } from './manifest-db.ts';
import { buildStatusPlist, newBackupStatus, snapshotStateOf } from './plists.ts';

const base: MBFileRecord = {
  relativePath: 'Library/SMS/sms.db', mode: 0o100644, inode: 12345, userId: 501, groupId: 501,
  lastModified: 1_700_000_000, lastStatusChange: 1_700_000_000, birth: 1_600_000_000, size: 4096, protectionClass: 3, flags: 0,
};

test('MBFile is an NSKeyedArchiver archive with UID references and an NSMutableData EncryptionKey', () => {
  const encryptionKey = randomBytes(44);
  const digest = randomBytes(20);
  const blob = encodeMBFile({ ...base, encryptionKey, digest });
  assert.equal(blob.subarray(0, 8).toString('latin1'), 'bplist00');
  const archive = readBinaryPlist(blob) as { $version: number; $archiver: string; $top: { root: { UID: number } }; $objects: unknown[] };
  assert.equal(archive.$version, 100000);
  assert.equal(archive.$archiver, 'NSKeyedArchiver');
  assert.equal(archive.$top.root.UID, 1);
  assert.equal(archive.$objects[0], '$null');
  const root = archive.$objects[1] as Record<string, unknown>;
  for (const key of ['Mode', 'InodeNumber', 'UserID', 'GroupID', 'LastModified', 'LastStatusChange', 'Birth', 'Size', 'ProtectionClass', 'Flags']) {
    assert.equal(typeof root[key], 'number', key);
  }
  const keyObject = archive.$objects[(root.EncryptionKey as { UID: number }).UID] as Record<string, unknown>;
  assert.deepEqual(keyObject['NS.data'], encryptionKey);
  const keyClass = archive.$objects[(keyObject.$class as { UID: number }).UID] as { $classname: string; $classes: string[] };
  assert.equal(keyClass.$classname, 'NSMutableData');
  assert.deepEqual(keyClass.$classes, ['NSMutableData', 'NSData', 'NSObject']);
  const independent = readMBFile(blob);
  assert.equal(independent.relativePath, base.relativePath);
  assert.equal(independent.size, 4096);
  assert.equal(independent.mode, 0o100644);
  assert.deepEqual(independent.encryptionKey, encryptionKey);
  assert.deepEqual(decodeMBFile(blob), { ...base, encryptionKey, digest });
});

test('a symlink MBFile carries its Target, a non-ASCII path survives', () => {
  const record: MBFileRecord = { ...base, relativePath: 'Media/Café/link', mode: 0o120755, size: 0, protectionClass: 0, target: '/var/mobile/Media/DCIM' };
  const blob = encodeMBFile(record);
  assert.equal(readMBFile(blob).target, '/var/mobile/Media/DCIM');
  assert.equal(readMBFile(blob).relativePath, 'Media/Café/link');
  assert.deepEqual(decodeMBFile(blob), record);
});

test('Manifest.db has the real tables and indexes, and fileID is sha1(domain-relativePath)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cradle-manifest-'));
  try {
    const file = path.join(dir, 'Manifest.db');
    const rows: ManifestRow[] = [
      { fileID: fileIdOf('HomeDomain', ''), domain: 'HomeDomain', relativePath: '', flags: 2, file: { ...base, relativePath: '', mode: 0o40755, size: 0 } },
      { fileID: fileIdOf('HomeDomain', base.relativePath), domain: 'HomeDomain', relativePath: base.relativePath, flags: 1, file: base },
    ];
    assert.equal(rows[1]!.fileID, createHash('sha1').update('HomeDomain-Library/SMS/sms.db').digest('hex'));
    writeManifestDb(file, rows);
    assert.deepEqual(fs.readdirSync(dir), ['Manifest.db']);
    const db = new Database(file, { readonly: true });
    try {
      const schema = db.prepare("SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all();
      assert.deepEqual(schema, [
        { type: 'table', name: 'Files', tbl_name: 'Files' },
        { type: 'index', name: 'FilesDomainIdx', tbl_name: 'Files' },
        { type: 'index', name: 'FilesFlagsIdx', tbl_name: 'Files' },
        { type: 'index', name: 'FilesRelativePathIdx', tbl_name: 'Files' },
        { type: 'table', name: 'Properties', tbl_name: 'Properties' },
      ]);
      const columns = db.prepare('PRAGMA table_info(Files)').all() as Array<{ name: string; type: string; pk: number }>;
      assert.deepEqual(columns.map((c) => [c.name, c.type, c.pk]), [['fileID', 'TEXT', 1], ['domain', 'TEXT', 0], ['relativePath', 'TEXT', 0], ['flags', 'INTEGER', 0], ['file', 'BLOB', 0]]);
      const stored = db.prepare('SELECT * FROM Files ORDER BY flags').all() as Array<{ relativePath: string; file: Buffer }>;
      assert.equal(readMBFile(stored[0]!.file).relativePath, base.relativePath);
    } finally {
      db.close();
    }
    assert.deepEqual(readManifestDb(file).sort((a, b) => a.flags - b.flags), rows.slice().reverse());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('Status.plist records the snapshot state', () => {
  const status = newBackupStatus(true);
  status.snapshotState = 'finished';
  const plist = readBinaryPlist(buildStatusPlist(status)) as Record<string, unknown>;
  assert.equal(plist.Version, '3.3');
  assert.equal(plist.SnapshotState, 'finished');
  assert.equal(plist.IsFullBackup, true);
  assert.equal(plist.BackupState, 'new');
  assert.ok(plist.Date instanceof Date);
  assert.match(String(plist.UUID), /^[0-9A-F-]{36}$/);
  assert.equal(snapshotStateOf(buildStatusPlist(status)), 'finished');
  assert.equal(snapshotStateOf(Buffer.from('bplist00 garbage')), undefined);
});
