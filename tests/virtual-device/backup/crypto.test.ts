/**
 * Encryption as the device makes it, checked by the independent decryptor of tests/integration (written
 * from PROTOCOLS.md §5, sharing no code with the encoder).
 */
import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import {
  aesUnwrap, classKeysFor, decryptKeychainItem, decryptWithStoredKey, parseTlvKeybag, readBinaryPlist,
} from '../../integration/backup-decryptor.ts';
import { cbcEncrypt, paddedSize } from './aes.ts';
import { decodeAttributes, encodeAttributes } from './der.ts';
import { gcmDecrypt, gcmEncrypt } from './gcm.ts';
import { createKeybag, newWrappedKey, parseKeybag, serializeKeybag, unlockKeybag } from './keybag.ts';
import { decryptKeychain, encryptKeychain, type Keychain } from './keychain.ts';

const FAST = { dpic: 10, iter: 5 };
const deviceKey = randomBytes(32);

test('the keybag is VERS 5 TLV whose class keys unwrap with the password; ThisDeviceOnly ones stay device-bound', async () => {
  const { keybag, classKeys } = await createKeybag('secret', FAST, deviceKey);
  const tlv = parseTlvKeybag(serializeKeybag(keybag));
  const u32 = (tag: string): number => tlv.header.get(tag)!.readUInt32BE(0);
  assert.equal(u32('VERS'), 5);
  assert.equal(u32('TYPE'), 1);
  assert.equal(u32('DPIC'), 10);
  assert.equal(u32('ITER'), 5);
  assert.equal(tlv.header.get('SALT')!.length, 20);
  assert.equal(tlv.header.get('DPSL')!.length, 20);
  assert.equal(tlv.header.get('UUID')!.length, 16);
  assert.ok(tlv.header.has('HMCK') && tlv.header.has('DPWT') && tlv.header.has('WRAP'));
  assert.deepEqual(tlv.classes.map((c) => c.get('CLAS')!.readUInt32BE(0)), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  for (const record of tlv.classes) {
    const protectionClass = record.get('CLAS')!.readUInt32BE(0);
    assert.equal(record.get('WPKY')!.length, 40);
    assert.equal(record.get('WRAP')!.readUInt32BE(0), [5, 9, 10, 11].includes(protectionClass) ? 3 : 2);
    assert.ok(record.has('KTYP') && record.get('UUID')!.length === 16);
  }
  const independent = classKeysFor(tlv, 'secret');
  for (const protectionClass of [1, 2, 3, 4, 6, 7, 8]) assert.deepEqual(independent.get(protectionClass), classKeys.get(protectionClass));
  // Off the device a WRAP 3 class unwraps to the device-encrypted key, not to the class key.
  for (const protectionClass of [5, 9, 10, 11]) assert.notDeepEqual(independent.get(protectionClass), classKeys.get(protectionClass));
  assert.throws(() => classKeysFor(tlv, 'wrong'));
});

test('the device reads its keybag back, device-bound classes included, and rejects a wrong password', async () => {
  const { keybag, classKeys } = await createKeybag('pw', FAST, deviceKey);
  const parsed = parseKeybag(serializeKeybag(keybag));
  assert.deepEqual(await unlockKeybag(parsed, 'pw', deviceKey), classKeys);
  const elsewhere = await unlockKeybag(parsed, 'pw', randomBytes(32));
  assert.notDeepEqual(elsewhere.get(10), classKeys.get(10));
  assert.deepEqual(elsewhere.get(3), classKeys.get(3));
  await assert.rejects(unlockKeybag(parsed, 'nope', deviceKey), { name: 'KeyUnwrapError' });
});

test('file content is AES-256-CBC with PKCS#7 under a per-file key wrapped as u32 LE class + 40 bytes', async () => {
  const { keybag, classKeys } = await createKeybag('pw', FAST, deviceKey);
  const independent = classKeysFor(parseTlvKeybag(serializeKeybag(keybag)), 'pw');
  for (const size of [0, 1, 15, 16, 17, 100_000]) {
    const data = randomBytes(size);
    const { key, encryptionKey } = newWrappedKey(classKeys, 3);
    assert.equal(encryptionKey.length, 44);
    assert.equal(encryptionKey.readUInt32LE(0), 3);
    const encrypted = cbcEncrypt(key, data);
    assert.equal(encrypted.length, paddedSize(size));
    assert.deepEqual(decryptWithStoredKey(encrypted, encryptionKey, independent), data);
  }
});

test('keychain items decrypt with an independent empty-IV GCM; ThisDeviceOnly items only on their device', async () => {
  const { keybag, classKeys } = await createKeybag('pw', FAST, deviceKey);
  const independent = classKeysFor(parseTlvKeybag(serializeKeybag(keybag)), 'pw');
  const keychain: Keychain = {
    genp: [{ svce: 'com.example.mail', acct: 'ann@example.com', pdmn: 'ak', v_Data: Buffer.from('hunter2'), tomb: 0 }],
    inet: [{ srvr: 'example.com', acct: 'ann', pdmn: 'cku', v_Data: Buffer.from('device only') }],
    cert: [],
    keys: [{ labl: 'key', pdmn: 'dk', v_Data: randomBytes(300), bsiz: -1 }],
  };
  const backupPlist = encryptKeychain(keychain, classKeys);
  const decoded = readBinaryPlist(backupPlist) as Record<string, Array<{ v_Data: Buffer }>>;
  assert.deepEqual(Object.keys(decoded).sort(), ['cert', 'genp', 'inet', 'keys']);
  const genp = decoded.genp![0]!.v_Data;
  assert.equal(genp.readUInt32LE(0), 3);
  assert.equal(genp.readUInt32LE(4), 6);
  assert.equal(genp.readUInt32LE(8), 40);
  const item = decryptKeychainItem(genp, independent);
  assert.equal(item.acct, 'ann@example.com');
  assert.deepEqual(item.v_Data, Buffer.from('hunter2'));
  assert.equal(item.tomb, 0);
  assert.equal(decryptKeychainItem(decoded.keys![0]!.v_Data, independent).bsiz, -1);
  assert.throws(() => decryptKeychainItem(decoded.inet![0]!.v_Data, independent));
  assert.deepEqual(decryptKeychain(backupPlist, classKeys), keychain);
  const otherDevice = await unlockKeybag(parseKeybag(serializeKeybag(keybag)), 'pw', randomBytes(32));
  const restoredElsewhere = decryptKeychain(backupPlist, otherDevice);
  assert.equal(restoredElsewhere.genp.length, 1);
  assert.equal(restoredElsewhere.inet.length, 0);
  // Unchanged items encrypt to the same bytes, so an incremental backup does not resend the keychain.
  assert.deepEqual(encryptKeychain(keychain, classKeys), backupPlist);
});

test('GCM matches Node for 96-bit IVs and authenticates', () => {
  for (const size of [0, 1, 16, 33, 1000]) {
    const key = randomBytes(32);
    const iv = randomBytes(12);
    const data = randomBytes(size);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const expected = Buffer.concat([cipher.update(data), cipher.final()]);
    const { ciphertext, tag } = gcmEncrypt(key, iv, data);
    assert.deepEqual(ciphertext, expected);
    assert.deepEqual(tag, cipher.getAuthTag());
    assert.deepEqual(gcmDecrypt(key, iv, ciphertext, tag), data);
    const forged = Buffer.from(tag);
    forged[0]! ^= 1;
    assert.throws(() => gcmDecrypt(key, iv, ciphertext, forged), { name: 'GcmAuthenticationError' });
  }
});

test('keychain DER attributes round trip every value type', () => {
  const attributes = { s: 'héllo', d: Buffer.from([0, 255]), n: 128, m: -129, z: 0, b: true, t: new Date('2024-05-06T07:08:09.123Z') };
  assert.deepEqual(decodeAttributes(encodeAttributes(attributes)), attributes);
  assert.equal(encodeAttributes(attributes)[0], 0x31);
});

test('RFC 3394 wrap interoperates with the independent unwrap', async () => {
  const { classKeys } = await createKeybag('pw', FAST, deviceKey);
  const { key, encryptionKey } = newWrappedKey(classKeys, 1);
  assert.deepEqual(aesUnwrap(classKeys.get(1)!, encryptionKey.subarray(4)), key);
});
