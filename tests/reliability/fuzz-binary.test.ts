/**
 * Hostile backups, part 2: the binary formats of a backup other than plists, fuzzed with fast-check: the
 * keybag TLV, keychain item DER, Manifest.mbdb, Manifest.db bytes, note bodies (protobuf in gzip), message
 * attributedBody, Exif thumbnails, SQLite WAL logs and the file preview. Valid inputs read back what was
 * written; mutated and random ones are read or refused with the documented CradleError (the readers that
 * return undefined on bad input must never throw), with the heap watched.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { decodeDerAttributes } from '../../electron/engine/crypto/der.ts';
import { applyWal } from '../../electron/engine/library/categories/memory-database.ts';
import { noteText } from '../../electron/engine/library/categories/note-body.ts';
import { parseMbdb } from '../../electron/engine/library/mbdb.ts';
import { buildKeybag, encodeDerAttributes, encodeTlv, type TlvField } from '../helpers/backup-crypto-fixtures.ts';
import { fuzz, FUZZ_SEED, HeapWatch, mutate, mutation, runIsolated } from '../helpers/hostile-input.ts';
import { encodeMbdb, type MbdbRecord } from '../helpers/legacy-backup.ts';
import { scaled, tally } from '../helpers/reliability-tally.ts';
import { fileIdOf, writeManifestDb } from '../virtual-device/backup/manifest-db.ts';

const AREA = 'hostile backups';
const bytesOf = (max: number, min = 0) => fc.uint8Array({ minLength: min, maxLength: max }).map((bytes) => Buffer.from(bytes));
const mutations = fc.array(mutation, { minLength: 1, maxLength: 4 });

test('keybags: mutated real ones and random TLV records are read or refused with BACKUP_CORRUPT', () => {
  const bases = [
    buildKeybag({ password: 'p', iterations: 1, dpic: 1, classes: [1, 2, 3, 4, 6, 7, 8], deviceOnly: [5, 9, 10, 11] }).data,
    buildKeybag({ password: 'p', iterations: 1, classes: [1, 2, 3] }).data,
  ];
  const mutated = fuzz('keybag', fc.tuple(fc.constantFrom(...bases), mutations), ([base, changes]) => changes.reduce(mutate, base), scaled(3_000, 75_000));
  const tags = fc.oneof(fc.constantFrom('VERS', 'TYPE', 'UUID', 'HMCK', 'WRAP', 'SALT', 'ITER', 'DPWT', 'DPIC', 'DPSL', 'CLAS', 'KTYP', 'WPKY'), fc.string({ unit: 'binary-ascii', minLength: 4, maxLength: 4 }));
  const field: fc.Arbitrary<TlvField> = fc.tuple(tags, fc.oneof(fc.nat().map(Number), fc.constantFrom(0, 0x7fffffff, 0x80000000, 0xffffffff), bytesOf(48)));
  const records = fc.tuple(fc.array(field, { maxLength: 30 }), fc.option(fc.nat(), { nil: undefined }));
  // A trailing record header may claim any length: the reader must refuse it without allocating it.
  const random = fuzz('keybag', records, ([fields, lie]) => {
    const body = encodeTlv(fields);
    if (lie === undefined) return body;
    const header = Buffer.alloc(8);
    header.write('WPKY', 'latin1');
    header.writeUInt32BE(lie >>> 0, 4);
    return Buffer.concat([body, header]);
  }, scaled(3_000, 75_000));
  assert.ok(mutated.parsed > 0 && mutated.refused > 0 && random.refused > 0);
  tally(AREA, 'keybag TLV: mutated real keybags and random records', { cases: 2, inputs: mutated.total + random.total });
});

const derValue = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), bytesOf(40));
const derAttributes = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }).filter((name) => name !== '__proto__'), derValue, { maxKeys: 10, noNullPrototype: true });

test('keychain DER: valid attribute sets read back; mutated and random bytes never throw', () => {
  let valid = 0;
  fc.assert(fc.property(derAttributes, (attributes) => {
    valid += 1;
    assert.deepEqual(decodeDerAttributes(encodeDerAttributes(attributes)), attributes);
  }), { seed: FUZZ_SEED, numRuns: scaled(1_000, 25_000) });
  const mutated = fuzz('der', fc.tuple(derAttributes, mutations), ([attributes, changes]) => changes.reduce(mutate, encodeDerAttributes(attributes)), scaled(3_000, 75_000));
  const random = fuzz('der', bytesOf(200), (bytes) => bytes, scaled(2_000, 50_000));
  tally(AREA, 'keychain DER: valid, mutated and random attribute sets', { cases: 3, inputs: valid + mutated.total + random.total });
});

/** Paths as a hostile mbdb may name them: `..`, absolute, NUL, very long, odd Unicode. */
const hostilePath = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('../../etc/passwd', '/etc/passwd', 'a/../../b', 'nul\0byte', '..', '.', '', 'a//b', 'C:\\Windows'),
  fc.integer({ min: 200, max: 5000 }).map((length) => 'x'.repeat(length)),
);
const mbdbRecord: fc.Arbitrary<MbdbRecord> = fc.record({
  domain: fc.oneof(fc.constantFrom('HomeDomain', 'AppDomain-com.example', '..', '/'), fc.string({ maxLength: 20 })),
  relativePath: hostilePath,
  target: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
  digest: fc.option(bytesOf(20, 20), { nil: undefined }),
  encryptionKey: fc.option(bytesOf(44, 44), { nil: undefined }),
  mode: fc.nat(0xffff), inode: fc.maxSafeNat(), userId: fc.nat(), groupId: fc.nat(), lastModified: fc.nat(), lastAccess: fc.nat(),
  lastStatusChange: fc.nat(), size: fc.maxSafeNat(), protectionClass: fc.nat(255),
  properties: fc.option(fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 10 }), bytesOf(20, 1)), { maxLength: 3 }), { nil: undefined }),
});

