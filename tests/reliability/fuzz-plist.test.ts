/**
 * Hostile backups, part 1: the plist codec (binary and XML) and NSKeyedArchiver decoding, fuzzed with
 * fast-check. Valid encodings must decode to what was encoded; mutated ones (bit flips, truncation,
 * splices, corrupted trailers and offset tables) and hand-built hostile graphs (cycles, shared layers,
 * claimed counts the file cannot hold, deep nesting) must decode or be refused with a CradleError, in
 * bounded time and memory. Known bombs run in a child with a 256 MB heap and a deadline.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { encodeBinaryPlist, encodeXmlPlist, decodePlist } from '../../electron/engine/plist/codec.ts';
import { binaryPlist, fuzz, FUZZ_SEED, mutate, mutation, outcomeOf, runIsolated, sized, type IsolatedCase } from '../helpers/hostile-input.ts';
import { scaled, tally } from '../helpers/reliability-tally.ts';
import { encodeMBFile, type MBFileRecord } from '../virtual-device/backup/mbfile.ts';
import { commonLeaves, fastBinaryAgrees, plistKey, plistRoots, plistValues } from '../helpers/plist-values.ts';

const AREA = 'hostile backups';

const plistRoot = plistRoots(plistValues(fc.oneof(...commonLeaves)));

test('valid binary and XML plists decode to exactly what was encoded', () => {
  let inputs = 0;
  fc.assert(
    fc.property(plistRoot, (value) => {
      inputs += 2;
      assert.deepEqual(decodePlist(encodeBinaryPlist(value)), value);
      assert.deepEqual(decodePlist(encodeXmlPlist(value)), value);
    }),
    // Found by the soak: XML readers turn CR, NEL and LINE SEPARATOR into newlines unless escaped.
    { seed: FUZZ_SEED, numRuns: scaled(1_000, 25_000), examples: [[{ 'line\u2028separator': ['a\r\nb', 'c\u0085d', '\r', 'e\u2029f'] }]] },
  );
  tally(AREA, 'plist codec: valid encodings round-trip', { cases: 1, inputs });
});

test('mutated binary plists decode or are refused with PROTOCOL, within bounded memory', () => {
  const count = fuzz('plist', fc.tuple(plistRoot, fc.array(mutation, { minLength: 1, maxLength: 4 })), ([value, changes]) => changes.reduce(mutate, encodeBinaryPlist(value)), scaled(4_000, 100_000));
  assert.ok(count.refused > count.total / 10, 'the mutations reach the error paths');
  tally(AREA, 'plist codec: mutated binary plists (bit flips, truncation, trailer and offset table)', { cases: 1, inputs: count.total });
});

test('mutated XML plists decode or are refused with PROTOCOL, and never reach the logs', () => {
  // The XML parser reports a flawed document's own bytes on console.error: a device must not write our logs.
  const logged: unknown[] = [];
  const report = console.error;
  console.error = (...args: unknown[]) => void logged.push(args);
  let count;
  try {
    count = fuzz('plist', fc.tuple(plistRoot, fc.array(mutation, { minLength: 1, maxLength: 3 })), ([value, changes]) => changes.reduce(mutate, encodeXmlPlist(value)), scaled(1_500, 37_500));
  } finally {
    console.error = report;
  }
  assert.deepEqual(logged.slice(0, 3), [], `${logged.length} lines logged while decoding hostile XML`);
  tally(AREA, 'plist codec: mutated XML plists', { cases: 1, inputs: count.total });
});

/** Raw objects of a hostile bplist: leaves, and containers whose references point anywhere (cycles included). */
const rawObject = fc.oneof(
  fc.constantFrom(Buffer.from([0x08]), Buffer.from([0x09]), Buffer.from([0x10, 0x2a]), Buffer.from([0x51, 0x41])),
  fc.array(fc.nat(24), { maxLength: 6 }).map((refs) => Buffer.concat([sized(0xa, refs.length), Buffer.from(refs)])),
  fc.array(fc.nat(24), { maxLength: 6 }).map((refs) => Buffer.concat([sized(0xd, Math.floor(refs.length / 2)), Buffer.from(refs.slice(0, 2 * Math.floor(refs.length / 2)))])),
  fc.tuple(fc.constantFrom(0x4, 0x5, 0x6, 0xa, 0xd), fc.integer({ min: 15, max: 0x7fffffff })).map(([type, claimed]) => sized(type, claimed)),
  fc.uint8Array({ minLength: 1, maxLength: 8 }).map((bytes) => Buffer.from(bytes)),
);
const hostileGraph = fc.record({
  objects: fc.array(rawObject, { minLength: 1, maxLength: 24 }),
  top: fc.nat(24),
  claimedCount: fc.option(fc.oneof(fc.bigInt({ min: 0n, max: 64n }), fc.constantFrom(1n << 24n, 1n << 40n, (1n << 64n) - 1n)), { nil: undefined }),
});

