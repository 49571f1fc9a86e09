import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { encodeMbdb, type MbdbRecord } from '../../../tests/helpers/legacy-backup.ts';
import { parseMbdb } from './mbdb.ts';

const BASE = { inode: 0, userId: 501, groupId: 501, lastModified: 1_600_000_000, lastAccess: 1_600_000_100, lastStatusChange: 1_600_000_200, protectionClass: 0 };
const KEY = Buffer.concat([Buffer.from([3, 0, 0, 0]), randomBytes(40)]);
const RECORDS: MbdbRecord[] = [
  { ...BASE, domain: 'HomeDomain', relativePath: '', mode: 0o40755, size: 0 },
  { ...BASE, domain: 'HomeDomain', relativePath: 'Library/SMS/sms.db', mode: 0o100644, inode: 2 ** 40 + 5, size: 1_234_567, protectionClass: 3,
    digest: randomBytes(20), encryptionKey: KEY, properties: [['com.apple.assetsd.UUID', Buffer.from('abc')], ['x', Buffer.alloc(0)]] },
  { ...BASE, domain: 'MediaDomain', relativePath: 'Media/Recordings/link', mode: 0o120755, size: 0, target: '/var/mobile/Media/Recordings/Real' },
  { ...BASE, domain: 'AppDomain-com.example.ünïcode', relativePath: 'Documents/naïve.txt', mode: 0o100600, size: 7 },
];

function isCorrupt(error: unknown): boolean {
  assert.equal((error as { code?: string }).code, 'BACKUP_CORRUPT');
  return true;
}

test('parseMbdb reads every field of every record, with fileID = SHA-1 of domain-path', () => {
  const entries = parseMbdb(encodeMbdb(RECORDS));
  assert.equal(entries.length, 4);
  const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
  assert.deepEqual(entries.map((e) => [e.fileID, e.domain, e.relativePath, e.kind]), [
    [sha1('HomeDomain-'), 'HomeDomain', '', 'directory'],
    [sha1('HomeDomain-Library/SMS/sms.db'), 'HomeDomain', 'Library/SMS/sms.db', 'file'],
    [sha1('MediaDomain-Media/Recordings/link'), 'MediaDomain', 'Media/Recordings/link', 'symlink'],
    [sha1('AppDomain-com.example.ünïcode-Documents/naïve.txt'), 'AppDomain-com.example.ünïcode', 'Documents/naïve.txt', 'file'],
  ]);
  assert.deepEqual(entries[1], {
    fileID: sha1('HomeDomain-Library/SMS/sms.db'), domain: 'HomeDomain', relativePath: 'Library/SMS/sms.db', kind: 'file',
    size: 1_234_567, mode: 0o100644, lastModified: 1_600_000_000, lastStatusChange: 1_600_000_200, protectionClass: 3,
    userId: 501, groupId: 501, inode: 2 ** 40 + 5, wrappedKey: KEY, digest: RECORDS[1]!.digest,
  });
  assert.equal(entries[2]!.target, '/var/mobile/Media/Recordings/Real');
  assert.equal(entries[0]!.wrappedKey, undefined);
  assert.equal(entries[0]!.digest, undefined);
  assert.equal(entries[0]!.target, undefined);
  assert.deepEqual(parseMbdb(encodeMbdb([])), []);
});

test('parseMbdb: a file cut anywhere inside a record is BACKUP_CORRUPT', () => {
  const data = encodeMbdb(RECORDS);
  const boundaries = new Set(RECORDS.map((_, i) => encodeMbdb(RECORDS.slice(0, i + 1)).length));
  let cuts = 0;
  for (let length = 7; length < data.length; length++) {
    if (boundaries.has(length)) continue;
    assert.throws(() => parseMbdb(data.subarray(0, length)), isCorrupt, `cut at ${length}`);
    cuts += 1;
  }
  assert.ok(cuts > 300);
});

test('parseMbdb: a bad header or a string length past the end is BACKUP_CORRUPT', () => {
  assert.throws(() => parseMbdb(Buffer.from('mbdx\x02\x00', 'latin1')), isCorrupt);
  assert.throws(() => parseMbdb(Buffer.from('mbdb\x04\x00', 'latin1')), isCorrupt);
  assert.throws(() => parseMbdb(Buffer.alloc(0)), isCorrupt);
  const huge = Buffer.concat([Buffer.from('mbdb\x05\x00', 'latin1'), Buffer.from([0xff, 0xfe]), Buffer.alloc(100)]);
  assert.throws(() => parseMbdb(huge), isCorrupt);
  for (let i = 0; i < 500; i++) {
    try {
      parseMbdb(Buffer.concat([Buffer.from('mbdb\x05\x00', 'latin1'), randomBytes(i)]));
    } catch (error) {
      isCorrupt(error);
    }
  }
});
