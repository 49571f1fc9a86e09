/**
 * The engine's backup crypto (electron/engine/crypto) and legacy manifest reader against real backups of
 * the virtual device made by Cradle: keybag, unlock (checked against the independent test-side decryptor),
 * Manifest.db and files byte for byte with the device's store, streaming, the keychain, the iOS 9 layout,
 * and hostile bytes.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pipeline } from 'node:stream/promises';
import { createDecryptStream, decryptBuffer, unwrapFileKey } from '../../electron/engine/crypto/file-cipher.ts';
import { gcmOpen } from '../../electron/engine/crypto/gcm.ts';
import { parseKeybag } from '../../electron/engine/crypto/keybag.ts';
import { decryptKeychain } from '../../electron/engine/crypto/keychain.ts';
import { unlockKeybag, type ClassKeys } from '../../electron/engine/crypto/unlock.ts';
import { parseMbdb } from '../../electron/engine/library/mbdb.ts';
import { encodeBinaryPlist } from '../../electron/engine/plist/codec.ts';
import { gcmEncrypt } from '../virtual-device/backup/gcm.ts';
import { decodeMBFile } from '../virtual-device/backup/mbfile.ts';
import type { DeviceState } from '../virtual-device/device.ts';
import { decodePlist } from '../virtual-device/plist.ts';
import { classKeysFor, parseTlvKeybag, readManifestRows, type ManifestRow as Row } from './backup-decryptor.ts';
import { doneSummary, runCradle } from './cradle-cli.ts';
import { sealKeychainItem } from '../helpers/backup-crypto-fixtures.ts';
import { startFixture, type Fixture } from '../helpers/fixture.ts';
import { makeLegacyBackup } from '../helpers/legacy-backup.ts';

const PASSWORD = 'correct horse battery staple';
const KEYCHAIN = { domain: 'KeychainDomain', path: 'keychain-backup.plist' };

let fixture: Fixture;
let device: DeviceState;
let plainDir: string;
let encryptedDir: string;
let manifest: Record<string, unknown>;
let classKeys: ClassKeys;
let rows: Row[];

before(async () => {
  fixture = await startFixture({ devices: 1, dataMb: 20 });
  device = fixture.server.devices[0] as DeviceState;
  const paired = await runCradle(fixture.server, ['pair', device.udid]);
  assert.equal(paired.code, 0, paired.stderr);
  const plain = await runCradle(fixture.server, ['backup', device.udid, '--dir', path.join(fixture.dir, 'plain'), '--json']);
  assert.equal(doneSummary(plain.stdout).encrypted, false, plain.stderr);
  const on = await runCradle(fixture.server, ['encryption', device.udid, 'on', '--password-stdin'], `${PASSWORD}\n`);
  assert.equal(on.code, 0, on.stderr);
  const encrypted = await runCradle(fixture.server, ['backup', device.udid, '--dir', path.join(fixture.dir, 'encrypted'), '--json']);
  assert.equal(doneSummary(encrypted.stdout).encrypted, true, encrypted.stderr);
  plainDir = path.join(fixture.dir, 'plain', device.udid);
  encryptedDir = path.join(fixture.dir, 'encrypted', device.udid);
  manifest = decodePlist(fs.readFileSync(path.join(encryptedDir, 'Manifest.plist'))) as Record<string, unknown>;
  classKeys = await unlockKeybag(parseKeybag(manifest.BackupKeyBag as Buffer), PASSWORD);
  const plainDb = decryptBuffer(fs.readFileSync(path.join(encryptedDir, 'Manifest.db')), unwrapFileKey(manifest.ManifestKey as Buffer, classKeys));
  rows = readManifestRows(plainDb);
});

after(async () => {
  await fixture?.close();
});

function dataPath(dir: string, fileID: string): string {
  return path.join(dir, fileID.slice(0, 2), fileID);
}

/** keychain-backup.plist of the encrypted backup, decrypted. */
function keychainPlist(): Buffer {
  const row = rows.find((r) => r.domain === KEYCHAIN.domain && r.relativePath === KEYCHAIN.path)!;
  return decryptBuffer(fs.readFileSync(dataPath(encryptedDir, row.fileID)), unwrapFileKey(decodeMBFile(row.file).encryptionKey!, classKeys));
}

function fileRows(): Row[] {
  return rows.filter((row) => row.flags === 1);
}

test('the keybag unlocks with the password; class keys are those the independent decryptor derives', () => {
  const keybag = parseKeybag(manifest.BackupKeyBag as Buffer);
  assert.equal(keybag.version, 5);
  assert.ok(keybag.dpic !== undefined && keybag.dpsl?.length === 20);
  const reference = classKeysFor(parseTlvKeybag(manifest.BackupKeyBag as Buffer), PASSWORD);
  assert.deepEqual([...classKeys.keys()].sort((a, b) => a - b), [1, 2, 3, 4, 6, 7, 8]);
  for (const [protectionClass, key] of classKeys) assert.deepEqual(key, reference.get(protectionClass), `class ${protectionClass}`);
});