test('Manifest.mbdb: valid files read back record for record; mutated ones are read or refused with BACKUP_CORRUPT', () => {
  let valid = 0;
  fc.assert(fc.property(fc.array(mbdbRecord, { maxLength: 8 }), (records) => {
    valid += 1;
    const parsed = parseMbdb(encodeMbdb(records));
    assert.equal(parsed.length, records.length);
    for (const [index, record] of records.entries()) {
      const entry = parsed[index]!;
      assert.deepEqual([entry.domain, entry.relativePath, entry.size, entry.mode, entry.inode], [record.domain, record.relativePath, record.size, record.mode, record.inode]);
      assert.equal(entry.fileID, createHash('sha1').update(`${record.domain}-${record.relativePath}`).digest('hex'));
    }
  }), { seed: FUZZ_SEED, numRuns: scaled(500, 12_500) });
  const mutated = fuzz('mbdb', fc.tuple(fc.array(mbdbRecord, { maxLength: 5 }), mutations), ([records, changes]) => changes.reduce(mutate, encodeMbdb(records)), scaled(3_000, 75_000));
  const random = fuzz('mbdb', bytesOf(300), (bytes) => Buffer.concat([Buffer.from('mbdb\x05\x00', 'latin1'), bytes]), scaled(2_000, 50_000));
  assert.ok(mutated.refused > 0 && random.refused > 0);
  tally(AREA, 'Manifest.mbdb: valid, mutated and random record streams', { cases: 3, inputs: valid + mutated.total + random.total });
});

test('Manifest.mbdb with hundreds of thousands of entries parses in bounded memory', () => {
  const count = scaled(200_000, 1_000_000);
  const record = encodeMbdb([{ domain: 'D', relativePath: 'p', mode: 0x81a4, inode: 1, userId: 501, groupId: 501, lastModified: 1, lastAccess: 1, lastStatusChange: 1, size: 2 ** 40, protectionClass: 3 }]).subarray(6);
  const file = Buffer.concat([Buffer.from('mbdb\x05\x00', 'latin1'), Buffer.alloc(record.length * count).fill(record)]);
  const heap = new HeapWatch();
  const entries = parseMbdb(file);
  heap.check('mbdb');
  assert.equal(entries.length, count);
  assert.equal(entries.at(-1)?.size, 2 ** 40, 'a 1 TB size claim is only a number');
  tally(AREA, `Manifest.mbdb of ${count} entries claiming 1 TB each`, { cases: 1, inputs: count });
});

