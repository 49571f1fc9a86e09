/**
 * Cradle's backup engine against the virtual device, judged by libimobiledevice's idevicebackup2 and an
 * independent decryptor: restorable backups, incremental transfers, encryption, required encryption.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { DeviceState } from '../virtual-device/device.ts';
import { classKeysFor, decryptWithStoredKey, parseTlvKeybag, readBinaryPlist, readMBFile } from './backup-decryptor.ts';
import { doneSummary, runCradle } from './cradle-cli.ts';
import { dataFileInodes, pairAll, runOk } from './idevicebackup2.ts';
import { startFixture } from '../helpers/fixture.ts';

/** Files of a device that an unencrypted backup carries. */
function backedUpFiles(device: DeviceState) {
  return device.store.list().filter((e) => e.kind === 'file' && !e.excludedFromBackup && !e.encryptedOnly && e.domain !== 'KeychainDomain');
}

test('cradle backup of A restores onto B with idevicebackup2 -s A; B then holds A\'s content', async () => {
  const fixture = await startFixture({ devices: 2 });
  const [a, b] = fixture.server.devices as [DeviceState, DeviceState];
  const dir = path.join(fixture.dir, 'backups');
  try {
    await pairAll(fixture.server);
    const backup = await runCradle(fixture.server, ['backup', a.udid, '--dir', dir, '--json']);
    assert.equal(backup.code, 0, backup.stderr);
    const summary = doneSummary(backup.stdout);
    assert.equal(summary.path, path.join(dir, a.udid));
    const info = readXmlPlistKeys(path.join(dir, a.udid, 'Info.plist'));
    assert.ok(info.includes('Target Identifier') && info.includes('Installed Applications'));
    assert.deepEqual(fs.readdirSync(dir), [a.udid], 'no staging folder left behind');
    const db = new Database(path.join(dir, a.udid, 'Manifest.db'), { readonly: true });
    const rows = db.prepare('SELECT fileID FROM Files WHERE flags = 1').all() as { fileID: string }[];
    db.close();
    assert.ok(rows.length > 20);
    for (const { fileID } of rows) assert.ok(fs.existsSync(path.join(dir, a.udid, fileID.slice(0, 2), fileID)), fileID);

    fixture.server.setFindMy(b.udid, false);
    const restored = await runOk(fixture.server, 'idevicebackup2', ['-u', b.udid, '-s', a.udid, 'restore', '--system', '--settings', dir]);
    assert.match(restored, /Restore Successful/);
    let compared = 0;
    for (const entry of backedUpFiles(a)) {
      assert.ok(b.store.get(entry.domain, entry.relativePath), `${entry.domain}/${entry.relativePath} missing on B`);
      assert.deepEqual(fs.readFileSync(b.store.pathOf(entry.domain, entry.relativePath)), fs.readFileSync(a.store.pathOf(entry.domain, entry.relativePath)));
      compared += 1;
    }
    assert.ok(compared > 20, `compared ${compared} files`);
  } finally {
    await fixture.close();
  }
});

test('a second backup transfers only what changed, and unchanged files keep their inodes', async () => {
  const fixture = await startFixture({ devices: 1, dataMb: 20 });
  const [a] = fixture.server.devices as [DeviceState];
  const dir = path.join(fixture.dir, 'backups');
  try {
    await pairAll(fixture.server);
    const first = doneSummary((await runCradle(fixture.server, ['backup', a.udid, '--dir', dir, '--json'])).stdout);
    const before = dataFileInodes(path.join(dir, a.udid));
    a.store.writeFile('HomeDomain', 'Library/Notes/changed-today.txt', Buffer.from('a new note'));
    a.store.save();
    const second = doneSummary((await runCradle(fixture.server, ['backup', a.udid, '--dir', dir, '--json'])).stdout);
    assert.equal(second.full, false);
    assert.ok(Number(second.receivedBytes) * 10 < Number(first.receivedBytes), `incremental ${String(second.receivedBytes)} vs full ${String(first.receivedBytes)} bytes received`);
    const after = dataFileInodes(path.join(dir, a.udid));
    let kept = 0;
    for (const [file, inode] of before) if (after.get(file) === inode) kept += 1;
    assert.ok(kept > before.size * 0.9, `${kept} of ${before.size} files kept their inode`);
    assert.equal(after.size, before.size + 1);
  } finally {
    await fixture.close();
  }
});

