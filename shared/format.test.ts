import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ageWords } from './format.ts';

test('ages read as people say them', () => {
  const now = Date.parse('2026-05-10T12:00:00Z');
  const at = (ms: number) => new Date(now - ms).toISOString();
  assert.equal(ageWords(at(20_000), now), 'just now');
  assert.equal(ageWords(at(-5_000), now), 'just now');
  assert.equal(ageWords(at(60_000), now), '1 minute ago');
  assert.equal(ageWords(at(5 * 60_000), now), '5 minutes ago');
  assert.equal(ageWords(at(3 * 3_600_000), now), '3 hours ago');
  assert.equal(ageWords(at(2 * 86_400_000 + 1), now), '2 days ago');
  assert.equal(ageWords(at(20 * 86_400_000), now), '2 weeks ago');
  assert.equal(ageWords(at(95 * 86_400_000), now), '3 months ago');
  assert.equal(ageWords(at(800 * 86_400_000), now), '2 years ago');
  assert.equal(ageWords('not a date', now), '');
});