test('Manifest.db bytes: mutated databases are read or refused with BACKUP_CORRUPT', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cradle-fuzz-db-'));
  try {
    const file = path.join(dir, 'Manifest.db');
    const record = { mode: 0x81a4, inode: 1, userId: 501, groupId: 501, lastModified: 1, lastStatusChange: 1, birth: 1, size: 5, protectionClass: 3, flags: 0 };
    writeManifestDb(file, ['a', 'b/c', 'd'].map((relativePath) => ({ fileID: fileIdOf('HomeDomain', relativePath), domain: 'HomeDomain', relativePath, flags: 1, file: { ...record, relativePath } })));
    const base = fs.readFileSync(file);
    const mutated = fuzz('manifestDb', mutations, (changes) => changes.reduce(mutate, base), scaled(1_500, 37_500));
    assert.ok(mutated.parsed > 0 && mutated.refused > 0);
    tally(AREA, 'Manifest.db: mutated SQLite bytes', { cases: 1, inputs: mutated.total });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** A protobuf length-delimited field. */
function field(number: number, body: Buffer): Buffer {
  return Buffer.concat([varint(number * 8 + 2), varint(body.length), body]);
}

function varint(value: number): Buffer {
  const out: number[] = [];
  for (let rest = value; ; rest = Math.floor(rest / 128)) {
    if (rest < 128) return Buffer.from([...out, rest]);
    out.push((rest % 128) | 0x80);
  }
}

test('note bodies: real gzip protobufs read back; mutated and random ones never throw', () => {
  let valid = 0;
  fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
    valid += 1;
    assert.equal(noteText(gzipSync(field(2, field(3, field(2, Buffer.from(text)))))), text.replace(/\uFFFC/g, ''));
  }), { seed: FUZZ_SEED, numRuns: scaled(500, 12_500) });
  const body = fc.string({ maxLength: 100 }).map((text) => gzipSync(field(2, field(3, field(2, Buffer.from(text))))));
  const mutated = fuzz('note', fc.tuple(body, mutations), ([zipped, changes]) => changes.reduce(mutate, zipped), scaled(2_000, 50_000));
  const random = fuzz('note', fc.oneof(bytesOf(200), bytesOf(200).map((bytes) => deflateSync(bytes))), (bytes) => bytes, scaled(1_000, 25_000));
  tally(AREA, 'note bodies: valid, mutated and random gzip/zlib protobufs', { cases: 3, inputs: valid + mutated.total + random.total });
});

/** A SQLite WAL with big-endian checksums, one frame per page, the last a commit claiming `dbPages`. */
function walOf(pages: Array<[number, Buffer]>, dbPages: number, pageSize = 512): Buffer {
  const sum = (data: Buffer, start: [number, number]): [number, number] => {
    let [s0, s1] = start;
    for (let i = 0; i + 8 <= data.length; i += 8) {
      s0 = (s0 + data.readUInt32BE(i) + s1) >>> 0;
      s1 = (s1 + data.readUInt32BE(i + 4) + s0) >>> 0;
    }
    return [s0, s1];
  };
  const header = Buffer.alloc(32);
  header.writeUInt32BE(0x377f0683, 0);
  header.writeUInt32BE(3007000, 4);
  header.writeUInt32BE(pageSize, 8);
  header.writeUInt32BE(0x1234, 16);
  header.writeUInt32BE(0x5678, 20);
  let running = sum(header.subarray(0, 24), [0, 0]);
  header.writeUInt32BE(running[0], 24);
  header.writeUInt32BE(running[1], 28);
  const frames = pages.map(([number, content], index) => {
    const frame = Buffer.alloc(24);
    frame.writeUInt32BE(number, 0);
    frame.writeUInt32BE(index === pages.length - 1 ? dbPages : 0, 4);
    frame.writeUInt32BE(0x1234, 8);
    frame.writeUInt32BE(0x5678, 12);
    const page = Buffer.alloc(pageSize);
    content.copy(page);
    running = sum(page, sum(frame.subarray(0, 8), running));
    frame.writeUInt32BE(running[0], 16);
    frame.writeUInt32BE(running[1], 20);
    return Buffer.concat([frame, page]);
  });
  return Buffer.concat([header, ...frames]);
}