test('a wrong password is WRONG_PASSWORD', async () => {
  await assert.rejects(unlockKeybag(parseKeybag(manifest.BackupKeyBag as Buffer), 'correct horse battery stapler'), (error: unknown) => {
    assert.equal((error as { code?: string }).code, 'WRONG_PASSWORD');
    assert.match((error as Error).message, /not the one this backup was encrypted with/);
    return true;
  });
});

test('Manifest.db and every file decrypt to the device\'s bytes, in memory and streamed', async () => {
  assert.ok(rows.length > readManifestRows(path.join(plainDir, 'Manifest.db')).length, 'an encrypted backup holds more (keychain, encrypted-only data)');
  let compared = 0;
  let largest: Row | undefined;
  for (const row of fileRows()) {
    if (row.domain === KEYCHAIN.domain) continue;
    const record = decodeMBFile(row.file);
    const plain = decryptBuffer(fs.readFileSync(dataPath(encryptedDir, row.fileID)), unwrapFileKey(record.encryptionKey!, classKeys));
    assert.ok(plain.equals(fs.readFileSync(device.store.pathOf(row.domain, row.relativePath))), `${row.domain}/${row.relativePath}`);
    compared += 1;
    if (!largest || record.size > decodeMBFile(largest.file).size) largest = row;
  }
  assert.ok(compared > 50, `compared ${compared} files`);
  const size = decodeMBFile(largest!.file).size;
  assert.ok(size > 1_000_000, `largest file ${size} bytes`);
  const out = path.join(fixture.dir, 'streamed');
  await pipeline(fs.createReadStream(dataPath(encryptedDir, largest!.fileID)), createDecryptStream(unwrapFileKey(decodeMBFile(largest!.file).encryptionKey!, classKeys)), fs.createWriteStream(out));
  assert.equal(sha1(fs.readFileSync(out)), sha1(fs.readFileSync(device.store.pathOf(largest!.domain, largest!.relativePath))));
});

test('the keychain decrypts: every item the device can give away, with its secret; ThisDeviceOnly ones are counted', () => {
  const plist = keychainPlist();
  const { items, undecryptable, damaged } = decryptKeychain(plist, classKeys);
  assert.equal(damaged, 0);
  const onDevice = decodePlist(fs.readFileSync(device.store.pathOf(KEYCHAIN.domain, KEYCHAIN.path))) as Record<string, Array<Record<string, unknown>>>;
  let expected = 0;
  let deviceOnly = 0;
  for (const section of ['genp', 'inet'] as const) {
    for (const item of onDevice[section] ?? []) {
      if (['aku', 'cku', 'dku'].includes(String(item.pdmn))) {
        deviceOnly += 1;
        continue;
      }
      expected += 1;
      const ours = items.find((i) => i.section === section && i.attributes.acct === item.acct && i.attributes.svce === item.svce && i.attributes.srvr === item.srvr);
      assert.ok(ours, `${section} ${String(item.acct)} missing`);
      assert.deepEqual(ours.attributes.v_Data, item.v_Data);
      assert.equal(ours.attributes.agrp, item.agrp);
      assert.equal(ours.attributes.cdat, (item.cdat as Date).toISOString());
    }
  }
  assert.ok(expected >= 5, `${expected} items to compare`);
  assert.equal(items.length, expected);
  assert.equal(undecryptable, deviceOnly);
  assert.ok(items.some((i) => i.attributes.svce === 'AirPort'), 'a Wi-Fi password');
  assert.ok(items.some((i) => i.attributes.srvr === 'github.com' && String(i.attributes.v_Data) === 'gh-correct-horse-battery'), 'a website password');
});

test('empty-IV GCM agrees with the virtual device\'s independent implementation', () => {
  for (const length of [0, 1, 16, 33, 1000]) {
    const key = randomBytes(32);
    const plain = randomBytes(length);
    const { ciphertext, tag } = gcmEncrypt(key, Buffer.alloc(0), plain);
    assert.deepEqual(gcmOpen(key, Buffer.alloc(0), ciphertext, tag), plain);
  }
});

