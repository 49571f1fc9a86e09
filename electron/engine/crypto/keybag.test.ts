import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildKeybag, encodeTlv, type TlvField } from '../../../tests/helpers/backup-crypto-fixtures.ts';
import { isPasswordWrapped, parseKeybag } from './keybag.ts';

const HEADER: TlvField[] = [
  ['VERS', 5], ['TYPE', 1], ['UUID', Buffer.alloc(16, 1)], ['HMCK', Buffer.alloc(40, 2)], ['WRAP', 0],
  ['SALT', Buffer.alloc(20, 3)], ['ITER', 10_000], ['DPWT', 1], ['DPIC', 10_000_000], ['DPSL', Buffer.alloc(20, 4)],
];
const CLASS_1: TlvField[] = [['UUID', Buffer.alloc(16, 5)], ['CLAS', 1], ['WRAP', 2], ['KTYP', 0], ['WPKY', Buffer.alloc(40, 6)]];
const CLASS_10: TlvField[] = [['UUID', Buffer.alloc(16, 7)], ['CLAS', 10], ['WRAP', 3], ['KTYP', 0], ['WPKY', Buffer.alloc(40, 8)]];

function corrupt(data: Buffer): void {
  assert.throws(() => parseKeybag(data), (error: unknown) => (error as { code?: string }).code === 'BACKUP_CORRUPT');
}

test('parseKeybag reads the header and one record per class (a new UUID starts the next class)', () => {
  const keybag = parseKeybag(encodeTlv([...HEADER, ...CLASS_1, ...CLASS_10]));
  assert.equal(keybag.version, 5);
  assert.equal(keybag.type, 1);
  assert.deepEqual(keybag.uuid, Buffer.alloc(16, 1));
  assert.deepEqual(keybag.hmck, Buffer.alloc(40, 2));
  assert.equal(keybag.wrap, 0);
  assert.deepEqual(keybag.salt, Buffer.alloc(20, 3));
  assert.equal(keybag.iterations, 10_000);
  assert.equal(keybag.dpwt, 1);
  assert.equal(keybag.dpic, 10_000_000);
  assert.deepEqual(keybag.dpsl, Buffer.alloc(20, 4));
  assert.deepEqual([...keybag.classes.keys()], [1, 10]);
  assert.deepEqual(keybag.classes.get(1), { uuid: Buffer.alloc(16, 5), protectionClass: 1, wrap: 2, keyType: 0, wrappedKey: Buffer.alloc(40, 6) });
  assert.equal(isPasswordWrapped(keybag.classes.get(1)!), true);
  assert.equal(isPasswordWrapped(keybag.classes.get(10)!), false, 'WRAP 3 needs the device key');
});

test('parseKeybag reads a pre-iOS 10.2 keybag (no DPIC/DPSL) and ignores unknown tags', () => {
  const { data } = buildKeybag({ password: 'x', iterations: 5, classes: [1, 2, 3] });
  const keybag = parseKeybag(Buffer.concat([data, encodeTlv([['TKMT', 0]])]));
  assert.equal(keybag.version, 3);
  assert.equal(keybag.dpic, undefined);
  assert.equal(keybag.dpsl, undefined);
  assert.deepEqual([...keybag.classes.keys()], [1, 2, 3]);
});

test('parseKeybag: a keybag cut inside a record is BACKUP_CORRUPT, never a crash', () => {
  const fields = [...HEADER, ...CLASS_1];
  const data = encodeTlv(fields);
  // Cuts between records are valid TLV; whether a field the keybag needs is then missing is tested below.
  const boundaries = new Set(fields.map((_, i) => encodeTlv(fields.slice(0, i + 1)).length));
  for (let length = 1; length < data.length; length++) if (!boundaries.has(length)) corrupt(data.subarray(0, length));
  corrupt(data.subarray(0, encodeTlv(HEADER).length + 8 + 16));
});

test('parseKeybag: a huge TLV length is BACKUP_CORRUPT without allocating it', () => {
  const data = encodeTlv([...HEADER]);
  const huge = Buffer.concat([data, Buffer.from('WPKY', 'latin1'), Buffer.from([0xff, 0xff, 0xff, 0xf0]), Buffer.alloc(8)]);
  corrupt(huge);
  try {
    parseKeybag(huge);
  } catch (error) {
    assert.match(String((error as { details?: unknown }).details), /claims 4294967280 bytes/);
    assert.match((error as Error).message, /key bag/);
  }
});

test('parseKeybag: malformed fields are BACKUP_CORRUPT', () => {
  const without = (tag: string) => encodeTlv([...HEADER.filter(([t]) => t !== tag), ...CLASS_1]);
  corrupt(without('SALT'));
  corrupt(without('ITER'));
  corrupt(without('DPSL'));
  corrupt(encodeTlv([...HEADER.map(([t, v]): TlvField => (t === 'ITER' ? [t, Buffer.alloc(2)] : [t, v])), ...CLASS_1]));
  corrupt(encodeTlv([...HEADER.map(([t, v]): TlvField => (t === 'DPIC' ? [t, 0] : [t, v])), ...CLASS_1]));
  corrupt(encodeTlv([...HEADER.map(([t, v]): TlvField => (t === 'DPIC' ? [t, 0xffffffff] : [t, v])), ...CLASS_1]));
  corrupt(encodeTlv([...HEADER, ...CLASS_1.filter(([t]) => t !== 'CLAS')]));
  corrupt(encodeTlv([...HEADER, ...CLASS_1.filter(([t]) => t !== 'WPKY')]));
  corrupt(encodeTlv([...HEADER, ...CLASS_1.map(([t, v]): TlvField => (t === 'WPKY' ? [t, Buffer.alloc(41)] : [t, v]))]));
  corrupt(Buffer.alloc(0));
});
