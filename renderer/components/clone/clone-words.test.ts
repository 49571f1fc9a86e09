import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeviceListItem } from '../../../shared/devices.ts';
import { fleetCounts, type FleetTile } from '../../../shared/fleet.ts';
import type { CloneStatus } from '../../../shared/restore.ts';
import { chipTone, chipWords, clockWords, cloneActive, countsWords, elapsedMs, problemsWords, skippedWords, tileIcon, tileNames, tileProblems } from './clone-words.ts';

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
    counts: fleetCounts(change.tiles ?? []),
    ...change,
  };
}

test('chips say the state in a few words; what the person must do on the device is the state itself', () => {
  assert.equal(chipWords({ state: 'waiting' }), 'Waiting');
  assert.equal(chipWords({ state: 'needs-trust' }), 'Tap Trust on the device');
  assert.equal(chipWords({ state: 'needs-passcode' }), 'Enter the passcode on the device');
  assert.equal(chipWords({ state: 'find-my' }), 'Find My on');
  assert.equal(chipWords({ state: 'restoring', fraction: 0.374 }), 'Restoring 37 %');
  assert.equal(chipWords({ state: 'backing-up', fraction: 0.5 }), 'Backing up 50 %');
  assert.equal(chipWords({ state: 'restoring', fraction: 0 }), 'Restoring', 'no 0 %: it says nothing "Restoring" does not');
  assert.equal(chipWords({ state: 'restoring' }), 'Restoring');
  assert.equal(chipWords({ state: 'rebooting', fraction: 1 }), 'Rebooting');
  assert.equal(chipWords({ state: 'done' }), 'Done');
  assert.equal(chipWords({ state: 'skipped' }), 'Skipped');
  assert.equal(chipWords({ state: 'failed' }), 'Failed');
  assert.equal(chipWords({ state: 'failed', errorCode: 'PAIRING_DENIED' }), 'Trust denied');
});

test('tones: what needs the person stands out from what is merely working', () => {
  assert.equal(chipTone('needs-trust'), 'attention');
  assert.equal(chipTone('needs-passcode'), 'attention');
  assert.equal(chipTone('find-my'), 'bad');
  assert.equal(chipTone('restoring'), 'active');
  assert.equal(chipTone('done'), 'ok');
  assert.equal(chipTone('waiting'), 'idle');
  assert.equal(chipTone('skipped'), 'idle');
});

test('every problem of a tile, each with what to do; the engine’s list wins over its one-line error', () => {
  const problems = [
    { title: 'Find My is on', fix: 'Turn off Find My: Settings > [your name] > Find My.' },
    { title: 'iOS 16.4 is older than the backup’s iOS 17.5', detail: 'A backup restores only onto the same iOS or newer.', fix: 'Update the device.' },
  ];
  assert.deepEqual(tileProblems({ state: 'failed', error: 'Cannot restore yet: Find My is on…', problems }), problems);
  assert.equal(problemsWords(problems.length), '2 problems');
  assert.equal(problemsWords(1), '1 problem');
  assert.deepEqual(
    tileProblems({ state: 'find-my' }).map((problem) => problem.title),
    ['Find My is on'],
  );
  assert.match(tileProblems({ state: 'find-my' })[0]?.fix ?? '', /Settings > \[your name\] > Find My.*Retry/);
  assert.deepEqual(tileProblems({ state: 'failed', error: 'The iPhone was disconnected.' }), [{ title: 'The iPhone was disconnected.' }]);
  const denied = tileProblems({ state: 'failed', errorCode: 'PAIRING_DENIED', error: 'UserDeniedPairing' });
  assert.equal(denied.length, 1);
  assert.match(denied[0]?.fix ?? '', /Retry, then tap Trust/);
  assert.deepEqual(tileProblems({ state: 'done' }), []);
  assert.deepEqual(tileProblems({ state: 'restoring', problems: [] }), []);
  assert.equal(tileProblems({ state: 'failed' }).length, 1, 'a failure without words still says something');
});

test('a skipped tile says why it was left out', () => {
  assert.equal(skippedWords({ skippedBecause: 'Backed up 2 hours ago' }), 'Backed up 2 hours ago');
  assert.match(skippedWords({}), /stopped/);
});

