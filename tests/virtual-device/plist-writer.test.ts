/**
 * The virtual device's binary plist writer against bplist-creator, the general encoder it replaced: for any
 * plist value (strings in every script, integers to 2^53 and negative, reals, dates, data, UIDs, deep
 * arrays and dictionaries, shared strings, plists of more than 256 and 65,536 objects) both decode to the
 * same value, and an independent reader reads it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import bplistCreator from 'bplist-creator';
import { parseBuffer } from 'bplist-parser';
import fc from 'fast-check';
import { readBinaryPlist } from '../integration/backup-decryptor.ts';
import { FUZZ_SEED } from '../helpers/hostile-input.ts';
import { commonLeaves, plistRoots, plistValues } from '../helpers/plist-values.ts';
import { encodeMBFile, type MBFileRecord } from './backup/mbfile.ts';
import { writeBinaryPlist } from './plist-writer.ts';

const leaf = fc.oneof(
  ...commonLeaves,
  fc.double({ noNaN: true }).filter((value) => !Number.isInteger(value)),
  fc.integer({ min: 1, max: 1e6 }).map((value) => new bplistCreator.Real(value)),
  fc.date({ min: new Date('1990-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }),
  fc.nat(70_000).map((UID) => ({ UID })),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
);

/** Both encoders' bytes, decoded by bplist-parser. */
function bothDecoded(value: unknown): [unknown, unknown] {
  return [parseBuffer(writeBinaryPlist(value))[0], parseBuffer(bplistCreator(value as object))[0]];
}

test('any plist value: written as bplist-creator writes it', () => {
  fc.assert(
    fc.property(plistRoots(plistValues(leaf, 8)), (value) => {
      const [written, reference] = bothDecoded(value);
      assert.deepStrictEqual(written, reference);
    }),
    { seed: FUZZ_SEED, numRuns: 1_000 },
  );
});

test('plists of more than 256 and 65,536 objects take wider references; shared strings are written once', () => {
  for (const count of [300, 70_000]) {
    const value = { list: Array.from({ length: count }, (_, index) => `item ${index}`), same: Array.from({ length: 50 }, () => 'shared') };
    const [written, reference] = bothDecoded(value);
    assert.deepStrictEqual(written, reference);
    assert.deepStrictEqual(readBinaryPlist(writeBinaryPlist(value)), value);
  }
  const shared = writeBinaryPlist(Array.from({ length: 100 }, () => 'one string, many times'));
  assert.ok(shared.length < 200, `a string named 100 times is written once (${shared.length} bytes)`);
});

test('MBFile records: what the device archived, an independent reader reads', () => {
  const record: MBFileRecord = {
    relativePath: 'Media/Café/😀.jpg', mode: 0o100644, inode: 2 ** 40, userId: 501, groupId: 501, lastModified: 1_700_000_000,
    lastStatusChange: 1_700_000_000, birth: 1_600_000_000, size: 2 ** 33, protectionClass: 3, flags: 0, digest: Buffer.alloc(20, 1), encryptionKey: Buffer.alloc(44, 2),
  };
  const archive = readBinaryPlist(encodeMBFile(record)) as { $objects: unknown[] };
  assert.equal(archive.$objects[0], '$null');
  assert.deepStrictEqual((archive.$objects[1] as Record<string, unknown>).Size, 2 ** 33);
  assert.ok(archive.$objects.includes('Media/Café/😀.jpg'));
});

test('values no plist holds are refused', () => {
  for (const value of [null, undefined, { a: undefined }, [Symbol('s')]]) assert.throws(() => writeBinaryPlist(value));
});
