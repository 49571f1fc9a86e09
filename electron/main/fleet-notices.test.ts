import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fleetCounts, type FleetTile } from '../../shared/fleet.ts';
import { fleetJobIds, fleetNoticeTracker, keepsRunning, type FleetStatusLike } from './fleet-notices.ts';

const status = (tiles: FleetTile[], startedAt = '2026-05-10T10:00:00Z'): FleetStatusLike => ({ startedAt, tiles, counts: fleetCounts(tiles) });
const tile = (udid: string, state: FleetTile['state'], extra: Partial<FleetTile> = {}): FleetTile => ({ udid, state, ...extra });
const nameOf = (t: FleetTile) => t.name ?? `Device ${t.udid}`;

test('a device that fails while others still work is told at once; the end tells the counts once', () => {
  const track = fleetNoticeTracker('backup');
  assert.deepEqual(track(status([tile('A', 'waiting'), tile('B', 'waiting'), tile('C', 'waiting')]), nameOf), []);
  assert.deepEqual(track(status([tile('A', 'backing-up'), tile('B', 'backing-up'), tile('C', 'waiting')]), nameOf), []);
  assert.deepEqual(track(status([tile('A', 'failed', { error: 'The iPhone was disconnected.' }), tile('B', 'backing-up'), tile('C', 'waiting')]), nameOf), [
    { title: 'Backup of Device A failed', body: 'The iPhone was disconnected.' },
  ]);
  assert.deepEqual(track(status([tile('A', 'failed', { error: 'The iPhone was disconnected.' }), tile('B', 'done'), tile('C', 'backing-up')]), nameOf), [], 'a failure is told once');
  assert.deepEqual(track(status([tile('A', 'failed'), tile('B', 'done'), tile('C', 'done')]), nameOf), [{ title: 'Backups finished: 1 failed', body: '2 backed up · 1 failed' }]);
  assert.deepEqual(track(status([tile('A', 'failed'), tile('B', 'done'), tile('C', 'done')]), nameOf), [], 'the end is told once');
});

test('one device: its outcome by name, with the fix of its problem', () => {
  const track = fleetNoticeTracker('backup');
  track(status([tile('A', 'backing-up', { name: 'Anna’s iPhone' })]), nameOf);
  assert.deepEqual(track(status([tile('A', 'done', { name: 'Anna’s iPhone' })]), nameOf), [{ title: 'Backup finished', body: 'Anna’s iPhone is backed up to this computer.' }]);
  track(status([tile('A', 'waiting', { name: 'Anna’s iPhone' })]), nameOf);
  const problems = [{ title: 'Locked', fix: 'Unlock the iPhone and try again.' }];
  assert.deepEqual(track(status([tile('A', 'failed', { name: 'Anna’s iPhone', error: 'The iPhone is locked.', problems })]), nameOf), [
    { title: 'Backup of Anna’s iPhone failed', body: 'The iPhone is locked. Unlock the iPhone and try again.' },
  ]);
});

test('a later batch of the same queue counts only its own devices; skipped devices alone say nothing', () => {
  const track = fleetNoticeTracker('backup');
  track(status([tile('A', 'backing-up')]), nameOf);
  track(status([tile('A', 'done')]), nameOf);
  assert.deepEqual(track(status([tile('A', 'done'), tile('B', 'skipped', { skippedBecause: 'Backed up 2 hours ago' })]), nameOf), []);
  track(status([tile('A', 'done'), tile('B', 'skipped'), tile('C', 'waiting'), tile('D', 'skipped')]), nameOf);
  assert.deepEqual(track(status([tile('A', 'done'), tile('B', 'skipped'), tile('C', 'done'), tile('D', 'skipped')]), nameOf), [
    { title: 'Backups finished', body: '1 backed up · 1 skipped' },
  ]);
});

test('a clone says restored; a new run starts afresh', () => {
  const track = fleetNoticeTracker('clone');
  track(status([tile('A', 'restoring'), tile('B', 'restoring')]), nameOf);
  assert.deepEqual(track(status([tile('A', 'done'), tile('B', 'find-my', { error: 'Find My is on.' })]), nameOf), [{ title: 'Clone finished: 1 failed', body: '1 restored · 1 failed' }]);
  const next = '2026-05-10T11:00:00Z';
  track(status([tile('A', 'restoring')], next), nameOf);
  assert.deepEqual(track(status([tile('A', 'done')], next), nameOf), [{ title: 'Restore finished', body: 'Device A is restored.' }]);
});

test('a retried device that fails again is told again', () => {
  const track = fleetNoticeTracker('backup');
  track(status([tile('A', 'backing-up'), tile('B', 'backing-up')]), nameOf);
  track(status([tile('A', 'failed', { error: 'x' }), tile('B', 'backing-up')]), nameOf);
  track(status([tile('A', 'waiting'), tile('B', 'backing-up')]), nameOf);
  assert.deepEqual(track(status([tile('A', 'failed', { error: 'y' }), tile('B', 'backing-up')]), nameOf), [{ title: 'Backup of Device A failed', body: 'y' }]);
});

test('the fleet’s own jobs are known by id', () => {
  assert.deepEqual(fleetJobIds(status([tile('A', 'done', { jobId: 'j1' }), tile('B', 'waiting')])), ['j1']);
  assert.deepEqual(fleetJobIds(null), []);
});

test('closing the window keeps Cradle running while automatic backups are on or the queue works', () => {
  assert.equal(keepsRunning(undefined, false), false);
  assert.equal(keepsRunning({ onConnect: false }, false), false);
  assert.equal(keepsRunning({ onConnect: true }, false), true);
  assert.equal(keepsRunning({ dailyAt: '02:00' }, false), true);
  assert.equal(keepsRunning({ devices: { A: false, B: true } }, false), true);
  assert.equal(keepsRunning({ devices: { A: false } }, false), false);
  assert.equal(keepsRunning(undefined, true), true);
});
