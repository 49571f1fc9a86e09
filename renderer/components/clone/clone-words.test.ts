import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeviceListItem } from '../../../shared/devices.ts';
import type { CloneStatus, CloneTile } from '../../../shared/restore.ts';
import { canRetry, chipTone, chipWords, clockWords, cloneActive, countsWords, elapsedMs, tileErrorWords, tileName } from './clone-words.ts';

const UDID = '00008120-00080A86D7FDAF0B';
const START = '2026-05-03T10:00:00.000Z';
const at = (seconds: number) => Date.parse(START) + seconds * 1000;

function status(change: Partial<CloneStatus> = {}): CloneStatus {
  return {
    backupPath: '/backups/golden',
    watching: false,
    concurrency: 4,
    startedAt: START,
    tiles: [],
    counts: { done: 0, failed: 0, inProgress: 0, waiting: 0 },
    ...change,
  };
}

test('chips say the state in a few words; restoring says how far once it knows', () => {
  assert.equal(chipWords({ state: 'waiting' }), 'Waiting');
  assert.equal(chipWords({ state: 'needs-trust' }), 'Needs Trust');
  assert.equal(chipWords({ state: 'needs-passcode' }), 'Needs passcode');
  assert.equal(chipWords({ state: 'find-my' }), 'Find My on');
  assert.equal(chipWords({ state: 'restoring', fraction: 0.374 }), 'Restoring 37 %');
  assert.equal(chipWords({ state: 'restoring', fraction: 0 }), 'Restoring', 'no 0 %: it says nothing "Restoring" does not');
  assert.equal(chipWords({ state: 'restoring' }), 'Restoring');
  assert.equal(chipWords({ state: 'rebooting', fraction: 1 }), 'Rebooting');
  assert.equal(chipWords({ state: 'done' }), 'Done');
  assert.equal(chipWords({ state: 'failed' }), 'Failed');
});

test('tones: what needs the person stands out from what is merely working', () => {
  assert.equal(chipTone('needs-passcode'), 'attention');
  assert.equal(chipTone('find-my'), 'bad');
  assert.equal(chipTone('restoring'), 'active');
  assert.equal(chipTone('done'), 'ok');
  assert.equal(chipTone('waiting'), 'idle');
  assert.equal(canRetry('find-my'), true);
  assert.equal(canRetry('failed'), true);
  assert.equal(canRetry('done'), false);
  assert.equal(canRetry('restoring'), false);
});

test('a tile is called by its name, else the list’s name, else its serial, else its UDID', () => {
  const devices = [{ udid: UDID, name: 'iPad 7', state: 'connected' } as DeviceListItem];
  assert.equal(tileName({ udid: UDID, name: 'Loaner 3' }, devices), 'Loaner 3');
  assert.equal(tileName({ udid: UDID }, devices), 'iPad 7');
  assert.equal(tileName({ udid: 'other', serialNumber: 'F9FXK1' }, devices), 'F9FXK1');
  assert.equal(tileName({ udid: 'other' }, devices), 'other');
});

test('elapsed time runs while the clone works and stops at its last device’s end', () => {
  const done = (seconds: number): CloneTile => ({ udid: `${seconds}`, state: 'done', endedAt: new Date(at(seconds)).toISOString() });
  const running = status({ tiles: [done(30)], counts: { done: 1, failed: 0, inProgress: 1, waiting: 0 } });
  assert.equal(cloneActive(running), true);
  assert.equal(elapsedMs(running, at(95)), 95_000);
  const finished = status({ tiles: [done(30), done(80)], counts: { done: 2, failed: 0, inProgress: 0, waiting: 0 } });
  assert.equal(cloneActive(finished), false);
  assert.equal(elapsedMs(finished, at(500)), 80_000, 'a finished clone’s time stands still');
  assert.equal(cloneActive(status({ watching: true })), true, 'watching for new devices is still at work');
  assert.equal(elapsedMs(status(), at(10)), 0, 'nothing ran');
});

test('the stopwatch and the counts', () => {
  assert.equal(clockWords(5_400), '0:05');
  assert.equal(clockWords(3_600), '0:04', 'rounded like the tiles’ “Finished in 4 s”');
  assert.equal(clockWords(754_000), '12:34');
  assert.equal(clockWords(3_723_000), '1:02:03');
  assert.equal(countsWords({ done: 3, failed: 1, inProgress: 2, waiting: 0 }), '3 done · 1 failed · 2 in progress');
  assert.equal(countsWords({ done: 0, failed: 0, inProgress: 1, waiting: 4 }), '0 done · 0 failed · 1 in progress · 4 waiting');
});

test('a Find My tile says what to do on the device; other failures keep the engine’s words', () => {
  assert.match(tileErrorWords({ state: 'find-my', error: 'Cannot restore yet: Find My is on. Turn off…' }) ?? '', /^Turn off Find My \(Settings > \[your name\] > Find My\), then retry\.$/);
  assert.equal(tileErrorWords({ state: 'failed', error: 'The iPhone was disconnected.' }), 'The iPhone was disconnected.');
  assert.equal(tileErrorWords({ state: 'done' }), undefined);
});