test('an iOS 9 copy of the encrypted backup: Manifest.mbdb lists every row, files decrypt with the mbdb keys', async () => {
  const legacyDir = path.join(fixture.dir, 'legacy-encrypted');
  makeLegacyBackup(encryptedDir, legacyDir, PASSWORD);
  const legacyManifest = decodePlist(fs.readFileSync(path.join(legacyDir, 'Manifest.plist'))) as Record<string, unknown>;
  assert.equal(legacyManifest.ManifestKey, undefined);
  assert.equal((legacyManifest.Lockdown as Record<string, unknown>).ProductVersion, '9.3.5');
  const keys = await unlockKeybag(parseKeybag(legacyManifest.BackupKeyBag as Buffer), PASSWORD);
  const entries = parseMbdb(fs.readFileSync(path.join(legacyDir, 'Manifest.mbdb')));
  const kindOf = { 1: 'file', 2: 'directory', 4: 'symlink' } as Record<number, string>;
  assert.deepEqual(
    entries.map((e) => `${e.fileID} ${e.domain}/${e.relativePath} ${e.kind}`).sort(),
    rows.map((r) => `${r.fileID} ${r.domain}/${r.relativePath} ${kindOf[r.flags]}`).sort(),
  );
  let compared = 0;
  for (const entry of entries.filter((e) => e.kind === 'file' && e.domain !== KEYCHAIN.domain)) {
    const record = decodeMBFile(rows.find((r) => r.fileID === entry.fileID)!.file);
    assert.equal(entry.size, record.size);
    assert.equal(entry.mode, record.mode);
    assert.equal(entry.protectionClass, record.protectionClass);
    const plain = decryptBuffer(fs.readFileSync(path.join(legacyDir, entry.fileID)), unwrapFileKey(entry.wrappedKey!, keys));
    assert.ok(plain.equals(fs.readFileSync(device.store.pathOf(entry.domain, entry.relativePath))), `${entry.domain}/${entry.relativePath}`);
    compared += 1;
  }
  assert.ok(compared > 50);
});

test('an iOS 9 copy of the plain backup: flat files with the device\'s bytes, Product Version 9.3.5', () => {
  const legacyDir = path.join(fixture.dir, 'legacy-plain');
  makeLegacyBackup(plainDir, legacyDir);
  const info = decodePlist(fs.readFileSync(path.join(legacyDir, 'Info.plist'))) as Record<string, unknown>;
  assert.equal(info['Product Version'], '9.3.5');
  assert.ok(fs.existsSync(path.join(legacyDir, 'Status.plist')));
  const entries = parseMbdb(fs.readFileSync(path.join(legacyDir, 'Manifest.mbdb')));
  const files = entries.filter((e) => e.kind === 'file');
  assert.ok(files.length > 50);
  for (const entry of files) {
    assert.equal(entry.wrappedKey, undefined);
    assert.ok(fs.readFileSync(path.join(legacyDir, entry.fileID)).equals(fs.readFileSync(device.store.pathOf(entry.domain, entry.relativePath))), entry.relativePath);
  }
  assert.ok(entries.some((e) => e.kind === 'directory' && e.relativePath === ''), 'domain roots');
});

test('hostile bytes: a cut or inflated keybag, bad padding, a bad GCM tag, garbage DER give clear errors or skipped items', () => {
  const keybagBytes = manifest.BackupKeyBag as Buffer;
  const isCorrupt = (error: unknown): boolean => (error as { code?: string }).code === 'BACKUP_CORRUPT';
  assert.throws(() => parseKeybag(keybagBytes.subarray(0, keybagBytes.length - 3)), isCorrupt);
  const inflated = Buffer.from(keybagBytes);
  inflated.writeUInt32BE(0xfffffff0, 4);
  assert.throws(() => parseKeybag(inflated), isCorrupt);

  const row = fileRows().find((r) => r.domain === 'HomeDomain' && r.relativePath === 'Library/AddressBook/AddressBook.sqlitedb')!;
  const key = unwrapFileKey(decodeMBFile(row.file).encryptionKey!, classKeys);
  const encrypted = fs.readFileSync(dataPath(encryptedDir, row.fileID));
  const badPadding = Buffer.from(encrypted);
  badPadding[badPadding.length - 17]! ^= 0xff;
  assert.throws(() => decryptBuffer(badPadding, key), isCorrupt);
  assert.throws(() => decryptBuffer(encrypted.subarray(0, encrypted.length - 5), key), isCorrupt);

  const plist = keychainPlist();
  const keychain = decodePlist(plist) as Record<string, Array<{ v_Data: Buffer }>>;
  const before = decryptKeychain(plist, classKeys);
  const openable = keychain.genp!.filter((item) => classKeys.has(item.v_Data.readUInt32LE(4) & 0xf));
  openable[0]!.v_Data[openable[0]!.v_Data.length - 1]! ^= 1;
  // Same header and wrapped key, but the ciphertext and tag are random: the tag check must refuse it.
  const second = openable[1]!.v_Data;
  openable[1]!.v_Data = Buffer.concat([second.subarray(0, 12 + second.readUInt32LE(8)), randomBytes(60)]);
  // A well-sealed item whose plaintext is not DER.
  keychain.genp!.push({ v_Data: sealKeychainItem(3, 7, classKeys.get(7)!, randomBytes(50)) });
  const tampered = decryptKeychain(encodeBinaryPlist(keychain), classKeys);
  assert.equal(tampered.damaged, 3);
  assert.equal(tampered.items.length, before.items.length - 2);
  assert.equal(tampered.undecryptable, before.undecryptable);
  assert.throws(() => decryptKeychain(plist.subarray(0, plist.length / 2), classKeys), isCorrupt);
});

function sha1(data: Buffer): string {
  return createHash('sha1').update(data).digest('hex');
}
