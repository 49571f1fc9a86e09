/**
 * Backups of the virtual device made by libimobiledevice's own idevicebackup2 (Debian): full and
 * incremental backups, encrypted ones read back by the independent decryptor, and the managed device's
 * "encryption required" refusal.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { lastBackupStats } from '../virtual-device/backup/backup.ts';
import type { DeviceState } from '../virtual-device/device.ts';
import {
  classKeysFor, decryptKeychainItem, decryptWithStoredKey, parseTlvKeybag, readBinaryPlist, readManifestRows as readRows, readMBFile, type ManifestRow as Row,
} from './backup-decryptor.ts';
import { dataFileInodes, pairAll, runIdevice, runOk } from './idevicebackup2.ts';
import { peerToolsMissing, startFixture } from '../helpers/fixture.ts';

const skip = peerToolsMissing;

/** Content of a device file as the store holds it. */
function storeContent(device: DeviceState, domain: string, relativePath: string): Buffer {
  return fs.readFileSync(device.store.pathOf(domain, relativePath));
}

test('idevicebackup2 backup --full writes a complete backup, and a second backup sends only what changed', { skip }, async () => {
  const fixture = await startFixture();
  const device = fixture.server.devices[0]!;
  const dir = path.join(fixture.dir, 'backups');
  fs.mkdirSync(dir);
  try {
    await pairAll(fixture.server);
    await runOk(fixture.server, 'idevicebackup2', ['-u', device.udid, 'backup', '--full', dir]);
    const root = path.join(dir, device.udid);
    assert.match(fs.readFileSync(path.join(root, 'Info.plist'), 'utf8'), /^<\?xml/);
    assert.equal((readBinaryPlist(fs.readFileSync(path.join(root, 'Status.plist'))) as Record<string, unknown>).SnapshotState, 'finished');
    const manifest = readBinaryPlist(fs.readFileSync(path.join(root, 'Manifest.plist'))) as Record<string, unknown>;
    assert.equal(manifest.IsEncrypted, false);
    assert.equal((manifest.Lockdown as Record<string, unknown>).UniqueDeviceID, device.udid);
    assert.ok(!fs.existsSync(path.join(root, 'Snapshot')));
    const rows = readRows(path.join(root, 'Manifest.db'));
    const files = rows.filter((r) => r.flags === 1);
    assert.ok(files.length > 20, `only ${files.length} files`);
    for (const row of rows) {
      assert.equal(row.fileID, createHash('sha1').update(`${row.domain}-${row.relativePath}`).digest('hex'));
      assert.equal(readMBFile(row.file).relativePath, row.relativePath);
      if (row.flags !== 1) continue;
      const stored = fs.readFileSync(path.join(root, row.fileID.slice(0, 2), row.fileID));
      assert.deepEqual(stored, storeContent(device, row.domain, row.relativePath), `${row.domain}/${row.relativePath}`);
      assert.equal(readMBFile(row.file).size, stored.length);
    }
    // Every backed-up entry is in the manifest; encrypted-only and excluded data is not.
    const expected = device.store.list().filter((e) => !e.encryptedOnly && !e.excludedFromBackup && e.domain !== 'KeychainDomain');
    assert.deepEqual(rows.map((r) => `${r.domain}/${r.relativePath}`).sort(), expected.map((e) => `${e.domain}/${e.relativePath}`).sort());
    assert.ok(device.store.list().some((e) => e.encryptedOnly), 'the profile has encrypted-only data');

    const before = dataFileInodes(root);
    const [changedA, changedB, removed] = files.slice(0, 3);
    device.store.writeFile(changedA!.domain, changedA!.relativePath, Buffer.from('changed content A'));
    device.store.writeFile(changedB!.domain, changedB!.relativePath, Buffer.concat([storeContent(device, changedB!.domain, changedB!.relativePath), Buffer.from('+')]));
    device.store.remove(removed!.domain, removed!.relativePath);
    device.store.writeFile('HomeDomain', 'Library/Notes/added-by-test.txt', Buffer.from('a new file'));
    device.store.save();
    const output = await runOk(fixture.server, 'idevicebackup2', ['-u', device.udid, 'backup', dir]);
    assert.match(output, /Backup Successful/);
    const stats = lastBackupStats(device);
    assert.deepEqual({ full: stats?.full, uploaded: stats?.filesUploaded, removed: stats?.filesRemoved }, { full: false, uploaded: 3, removed: 1 });
    const after = dataFileInodes(root);
    const key = (row: Row): string => `${row.fileID.slice(0, 2)}/${row.fileID}`;
    assert.ok(!after.has(key(removed!)));
    assert.notEqual(after.get(key(changedA!)), before.get(key(changedA!)));
    assert.notEqual(after.get(key(changedB!)), before.get(key(changedB!)));
    for (const row of files.slice(3)) assert.equal(after.get(key(row)), before.get(key(row)), `${row.relativePath} was sent again`);
    const newRows = readRows(path.join(root, 'Manifest.db'));
    const added = newRows.find((r) => r.relativePath === 'Library/Notes/added-by-test.txt')!;
    assert.deepEqual(fs.readFileSync(path.join(root, key(added))), Buffer.from('a new file'));
    assert.deepEqual(fs.readFileSync(path.join(root, key(changedA!))), Buffer.from('changed content A'));
    assert.ok(!newRows.some((r) => r.fileID === removed!.fileID));
  } finally {
    await fixture.close();
  }
});

