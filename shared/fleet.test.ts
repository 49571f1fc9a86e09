import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fleetBusy, fleetCounts, tileEnded, tileFailed } from './fleet.ts';

test('failed tiles (Find My on among them) are the ones to retry; ended ones include done and skipped', () => {
  assert.equal(tileFailed('find-my'), true);
  assert.equal(tileFailed('failed'), true);
  assert.equal(tileFailed('done'), false);
  assert.equal(tileFailed('restoring'), false);
  assert.deepEqual((['done', 'skipped', 'failed', 'find-my'] as const).map(tileEnded), [true, true, true, true]);
  assert.deepEqual((['waiting', 'needs-trust', 'backing-up', 'renaming'] as const).map(tileEnded), [false, false, false, false]);
});

test('a fleet is busy while a device waits or works', () => {
  assert.equal(fleetBusy({ done: 3, failed: 1, skipped: 0, inProgress: 0, waiting: 0 }), false);
  assert.equal(fleetBusy({ done: 3, failed: 0, skipped: 0, inProgress: 0, waiting: 1 }), true);
  assert.deepEqual(fleetCounts([{ state: 'find-my' }, { state: 'needs-trust' }, { state: 'rebooting' }, { state: 'skipped' }]), { done: 0, failed: 1, skipped: 1, inProgress: 1, waiting: 1 });
});