test('a tile is called by its name, else the list’s name, else its serial; twins are told apart by model and serial', () => {
  const seen: Record<string, DeviceListItem> = { [UDID]: { udid: UDID, name: 'iPad 7', state: 'connected', connection: 'usb' } };
  const one = [{ udid: UDID }];
  assert.deepEqual(tileNames({ udid: UDID, name: 'Loaner 3' }, one, seen), { name: 'Loaner 3', label: 'Loaner 3' });
  assert.equal(tileNames({ udid: UDID }, one, seen).name, 'iPad 7');
  assert.equal(tileNames({ udid: 'other', serialNumber: 'F9FXK1' }, one, seen).name, 'F9FXK1');
  assert.equal(tileNames({ udid: 'other' }, one, seen).name, 'other');
  const twins = [
    { udid: 'a', name: 'iPad', serialNumber: 'DMPXK1AB12', productType: 'iPad13,18' },
    { udid: 'b', name: 'iPad', serialNumber: 'DMPXK1CD34', productType: 'iPad13,18' },
  ];
  assert.deepEqual(tileNames(twins[0]!, twins, {}), { name: 'iPad', label: 'iPad (iPad13,18 · …AB12)', distinction: 'iPad13,18 · …AB12' });
  assert.equal(tileNames(twins[1]!, twins, {}).label, 'iPad (iPad13,18 · …CD34)');
  const model = { b: { udid: 'b', model: 'iPad (10th generation)', state: 'connected', connection: 'usb' } as DeviceListItem };
  assert.equal(tileNames(twins[1]!, twins, model).distinction, 'iPad (10th generation) · …CD34', 'the device list’s marketing name');
});

test('an iPad tile shows an iPad, by the tile’s product type or the device list’s class', () => {
  assert.equal(tileIcon({ udid: 'a', productType: 'iPad13,18' }, {}), 'ipad');
  assert.equal(tileIcon({ udid: 'a', productType: 'iPhone15,2' }, {}), 'iphone');
  assert.equal(tileIcon({ udid: UDID }, { [UDID]: { udid: UDID, deviceClass: 'iPad', state: 'connected', connection: 'usb' } }), 'ipad');
});

test('elapsed time runs while the clone works and stops at its last device’s end', () => {
  const done = (seconds: number): FleetTile => ({ udid: `${seconds}`, state: 'done', endedAt: new Date(at(seconds)).toISOString() });
  const running = status({ tiles: [done(30), { udid: 'x', state: 'restoring' }] });
  assert.equal(cloneActive(running), true);
  assert.equal(elapsedMs(running, at(95)), 95_000);
  const finished = status({ tiles: [done(30), done(80)] });
  assert.equal(cloneActive(finished), false);
  assert.equal(elapsedMs(finished, at(500)), 80_000, 'a finished clone’s time stands still');
  assert.equal(cloneActive(status({ watching: true })), true, 'watching for new devices is still at work');
  assert.equal(cloneActive(status({ tiles: [{ udid: 'x', state: 'needs-trust' }] })), true, 'a device waiting for Trust is still to come');
  assert.equal(cloneActive(status({ tiles: [done(3), { udid: 'x', state: 'skipped' }] })), false, 'skipped devices have ended');
  assert.equal(elapsedMs(status(), at(10)), 0, 'nothing ran');
});

test('the stopwatch and the counts: done and failed always, the rest when there are some', () => {
  assert.equal(clockWords(5_400), '0:05');
  assert.equal(clockWords(3_600), '0:04', 'rounded like the tiles’ “Finished in 4 s”');
  assert.equal(clockWords(754_000), '12:34');
  assert.equal(clockWords(3_723_000), '1:02:03');
  assert.equal(countsWords({ done: 3, failed: 2, skipped: 0, inProgress: 0, waiting: 0 }), '3 done · 2 failed');
  assert.equal(countsWords({ done: 3, failed: 1, skipped: 1, inProgress: 2, waiting: 0 }), '3 done · 1 failed · 1 skipped · 2 in progress');
  assert.equal(countsWords({ done: 0, failed: 0, skipped: 0, inProgress: 1, waiting: 4 }), '0 done · 0 failed · 1 in progress · 4 waiting');
});