test('idevicebackup2 encryption on, then a backup that decrypts with the password by the independent decryptor', { skip }, async () => {
  const fixture = await startFixture();
  const device = fixture.server.devices[0]!;
  const dir = path.join(fixture.dir, 'backups');
  fs.mkdirSync(dir);
  try {
    await pairAll(fixture.server);
    await runOk(fixture.server, 'idevicebackup2', ['-u', device.udid, 'encryption', 'on', 'test-password']);
    assert.equal(device.backupPassword, 'test-password');
    assert.equal(device.values['com.apple.mobile.backup']?.WillEncrypt, true);
    await runOk(fixture.server, 'idevicebackup2', ['-u', device.udid, 'backup', dir]);
    const root = path.join(dir, device.udid);
    const manifest = readBinaryPlist(fs.readFileSync(path.join(root, 'Manifest.plist'))) as Record<string, Buffer | boolean>;
    assert.equal(manifest.IsEncrypted, true);
    const keybag = parseTlvKeybag(manifest.BackupKeyBag as Buffer);
    assert.equal(keybag.header.get('VERS')!.readUInt32BE(0), 5);
    assert.throws(() => classKeysFor(keybag, 'wrong-password'));
    const classKeys = classKeysFor(keybag, 'test-password');
    const plainDb = path.join(fixture.dir, 'Manifest-plain.db');
    fs.writeFileSync(plainDb, decryptWithStoredKey(fs.readFileSync(path.join(root, 'Manifest.db')), manifest.ManifestKey as Buffer, classKeys));
    const rows = readRows(plainDb);
    let keychainChecked = false;
    for (const row of rows.filter((r) => r.flags === 1)) {
      const record = readMBFile(row.file);
      assert.ok(record.encryptionKey, `${row.relativePath} has no EncryptionKey`);
      const plain = decryptWithStoredKey(fs.readFileSync(path.join(root, row.fileID.slice(0, 2), row.fileID)), record.encryptionKey!, classKeys);
      assert.equal(plain.length, record.size);
      if (row.domain === 'KeychainDomain') {
        const items = readBinaryPlist(plain) as Record<string, Array<{ v_Data: Buffer }>>;
        const deviceKeychain = readBinaryPlist(storeContent(device, row.domain, row.relativePath)) as Record<string, Array<Record<string, unknown>>>;
        const mine = deviceKeychain.genp!.find((item) => item.pdmn === 'ck')!;
        const theirs = items.genp!.map((item) => decryptKeychainItem(item.v_Data, classKeys)).find((item) => item.acct === mine.acct)!;
        assert.deepEqual(theirs.v_Data, mine.v_Data);
        keychainChecked = true;
      } else {
        assert.deepEqual(plain, storeContent(device, row.domain, row.relativePath), `${row.domain}/${row.relativePath}`);
      }
    }
    assert.ok(keychainChecked, 'the encrypted backup has a keychain');
    const names = new Set(rows.map((r) => `${r.domain}/${r.relativePath}`));
    for (const entry of device.store.list().filter((e) => e.encryptedOnly)) assert.ok(names.has(`${entry.domain}/${entry.relativePath}`), `${entry.relativePath} missing`);
    // A second encrypted backup builds on the first and sends nothing new.
    await runOk(fixture.server, 'idevicebackup2', ['-u', device.udid, 'backup', dir]);
    assert.deepEqual({ full: lastBackupStats(device)?.full, uploaded: lastBackupStats(device)?.filesUploaded }, { full: false, uploaded: 0 });
  } finally {
    await fixture.close();
  }
});

test('a managed device answers Backup with a non-zero ErrorCode saying encryption is required while encryption is off', { skip }, async () => {
  const fixture = await startFixture({ profile: 'managed' });
  const device = fixture.server.devices[0]!;
  const dir = path.join(fixture.dir, 'backups');
  fs.mkdirSync(dir);
  try {
    await pairAll(fixture.server);
    assert.equal(device.values['com.apple.mobile.backup']?.RequiresEncrypt, true);
    const result = await runIdevice(fixture.server, 'idevicebackup2', ['-u', device.udid, 'backup', dir]);
    assert.notEqual(result.code, 0, result.output);
    assert.match(result.output, /ErrorCode [1-9]\d*: .*encryption is required/i);
    assert.ok(!fs.existsSync(path.join(dir, device.udid, 'Manifest.db')));
    await runOk(fixture.server, 'idevicebackup2', ['-u', device.udid, 'encryption', 'on', 'pw']);
    await runOk(fixture.server, 'idevicebackup2', ['-u', device.udid, 'backup', dir]);
    const disable = await runIdevice(fixture.server, 'idevicebackup2', ['-u', device.udid, 'encryption', 'off', 'pw']);
    assert.match(disable.output, /Could not disable backup encryption/);
    assert.equal(device.backupPassword, 'pw');
  } finally {
    await fixture.close();
  }
});
