/**
 * The fast binary plist reader against the full path (the structural guard, then bplist-parser): on every
 * file the fast reader accepts, both give the same value, and a file the full path refuses is always
 * declined. Valid plists and their mutations (MBFile records: tests/reliability/fuzz-plist.test.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { FUZZ_SEED, mutate, mutation } from '../../../tests/helpers/hostile-input.ts';
import { binaryFullPath as full, commonLeaves, fastBinaryAgrees as agrees, plistRoots, plistValues } from '../../../tests/helpers/plist-values.ts';
import { DECLINED, readBinaryPlistFast } from './bplist-fast.ts';
import { encodeBinaryPlist } from './codec.ts';

// Containers up to 20 items and data up to 300 bytes: past 14, lengths are written in an integer of their own.
const leaf = fc.oneof(
  ...commonLeaves,
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((value) => !Number.isInteger(value)),
  fc.uint8Array({ minLength: 15, maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
);
const plistRoot = plistRoots(plistValues(leaf, 20));


test('valid plists: read fast, as the full path reads them', () => {
  let read = 0;
  let total = 0;
  fc.assert(
    fc.property(plistRoot, (value) => {
      total += 1;
      if (agrees(encodeBinaryPlist(value))) read += 1;
    }),
    { seed: FUZZ_SEED, numRuns: 500 },
  );
  assert.ok(read > total * 0.9, `most valid plists are read fast (${read} of ${total})`);
});

test('mutated plists: declined, or read as the full path reads them', () => {
  let read = 0;
  let refused = 0;
  const input = fc.tuple(plistRoot.map(encodeBinaryPlist), fc.array(mutation, { minLength: 1, maxLength: 3 }));
  fc.assert(
    fc.property(input, ([bytes, changes]) => {
      const mutated = changes.reduce(mutate, bytes);
      if (agrees(mutated)) read += 1;
      else if ('refused' in full(mutated)) refused += 1;
    }),
    { seed: FUZZ_SEED, numRuns: 4_000 },
  );
  assert.ok(read > 40 && refused > 1_000, `both outcomes are reached (${read} read, ${refused} refused)`);
});

test('what the fast reader declines: cycles, shared layers, deep nesting, null, dates, 16-byte integers', () => {
  const cycle = encodeBinaryPlist({ a: [1] });
  // The array (object 2) made to contain itself: its one reference points back at object 2.
  const arrayAt = cycle.indexOf(0xa1);
  const selfReferring = Buffer.from(cycle);
  selfReferring[arrayAt + 1] = 2;
  assert.equal(readBinaryPlistFast(selfReferring), DECLINED);
  assert.ok('refused' in full(selfReferring));
  assert.equal(readBinaryPlistFast(encodeBinaryPlist({ when: new Date(0) })), DECLINED);
  let deep: unknown = 1;
  for (let level = 0; level < 40; level += 1) deep = [deep];
  assert.equal(readBinaryPlistFast(encodeBinaryPlist(deep as object)), DECLINED);
  assert.deepStrictEqual(full(encodeBinaryPlist(deep as object)), { value: deep });
});