test('cradle encryption on, then a backup that decrypts with the password (independent decryptor)', async () => {
  const fixture = await startFixture({ devices: 1 });
  const [a] = fixture.server.devices as [DeviceState];
  const dir = path.join(fixture.dir, 'backups');
  const password = 'correct horse battery staple';
  try {
    await pairAll(fixture.server);
    const on = await runCradle(fixture.server, ['encryption', a.udid, 'on', '--password-stdin'], `${password}\n`);
    assert.equal(on.code, 0, on.stderr);
    const status = await runCradle(fixture.server, ['encryption', a.udid, 'status', '--json']);
    assert.deepEqual(JSON.parse(status.stdout), { encrypted: true, required: false, remembered: false });

    const backup = await runCradle(fixture.server, ['backup', a.udid, '--dir', dir, '--json']);
    assert.equal(doneSummary(backup.stdout).encrypted, true);
    const manifest = readBinaryPlist(fs.readFileSync(path.join(dir, a.udid, 'Manifest.plist'))) as Record<string, Buffer | boolean>;
    assert.equal(manifest.IsEncrypted, true);
    const classKeys = classKeysFor(parseTlvKeybag(manifest.BackupKeyBag as Buffer), password);
    const plainDb = decryptWithStoredKey(fs.readFileSync(path.join(dir, a.udid, 'Manifest.db')), manifest.ManifestKey as Buffer, classKeys);
    const db = new Database(plainDb);
    const contacts = db.prepare("SELECT fileID, file FROM Files WHERE domain = 'HomeDomain' AND relativePath = 'Library/AddressBook/AddressBook.sqlitedb'").get() as { fileID: string; file: Buffer };
    db.close();
    const mbfile = readMBFile(contacts.file);
    const plain = decryptWithStoredKey(fs.readFileSync(path.join(dir, a.udid, contacts.fileID.slice(0, 2), contacts.fileID)), mbfile.encryptionKey!, classKeys);
    assert.deepEqual(plain, fs.readFileSync(a.store.pathOf('HomeDomain', 'Library/AddressBook/AddressBook.sqlitedb')));

    const wrong = await runCradle(fixture.server, ['encryption', a.udid, 'off', '--json'], '', { CRADLE_BACKUP_PASSWORD: 'not it' });
    assert.notEqual(wrong.code, 0);
    assert.equal(JSON.parse(wrong.stderr.trim().split('\n').at(-1)!).error.code, 'WRONG_PASSWORD');
    const off = await runCradle(fixture.server, ['encryption', a.udid, 'off'], '', { CRADLE_BACKUP_PASSWORD: password });
    assert.equal(off.code, 0, off.stderr);
  } finally {
    await fixture.close();
  }
});

test('a device that requires encryption is refused before anything is sent, with what to do', async () => {
  const fixture = await startFixture({ devices: 1, profile: 'managed' });
  const [m] = fixture.server.devices as [DeviceState];
  const dir = path.join(fixture.dir, 'backups');
  try {
    await pairAll(fixture.server);
    const result = await runCradle(fixture.server, ['backup', m.udid, '--dir', dir, '--json']);
    assert.notEqual(result.code, 0);
    const failed = result.stdout.trim().split('\n').map((line) => JSON.parse(line)).find((e) => e.type === 'failed');
    assert.equal(failed.error.code, 'ENCRYPTION_REQUIRED');
    assert.match(failed.error.message, /Encrypt local backup/);
    assert.equal(fs.existsSync(path.join(dir, m.udid)), false);
  } finally {
    await fixture.close();
  }
});

function readXmlPlistKeys(file: string): string[] {
  return [...fs.readFileSync(file, 'utf8').matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]!);
}
