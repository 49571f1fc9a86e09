/**
 * Encrypted backups in the browser and the CLI: locked until the password unlocks them, wrong passwords
 * refused with WRONG_PASSWORD, contents decrypted in memory and equal to the device's files byte for byte,
 * previews, exports, verify, and a remembered password reopening the backup unlocked.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { FilePreview, VerifyReport } from '../../shared/browse.ts';
import { createEngine } from '../../electron/engine/api/handlers.ts';
import { dispatch } from '../../electron/engine/api/dispatch.ts';
import { backupId } from '../../electron/engine/library/backup-id.ts';
import type { DeviceState } from '../virtual-device/device.ts';
import { peerToolsMissing, startFixture, type Fixture } from '../helpers/fixture.ts';
import { keychainCipher } from '../helpers/test-keychain.ts';
import { makeLegacyBackup } from '../helpers/legacy-backup.ts';
import { runCradle } from './cradle-cli.ts';
import { pairAll } from './idevicebackup2.ts';

const password = 'marker-pass 7431 ✓';
let fixture: Fixture;
let dir: string;
let device: DeviceState;

before(async () => {
  if (peerToolsMissing) return;
  fixture = await startFixture({ devices: 1 });
  [device] = fixture.server.devices as [DeviceState];
  dir = path.join(fixture.dir, 'backups');
  await pairAll(fixture.server);
  assert.equal((await runCradle(fixture.server, ['encryption', device.udid, 'on', '--password-stdin'], `${password}\n`)).code, 0);
  assert.equal((await runCradle(fixture.server, ['backup', device.udid, '--dir', dir])).code, 0);
});

after(async () => fixture?.close());

/**
 * Files an encrypted backup carries as they are on the device (encrypted-only ones included; the keychain
 * is re-sealed per item when backed up, so its bytes differ by design).
 */
function backedUpFiles() {
  return device.store.list().filter((e) => e.kind === 'file' && !e.excludedFromBackup && e.domain !== 'KeychainDomain');
}

test('the CLI refuses a wrong password (exit 8) and reads everything with the right one', { skip: peerToolsMissing }, async () => {
  const wrong = await runCradle(fixture.server, ['browse', device.udid, 'ls', '--dir', dir, '--json'], '', { CRADLE_BACKUP_PASSWORD: 'not the password' });
  assert.equal(wrong.code, 8);
  assert.equal((JSON.parse(wrong.stderr) as { error: { code: string } }).error.code, 'WRONG_PASSWORD');

  const file = backedUpFiles().find((e) => e.encryptedOnly)!;
  const cat = await runCradle(fixture.server, ['browse', device.udid, 'cat', file.domain, file.relativePath, '--dir', dir, '--password-stdin'], `${password}\n`);
  assert.equal(cat.code, 0, cat.stderr);
  assert.deepEqual(cat.stdoutBytes, fs.readFileSync(device.store.pathOf(file.domain, file.relativePath)));

  const verify = await runCradle(fixture.server, ['backups', 'verify', device.udid, '--dir', dir, '--json'], '', { CRADLE_BACKUP_PASSWORD: password });
  const report = JSON.parse(verify.stdout) as VerifyReport;
  assert.deepEqual([verify.code, report.encrypted, report.contentsChecked, report.errors], [0, true, true, 0]);
  assert.ok(report.files >= backedUpFiles().length);

  const out = path.join(fixture.dir, 'out');
  const extract = await runCradle(fixture.server, ['extract', device.udid, 'HomeDomain', 'Library', '--out', out, '--dir', dir, '--json'], '', { CRADLE_BACKUP_PASSWORD: password });
  assert.equal(extract.code, 0, extract.stderr);
  const library = backedUpFiles().filter((e) => e.domain === 'HomeDomain' && e.relativePath.startsWith('Library/'));
  assert.ok(library.length > 5);
  for (const entry of library) assert.deepEqual(fs.readFileSync(path.join(out, entry.relativePath)), fs.readFileSync(device.store.pathOf(entry.domain, entry.relativePath)), entry.relativePath);
});