test('hand-built hostile object graphs (cycles, shared layers, claimed counts) are decoded or refused', () => {
  const count = fuzz('plist', hostileGraph, ({ objects, top, claimedCount }) => binaryPlist(objects, { top: top % objects.length, claimedCount }), scaled(4_000, 100_000));
  assert.ok(count.parsed > 0 && count.refused > 0);
  tally(AREA, 'plist codec: hostile bplist object graphs (cycles, shared refs, huge counts)', { cases: 1, inputs: count.total });
});

const mbfileRecord: fc.Arbitrary<MBFileRecord> = fc.record({
  relativePath: fc.string({ unit: 'grapheme', maxLength: 60 }),
  target: fc.option(fc.string({ maxLength: 30 }), { nil: undefined }),
  digest: fc.option(fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => Buffer.from(b)), { nil: undefined }),
  encryptionKey: fc.option(fc.uint8Array({ minLength: 44, maxLength: 44 }).map((b) => Buffer.from(b)), { nil: undefined }),
  mode: fc.nat(0xffff), inode: fc.maxSafeNat(), userId: fc.nat(), groupId: fc.nat(), lastModified: fc.nat(),
  lastStatusChange: fc.nat(), birth: fc.nat(), size: fc.maxSafeNat(), protectionClass: fc.nat(11), flags: fc.nat(255),
});

test('MBFile archives: valid ones read back, mutated ones are read or refused with BACKUP_CORRUPT', () => {
  let valid = 0;
  fc.assert(
    fc.property(mbfileRecord, (record) => {
      valid += 1;
      const details = outcomeOf('mbfile', encodeMBFile(record));
      assert.equal(details, 'parsed');
    }),
    { seed: FUZZ_SEED, numRuns: scaled(500, 12_500) },
  );
  const mutated = fuzz('mbfile', fc.tuple(mbfileRecord, fc.array(mutation, { minLength: 1, maxLength: 3 })), ([record, changes]) => changes.reduce(mutate, encodeMBFile(record)), scaled(3_000, 75_000));
  tally(AREA, 'NSKeyedArchiver: valid and mutated MBFile records', { cases: 2, inputs: valid + mutated.total });
});

test('MBFile archives: the fast binary reader reads every valid one, and mutated ones as the full path does', () => {
  let valid = 0;
  fc.assert(
    fc.property(mbfileRecord, (record) => {
      valid += 1;
      assert.ok(fastBinaryAgrees(encodeMBFile(record)), 'a valid record is read by the fast reader');
    }),
    { seed: FUZZ_SEED, numRuns: scaled(500, 12_500) },
  );
  let mutated = 0;
  let read = 0;
  fc.assert(
    fc.property(fc.tuple(mbfileRecord, fc.array(mutation, { minLength: 1, maxLength: 3 })), ([record, changes]) => {
      mutated += 1;
      if (fastBinaryAgrees(changes.reduce(mutate, encodeMBFile(record)))) read += 1;
    }),
    { seed: FUZZ_SEED, numRuns: scaled(3_000, 75_000) },
  );
  assert.ok(read > 0 && read < mutated, `some mutated records are read fast, some declined (${read} of ${mutated})`);
  tally(AREA, 'fast binary plist reader: valid and mutated MBFile records agree with the full path', { cases: 2, inputs: valid + mutated });
});

/** Keyed archives whose objects reference each other at random through UIDs (cycles and shared layers). */
const uidGraph = fc.array(
  fc.oneof(
    fc.array(fc.nat(30).map((UID) => ({ UID })), { maxLength: 5 }),
    fc.dictionary(plistKey, fc.oneof(fc.nat(30).map((UID) => ({ UID })), fc.integer()), { maxKeys: 4 }),
    fc.constantFrom('$null', 'text', 7),
  ),
  { minLength: 1, maxLength: 30 },
).map((objects) => encodeBinaryPlist({ $archiver: 'NSKeyedArchiver', $version: 100000, $top: { root: { UID: 1 % objects.length } }, $objects: objects }));

test('keyed archives with arbitrary UID graphs resolve or are refused with BACKUP_CORRUPT', () => {
  const count = fuzz('unarchive', uidGraph, (bytes) => bytes, scaled(3_000, 75_000));
  assert.ok(count.parsed > 0 && count.refused > 0);
  tally(AREA, 'NSKeyedArchiver: random UID graphs (cycles, shared layers, missing objects)', { cases: 1, inputs: count.total });
});

