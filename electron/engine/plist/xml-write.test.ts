/**
 * The XML plist writer against `plist`'s builder (as the codec used it, with its line-end references): the
 * same document byte for byte for every value, and the same refusal of characters XML cannot hold.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { build } from 'plist';
import { FUZZ_SEED } from '../../../tests/helpers/hostile-input.ts';
import { commonLeaves, plistValues } from '../../../tests/helpers/plist-values.ts';
import { writeXmlPlist } from './xml-write.ts';

/** What the codec wrote before: the builder's document with CR, NEL, LS and PS as character references. */
function built(value: unknown): string {
  return build(value as never).replace(/[\r\u0085\u2028\u2029]/g, (char) => `&#x${char.charCodeAt(0).toString(16)};`);
}

const plistValue = plistValues(
  fc.oneof(
    ...commonLeaves,
    fc.constantFrom('a\r\nb', 'c\u0085d', 'e\u2028f\u2029', '<&>"\'', ']]>'),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }),
    fc.double(),
    fc.date({ min: new Date(0), max: new Date(4e12) }),
    fc.constantFrom(undefined, null),
  ),
);

test('the same document as the builder, byte for byte', () => {
  fc.assert(
    fc.property(plistValue, (value) => {
      let expected: string | Error;
      try {
        expected = built(value);
      } catch (error) {
        expected = error as Error;
      }
      if (expected instanceof Error) assert.throws(() => writeXmlPlist(value));
      else assert.equal(writeXmlPlist(value), expected);
    }),
    { seed: FUZZ_SEED, numRuns: 3_000 },
  );
});

test('characters XML cannot hold are refused, as the builder refuses them', () => {
  for (const bad of ['a\u0001b', '\ud800x', 'x\udc00', '\ufffe', '\uffff', '\u0000']) {
    assert.throws(() => build({ s: bad } as never));
    assert.throws(() => writeXmlPlist({ s: bad }), /Invalid character/);
    assert.throws(() => writeXmlPlist({ [bad]: 1 }), /Invalid character/);
  }
  assert.equal(writeXmlPlist({ s: '\t\n\ud83d\ude00' }), built({ s: '\t\n\ud83d\ude00' }));
});