test('the browser channels: locked, wrong password, unlock, list, previews, remembered password', { skip: peerToolsMissing }, async () => {
  const secretsFile = path.join(fixture.dir, 'secrets.json');
  const cipher = keychainCipher();
  const engine = createEngine({ backupFolder: dir, secretsFile, secretCipher: cipher });
  const call = async <T>(channel: string, request: unknown): Promise<T> => {
    const result = await dispatch(engine.handlers, channel, request);
    if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
    return result.value as T;
  };
  const id = backupId(path.join(dir, device.udid));
  try {
    const opened = await call<{ locked: boolean; encrypted: boolean }>('browse:open', { id });
    assert.deepEqual([opened.encrypted, opened.locked], [true, true]);
    await assert.rejects(call('browse:list', { id, domain: 'HomeDomain', relativePath: '' }), { code: 'PASSWORD_REQUIRED' });
    await assert.rejects(call('browse:unlock', { id, password: 'wrong' }), { code: 'WRONG_PASSWORD' });
    const unlocked = await call<{ locked: boolean; entries: number }>('browse:unlock', { id, password, remember: true });
    assert.equal(unlocked.locked, false);
    assert.ok(unlocked.entries > backedUpFiles().length);

    const page = await call<{ items: { name: string; fileID: string }[] }>('browse:list', { id, domain: 'HomeDomain', relativePath: 'Library/AddressBook' });
    const book = page.items.find((item) => item.name === 'AddressBook.sqlitedb')!;
    const sqlite = await call<FilePreview>('browse:preview', { id, fileID: book.fileID });
    assert.equal(sqlite.kind, 'sqlite');
    assert.ok(sqlite.kind === 'sqlite' && sqlite.tables.some((table) => table.name === 'ABPerson' && table.rowCount > 0));

    const photo = (await call<{ items: { fileID: string; name: string }[] }>('browse:search', { id, query: '.JPG' })).items[0]!;
    const image = await call<FilePreview>('browse:preview', { id, fileID: photo.fileID });
    assert.equal(image.kind, 'image');
    const original = backedUpFiles().find((e) => e.relativePath.endsWith(`/${photo.name}`))!;
    assert.ok(image.kind === 'image' && Buffer.from(image.base64, 'base64').equals(fs.readFileSync(device.store.pathOf(original.domain, original.relativePath))));

    const info = (await call<{ items: { fileID: string }[] }>('browse:search', { id, query: 'com.apple.wifi.plist' })).items[0];
    if (info) assert.equal((await call<FilePreview>('browse:preview', { id, fileID: info.fileID })).kind, 'plist');
  } finally {
    await engine.close();
  }
  const again = createEngine({ backupFolder: dir, secretsFile, secretCipher: cipher });
  try {
    const result = await dispatch(again.handlers, 'browse:open', { id });
    assert.ok(result.ok && !(result.value as { locked: boolean }).locked, 'the remembered password unlocks it');
    assert.ok(!fs.readFileSync(secretsFile).includes(Buffer.from(password)), 'the password is sealed, not in plain text');
  } finally {
    await again.close();
  }
});

test('an encrypted iOS 9 style backup opens with the same password', { skip: peerToolsMissing }, async () => {
  const legacy = path.join(fixture.dir, 'legacy', device.udid);
  makeLegacyBackup(path.join(dir, device.udid), legacy, password);
  const file = backedUpFiles().find((e) => e.encryptedOnly)!;
  const wrong = await runCradle(fixture.server, ['browse', legacy, 'ls'], '', { CRADLE_BACKUP_PASSWORD: 'nope' });
  assert.equal(wrong.code, 8);
  const cat = await runCradle(fixture.server, ['browse', legacy, 'cat', file.domain, file.relativePath], '', { CRADLE_BACKUP_PASSWORD: password });
  assert.equal(cat.code, 0, cat.stderr);
  assert.deepEqual(cat.stdoutBytes, fs.readFileSync(device.store.pathOf(file.domain, file.relativePath)));
  const verify = await runCradle(fixture.server, ['backups', 'verify', legacy, '--json'], '', { CRADLE_BACKUP_PASSWORD: password });
  assert.equal((JSON.parse(verify.stdout) as VerifyReport).errors, 0, verify.stdout);
});
