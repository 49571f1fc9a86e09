/**
 * Plist values for property tests of the codec and its fast readers and writer: the leaves every one of
 * them uses, nested arrays and dicts over any leaf, and the check that the fast binary reader agrees with
 * the full path.
 */
import assert from 'node:assert/strict';
import { parseBuffer } from 'bplist-parser';
import fc from 'fast-check';
import { DECLINED, readBinaryPlistFast } from '../../electron/engine/plist/bplist-fast.ts';
import { checkBinaryPlist } from '../../electron/engine/plist/bplist-guard.ts';

/** Keys an encoder can write as data (a plain object cannot hold `__proto__` as one). */
export const plistKey = fc.string({ maxLength: 12 }).filter((name) => name !== '__proto__');

/** Strings (with whole graphemes), integers, booleans and data. */
export const commonLeaves = [
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.boolean(),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
] as const;

/** Values nested in arrays and dicts of at most `width` items over `leaf`. */
export function plistValues(leaf: fc.Arbitrary<unknown>, width = 6): fc.Arbitrary<unknown> {
  return fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('dict')),
    array: fc.array(tie('node'), { maxLength: width }),
    dict: fc.dictionary(plistKey, tie('node'), { maxKeys: width, noNullPrototype: true }),
  })).node;
}

/** A document's top: a dict or an array of `value`s. */
export function plistRoots(value: fc.Arbitrary<unknown>): fc.Arbitrary<object> {
  return fc.oneof(fc.dictionary(plistKey, value, { maxKeys: 8, noNullPrototype: true }), fc.array(value, { maxLength: 8 }));
}

/** What the full binary path (the structural guard, then bplist-parser) makes of `bytes`, or that it refused them. */
export function binaryFullPath(bytes: Buffer): { value: unknown } | { refused: string } {
  try {
    checkBinaryPlist(bytes);
    return { value: parseBuffer(bytes)[0] };
  } catch (error) {
    return { refused: String(error) };
  }
}

/** Asserts the fast binary reader declines `bytes` or reads them as the full path does; returns whether it read them. */
export function fastBinaryAgrees(bytes: Buffer): boolean {
  const fast = readBinaryPlistFast(bytes);
  if (fast === DECLINED) return false;
  const expected = binaryFullPath(bytes);
  assert.ok('value' in expected, `the full path refuses what the fast reader read: ${'refused' in expected ? expected.refused : ''}`);
  assert.deepStrictEqual(fast, expected.value);
  return true;
}
