import assert from 'node:assert/strict';
import { test } from 'node:test';
import { marketingName } from './product-names.ts';

test('known product types get their marketing names', () => {
  assert.equal(marketingName('iPhone15,2'), 'iPhone 14 Pro');
  assert.equal(marketingName('iPhone16,1'), 'iPhone 15 Pro');
  assert.equal(marketingName('iPad13,18'), 'iPad (10th generation)');
});

test('unknown ones fall back to the family and code', () => {
  assert.equal(marketingName('iPhone99,9'), 'iPhone (iPhone99,9)');
  assert.equal(marketingName('iPad99,1'), 'iPad (iPad99,1)');
  assert.equal(marketingName('Gadget1,1'), 'Gadget1,1');
  assert.equal(marketingName(undefined), 'Unknown device');
});
