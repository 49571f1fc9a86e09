import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { encodeDerAttributes, sealKeychainItem } from '../../../tests/helpers/backup-crypto-fixtures.ts';
import { encodeBinaryPlist } from '../plist/codec.ts';
import { decryptKeychain } from './keychain.ts';

const CLASS_KEYS = new Map([[6, randomBytes(32)], [7, randomBytes(32)], [8, randomBytes(32)]]);

function item(protectionClass: number, attributes: Record<string, string | number | Buffer | Date>, version = 3): { v_Data: Buffer; v_PersistentRef: Buffer } {
  const classKey = CLASS_KEYS.get(protectionClass) ?? randomBytes(32);
  const plaintext = version === 2 ? encodeBinaryPlist(attributes) : encodeDerAttributes(attributes);
  return { v_Data: sealKeychainItem(version, protectionClass, classKey, plaintext), v_PersistentRef: randomBytes(12) };
}

function isCorrupt(error: unknown): boolean {
  assert.equal((error as { code?: string }).code, 'BACKUP_CORRUPT');
  return true;
}

test('decryptKeychain opens the items of every section and keeps the secret in v_Data', () => {
  const wifi = item(7, { acct: 'Office', svce: 'AirPort', pdmn: 'ck', v_Data: Buffer.from('office-wifi-pass'), cdat: new Date('2024-01-02T03:04:05Z') });
  const web = item(6, { acct: 'anna', srvr: 'github.com', ptcl: 'htps', port: 443, pdmn: 'ak', v_Data: Buffer.from('gh-secret') });
  const cert = item(8, { labl: 'Root', v_Data: randomBytes(500) });
  const key = item(8, { labl: 'Key', v_Data: randomBytes(64) });
  const plist = encodeBinaryPlist({ genp: [wifi], inet: [web], cert: [cert], keys: [key] });
  const { items, undecryptable, damaged } = decryptKeychain(plist, CLASS_KEYS);
  assert.deepEqual({ undecryptable, damaged }, { undecryptable: 0, damaged: 0 });
  assert.deepEqual(items.map((i) => [i.section, i.protectionClass]), [['genp', 7], ['inet', 6], ['cert', 8], ['keys', 8]]);
  assert.deepEqual(items[0]!.attributes, { acct: 'Office', svce: 'AirPort', pdmn: 'ck', v_Data: Buffer.from('office-wifi-pass'), cdat: '2024-01-02T03:04:05.000Z' });
  assert.equal(items[1]!.attributes.port, 443);
  assert.deepEqual(items[1]!.attributes.v_Data, Buffer.from('gh-secret'));
});

test('decryptKeychain reads version 2 items (binary plist plaintext)', () => {
  const old = item(7, { acct: 'old', svce: 'AirPort', v_Data: Buffer.from('pw'), mdat: new Date('2015-05-05T05:05:05Z'), sync: 1 }, 2);
  const { items } = decryptKeychain(encodeBinaryPlist({ genp: [old] }), CLASS_KEYS);
  assert.deepEqual(items[0]?.attributes, { acct: 'old', svce: 'AirPort', v_Data: Buffer.from('pw'), mdat: '2015-05-05T05:05:05.000Z', sync: 1 });
});

test('device-only classes count as undecryptable; damaged items are counted and skipped, the rest still open', () => {
  const good = item(7, { acct: 'fine', v_Data: Buffer.from('ok') });
  const deviceOnly = item(10, { acct: 'bound', v_Data: Buffer.from('x') });
  const badTag = item(7, { acct: 'a', v_Data: Buffer.from('x') });
  badTag.v_Data[badTag.v_Data.length - 1]! ^= 1;
  const badCiphertext = item(7, { acct: 'a', v_Data: Buffer.from('xyz') });
  badCiphertext.v_Data[12 + 40]! ^= 1;
  const garbageDer = { v_Data: sealKeychainItem(3, 7, CLASS_KEYS.get(7)!, randomBytes(40)) };
  const garbagePlist = { v_Data: sealKeychainItem(2, 7, CLASS_KEYS.get(7)!, Buffer.from('bplist00garbage')) };
  const unknownVersion = { v_Data: sealKeychainItem(9, 7, CLASS_KEYS.get(7)!, encodeDerAttributes({ a: 'b' })) };
  const hugeWrappedLength = { v_Data: Buffer.concat([Buffer.from('0300000007000000ffffff7f', 'hex'), randomBytes(80)]) };
  const wrongKey = { v_Data: sealKeychainItem(3, 7, randomBytes(32), encodeDerAttributes({ a: 'b' })) };
  const plist = encodeBinaryPlist({
    genp: [good, deviceOnly, badTag, badCiphertext, garbageDer, garbagePlist, unknownVersion, hugeWrappedLength, wrongKey, { v_Data: Buffer.alloc(3) }, { acct: 'no data' }, 'not an item'],
  });
  const result = decryptKeychain(plist, CLASS_KEYS);
  assert.deepEqual(result.items.map((i) => i.attributes.acct), ['fine']);
  assert.equal(result.undecryptable, 1);
  assert.equal(result.damaged, 10);
});

test('decryptKeychain: a file that is not a keychain plist is BACKUP_CORRUPT', () => {
  assert.throws(() => decryptKeychain(randomBytes(100), CLASS_KEYS), isCorrupt);
  assert.throws(() => decryptKeychain(Buffer.from('bplist00'), CLASS_KEYS), isCorrupt);
  assert.throws(() => decryptKeychain(encodeBinaryPlist([1, 2]), CLASS_KEYS), isCorrupt);
  assert.throws(() => decryptKeychain(encodeBinaryPlist({ genp: 'x' }), CLASS_KEYS), isCorrupt);
  assert.deepEqual(decryptKeychain(encodeBinaryPlist({}), CLASS_KEYS), { items: [], undecryptable: 0, damaged: 0 });
});
