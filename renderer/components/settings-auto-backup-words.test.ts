import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dailyTime, intervalChoices, intervalWords } from './settings-auto-backup-words.ts';

test('intervals read as people say them', () => {
  assert.deepEqual([1, 6, 12, 24, 168, 48].map(intervalWords), ['hour', '6 hours', '12 hours', 'day', '7 days', '2 days']);
});

test('an interval set elsewhere is listed among the choices, in order', () => {
  assert.deepEqual(intervalChoices(24), [1, 6, 12, 24, 168]);
  assert.deepEqual(intervalChoices(48), [1, 6, 12, 24, 48, 168]);
  assert.deepEqual(intervalChoices(0), [1, 6, 12, 24, 168]);
});

test('a daily time is a whole time of day on a 24-hour clock', () => {
  assert.equal(dailyTime('02:30'), '02:30');
  assert.equal(dailyTime('23:59'), '23:59');
  assert.equal(dailyTime('24:00'), undefined);
  assert.equal(dailyTime('2:30'), undefined);
  assert.equal(dailyTime(''), undefined);
});
