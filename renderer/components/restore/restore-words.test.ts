import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeviceListItem } from '../../../shared/devices.ts';
import type { BackupSummary } from '../../../shared/library.ts';
import type { JobView } from '../../store/jobs-reducer.ts';
import { backupSourceWords, backupWords, checkMark, doneWords, restorePhaseWords, restoreResult, targetWords } from './restore-words.ts';

const job = (change: Partial<JobView>): JobView => ({ jobId: 'j', kind: 'restore', state: 'running', ...change });

test('the password ✕ of an encrypted backup reads as the next step until its password is asked for', () => {
  const locked = { id: 'password', status: 'error', title: 'The backup is encrypted' } as const;
  assert.equal(checkMark(locked, true), 'next');
  assert.equal(checkMark(locked, false), 'error');
  assert.equal(checkMark({ id: 'find-my', status: 'error', title: 'Find My is on' }, true), 'error');
  assert.equal(checkMark({ id: 'battery', status: 'warning', title: 'Battery low' }, false), 'warning');
});

test('a backup as a choice: archive or version first, its device, model, date, iOS, size, and whether it is incomplete', () => {
  const backup = { id: 'a', udid: 'U', deviceName: 'Anna’s iPhone', iosVersion: '17.5', sizeBytes: 1_200_000_000, complete: false } as BackupSummary;
  const words = backupWords(backup);
  assert.equal(words.name, 'Anna’s iPhone');
  assert.equal(words.detail, 'iOS 17.5 · 1.2 GB · incomplete');
  assert.equal(backupWords({ ...backup, deviceName: undefined, complete: true }).name, 'U');
  assert.equal(backupWords({ ...backup, model: 'iPhone 15', complete: true }).detail, 'iPhone 15 · iOS 17.5 · 1.2 GB');
  // A kept copy never looks like the current backup.
  assert.equal(backupWords({ ...backup, state: 'archived', complete: true }).detail, 'Archived · iOS 17.5 · 1.2 GB');
  assert.equal(backupWords({ ...backup, state: 'version', complete: true }).detail, 'Earlier version · iOS 17.5 · 1.2 GB');
});

test('phases in words, the passcode prompt first', () => {
  assert.equal(restorePhaseWords(job({ phase: 'checking' }), 'iPhone'), 'Checking the backup and the iPhone…');
  assert.equal(restorePhaseWords(job({ phase: 'connecting' }), 'iPad'), 'Connecting to the iPad…');
  assert.equal(restorePhaseWords(job({ phase: 'restoring' }), 'iPhone'), 'Restoring…');
  assert.equal(restorePhaseWords(job({ phase: 'rebooting' }), 'iPhone'), 'The iPhone is restarting…');
  assert.equal(restorePhaseWords(job({ phase: 'restoring', prompt: { prompt: 'passcode', message: 'x' } }), 'iPhone'), 'Enter the passcode on the iPhone to start the restore');
  assert.equal(restorePhaseWords(job({ state: 'queued' }), 'iPhone'), 'Waiting for the iPhone to finish what it is doing…');
});

test('done: what was restored, the restart, and the new passcode', () => {
  const done = job({ state: 'done', result: { udid: 'U', sourceUdid: 'S', backupPath: '/b', files: 1234, bytes: 48_000_000, durationMs: 65_000, rebooted: true } });
  const result = restoreResult(done);
  assert.equal(result?.files, 1234);
  assert.deepEqual(doneWords(result, true, 'iPhone'), [
    'Restored 1,234 files, 48 MB in 1 min 5 s.',
    'The iPhone restarts.',
    'Set up a new passcode and Face ID (or Touch ID) on the iPhone.',
  ]);
  assert.equal(doneWords(undefined, false, 'iPad')[0], 'Restart the iPad to finish.');
  assert.equal(doneWords({ ...result!, files: 0 }, true, 'iPad')[0], 'Restored 48 MB in 1 min 5 s.', 'no "0 files" when the files were not counted');
  assert.equal(restoreResult(job({ result: { files: 'x' } })), undefined, 'a summary of another shape is not taken for a restore’s');
});

test('the review names the target by model and serial digits, and the backup by its model', () => {
  const device: DeviceListItem = { udid: '00008103-000A1B2C3D4E5F60', name: 'Anna’s iPad', model: 'iPad Air (5th generation)', serialNumber: 'DMPXQ1F3K2', state: 'connected', connection: 'usb' };
  assert.equal(targetWords(device), 'Anna’s iPad (iPad Air (5th generation) · …F3K2)');
  assert.equal(targetWords({ udid: '00008120-00080A86D7FDAF0B', name: 'iPad', productType: 'iPad13,18' }), 'iPad (iPad13,18 · …AF0B)');
  const backup = { udid: device.udid, deviceName: 'Anna’s iPad', model: 'iPad (10th generation)' } as BackupSummary;
  assert.equal(backupSourceWords(backup), 'Anna’s iPad (iPad (10th generation))');
  assert.equal(backupSourceWords({ ...backup, model: undefined, deviceName: undefined }), device.udid);
});