test('SQLite WAL logs: commit frames claiming billions of pages allocate nothing; mutated logs never throw', () => {
  const claim = fc.oneof(fc.integer({ min: 1, max: 64 }), fc.constantFrom(0xffffffff, 0x7fffffff, 1 << 20));
  const wal = fc.tuple(fc.array(fc.tuple(fc.integer({ min: 1, max: 32 }), bytesOf(16)), { minLength: 1, maxLength: 6 }), claim);
  const heap = new HeapWatch();
  let checked = 0;
  fc.assert(fc.property(wal, ([pages, dbPages]) => {
    checked += 1;
    const image = applyWal(Buffer.alloc(8 * 512), walOf(pages, dbPages));
    const highest = Math.max(8, ...pages.map(([number]) => number));
    assert.ok(image.length <= highest * 512, `an image of ${image.length} bytes from ${pages.length} frames`);
    heap.sample();
  }), { seed: FUZZ_SEED, numRuns: scaled(1_000, 25_000) });
  heap.check('wal');
  const mutated = fuzz('wal', fc.tuple(wal, mutations), ([[pages, dbPages], changes]) => changes.reduce(mutate, walOf(pages, dbPages)), scaled(1_500, 37_500));
  tally(AREA, 'SQLite WAL: size claims and mutated logs', { cases: 2, inputs: checked + mutated.total });
});

/** A JPEG whose Exif IFD1 points at a thumbnail of any offset and length. */
const exifJpeg = fc.tuple(fc.nat(400), fc.nat(400), bytesOf(64)).map(([offset, length, tail]) => {
  const tiff = Buffer.alloc(64);
  tiff.write('MM', 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(0, 8);
  tiff.writeUInt32BE(14, 10);
  tiff.writeUInt16BE(2, 14);
  tiff.writeUInt16BE(0x0201, 16);
  tiff.writeUInt32BE(offset, 24);
  tiff.writeUInt16BE(0x0202, 28);
  tiff.writeUInt32BE(length, 36);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff, tail]);
  const segment = Buffer.alloc(4);
  segment.writeUInt16BE(0xffe1, 0);
  segment.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), segment, body, Buffer.from([0xff, 0xd9])]);
});

test('attributedBody, Exif thumbnails and previews never throw on hostile bytes', () => {
  const typedstream = fc.tuple(bytesOf(20), fc.constantFrom(0x81, 0x82, 0x05, 0xff), bytesOf(20)).map(([head, length, tail]) => Buffer.concat([head, Buffer.from('NSString\x01\x94\x84\x01+', 'latin1'), Buffer.from([length]), tail]));
  const body = fuzz('attributedBody', fc.oneof(typedstream, bytesOf(100)), (bytes) => bytes, scaled(2_000, 50_000));
  const exif = fuzz('exif', fc.tuple(exifJpeg, fc.array(mutation, { maxLength: 2 })), ([jpeg, changes]) => changes.reduce(mutate, jpeg), scaled(2_000, 50_000));
  const preview = fuzz('preview', fc.oneof(bytesOf(300), bytesOf(100).map((bytes) => Buffer.concat([Buffer.from('SQLite format 3\0'), bytes]))), (bytes) => bytes, scaled(1_000, 25_000));
  tally(AREA, 'attributedBody, Exif thumbnails, file previews', { cases: 3, inputs: body.total + exif.total + preview.total });
});

test('a WAL commit claiming 4 billion pages and a 1 GiB gzip note are refused in a 256 MB child', () => {
  const cases = [
    { label: 'wal: commit claiming 0xffffffff pages of 64 KiB', parser: 'wal' as const, bytes: walOf([[1, Buffer.from('page')]], 0xffffffff, 65536) },
    { label: 'wal: commit claiming 32,767 pages of 64 KiB (2 GiB)', parser: 'wal' as const, bytes: walOf([[1, Buffer.from('page')]], 0x7fff, 65536) },
    // Sixteen gzip members of 64 MiB of zeros each: 1 GiB inflated from about 1 MB.
    { label: 'note: gzip inflating to 1 GiB', parser: 'note' as const, bytes: Buffer.concat(new Array<Buffer>(16).fill(gzipSync(Buffer.alloc(64 << 20)))) },
  ];
  const results = runIsolated(cases, { heapMb: 256, timeoutMs: 120_000 });
  for (const result of results) assert.equal(result.failure, undefined, `${result.label}: ${result.failure}`);
  tally(AREA, 'WAL size bomb and gzip note bomb in a 256 MB child', { cases: cases.length, inputs: cases.length });
});