/** Known bombs, one input each: every one must be refused (or read) inside the child's 256 MB and deadline. */
function bombs(): IsolatedCase[] {
  const layers = (depth: number, fanOut: number) => [
    ...Array.from({ length: depth }, (_, level) => Buffer.concat([sized(0xa, fanOut), Buffer.alloc(fanOut, level + 1)])),
    Buffer.from([0x08]),
  ];
  const longString = Buffer.concat([sized(0x5, 1 << 20), Buffer.alloc(1 << 20, 0x41)]);
  const nested = (depth: number) => Array.from({ length: depth }, (_, level) => Buffer.from([0xa1, ...uint16(level + 1)])).concat(Buffer.from([0x08]));
  const uidLayers = Array.from({ length: 40 }, (_, level) => [{ UID: level + 2 }, { UID: level + 2 }]);
  return [
    { label: 'bplist: 41-byte file claiming 16 million objects', parser: 'plist', bytes: binaryPlist([Buffer.from([0x08])], { claimedCount: (1n << 24n) - 1n }) },
    { label: 'bplist: trailer claiming 2^63 objects', parser: 'plist', bytes: binaryPlist([Buffer.from([0x08])], { claimedCount: 1n << 63n }) },
    { label: 'bplist: 40 layers of shared references (2^40 values)', parser: 'plist', bytes: binaryPlist(layers(40, 2)) },
    { label: 'bplist: one 1 MiB string referenced 5,000 times', parser: 'plist', bytes: binaryPlist([Buffer.concat([sized(0xa, 5000), Buffer.alloc(5000 * 2, 0).fill(Buffer.from([0, 1]))]), longString], { refSize: 2 }) },
    { label: 'bplist: array claiming 2^31 elements', parser: 'plist', bytes: binaryPlist([sized(0xa, 0x7fffffff), Buffer.from([0x08])]) },
    { label: 'bplist: array containing itself', parser: 'plist', bytes: binaryPlist([Buffer.from([0xa1, 0x00])]) },
    { label: 'bplist: dictionary cycle through two objects', parser: 'plist', bytes: binaryPlist([Buffer.from([0xd1, 0x02, 0x01]), Buffer.from([0xa1, 0x00]), Buffer.from([0x51, 0x6b])]) },
    { label: 'bplist: 100,000 nested arrays', parser: 'plist', bytes: binaryPlist(nested(100_000), { refSize: 2, offsetSize: 4 }) },
    { label: 'xml: 100,000 nested arrays', parser: 'plist', bytes: Buffer.from(`<?xml version="1.0"?><plist version="1.0">${'<array>'.repeat(100_000)}${'</array>'.repeat(100_000)}</plist>`) },
    { label: 'xml: entity expansion (billion laughs)', parser: 'plist', bytes: Buffer.from(`<?xml version="1.0"?><!DOCTYPE plist [<!ENTITY a "aaaaaaaaaa">${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${'b'.repeat(i + 1)} "${`&${i === 0 ? 'a' : 'b'.repeat(i)};`.repeat(10)}">`).join('')}]><plist version="1.0"><string>&bbbbbbbbb;</string></plist>`) },
    { label: 'keyed archive: 40 layers of UIDs named twice (2^40 values)', parser: 'unarchive', bytes: encodeBinaryPlist({ $archiver: 'NSKeyedArchiver', $top: { root: { UID: 1 } }, $objects: ['$null', { list: { UID: 2 } }, ...uidLayers, 'leaf'] }) },
    { label: 'keyed archive: UID cycle', parser: 'unarchive', bytes: encodeBinaryPlist({ $archiver: 'NSKeyedArchiver', $top: { root: { UID: 1 } }, $objects: ['$null', { self: { UID: 1 } }] }) },
    { label: 'MBFile: 40 layers of UIDs', parser: 'mbfile', bytes: encodeBinaryPlist({ $archiver: 'NSKeyedArchiver', $top: { root: { UID: 1 } }, $objects: ['$null', { Size: { UID: 2 } }, ...uidLayers, 'leaf'] }) },
    { label: 'note: zlib body inflating to 128 MiB', parser: 'note', bytes: deflateSync(Buffer.alloc(128 << 20), { level: 9 }) },
  ];
}

function uint16(value: number): number[] {
  return [(value >> 8) & 0xff, value & 0xff];
}

test('known plist, archive and inflation bombs are refused in bounded time and memory', () => {
  const cases = bombs();
  const results = runIsolated(cases, { heapMb: 256, timeoutMs: 120_000 });
  for (const result of results) assert.equal(result.failure, undefined, `${result.label}: ${result.failure}`);
  const refusedPlists = results.filter((result) => result.outcome === 'parsed' && /cycle|itself|layers|16 million|2\^/.test(result.label));
  assert.deepEqual(refusedPlists.map((result) => result.label), [], 'bombs must be refused, not decoded');
  tally(AREA, 'known bombs in a 256 MB child: bplist/XML/keyed-archive/zlib', { cases: cases.length, inputs: cases.length });
});
