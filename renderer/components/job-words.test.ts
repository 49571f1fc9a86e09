import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jobProgressWords, jobTitle } from './job-words.ts';

test('a job’s title says what it does, then how it ended', () => {
  assert.equal(jobTitle({ jobId: 'a', kind: 'backup', state: 'running' }, 'Anna’s iPhone'), 'Backing up Anna’s iPhone');
  assert.equal(jobTitle({ jobId: 'a', kind: 'backup', state: 'done' }, 'Anna’s iPhone'), 'Anna’s iPhone backed up');
  assert.equal(jobTitle({ jobId: 'a', kind: 'backup', state: 'cancelled' }, 'Anna’s iPhone'), 'Backup of Anna’s iPhone cancelled');
  assert.equal(jobTitle({ jobId: 'a', kind: 'encryption', state: 'failed' }, 'iPad'), 'Encryption change of iPad failed');
  // A verify is about a backup, never "Verification of the device finished".
  assert.equal(jobTitle({ jobId: 'a', kind: 'verify', state: 'running' }, 'Anna’s iPhone'), 'Verifying the backup of Anna’s iPhone');
  assert.equal(jobTitle({ jobId: 'a', kind: 'verify', state: 'done' }, 'Anna’s iPhone'), 'Backup of Anna’s iPhone verified');
  assert.equal(jobTitle({ jobId: 'a', kind: 'verify', state: 'failed' }, 'Anna’s iPhone'), 'Verifying the backup of Anna’s iPhone failed');
  assert.equal(jobTitle({ jobId: 'a', kind: 'export', state: 'done' }, 'Anna’s iPhone'), 'Exported from the backup of Anna’s iPhone');
  assert.equal(jobTitle({ jobId: 'a', kind: 'export', state: 'cancelled' }, 'Anna’s iPhone'), 'Exporting from the backup of Anna’s iPhone cancelled');
});

test('the progress words: percentage, rate and time left once known; else what it waits for', () => {
  const running = { jobId: 'a', kind: 'backup' as const, state: 'running' as const, phase: 'backing up' };
  assert.equal(jobProgressWords({ ...running, progress: { bytesDone: 5, bytesTotal: 10, filesDone: 1, fraction: 0.42, bytesPerSecond: 8_200_000, etaSeconds: 70 } }), '42 % · 8.2 MB/s · about 1 min left');
  assert.equal(jobProgressWords({ ...running, progress: { bytesDone: 5_000_000, filesDone: 1, fraction: 0, bytesPerSecond: 1_000_000 } }), '5 MB · 1 MB/s');
  assert.equal(jobProgressWords({ ...running, phase: 'connecting' }), 'Starting…');
  assert.equal(jobProgressWords({ ...running, prompt: { prompt: 'passcode', message: 'x' } }), 'Waiting for the passcode on the device');
  assert.equal(jobProgressWords({ jobId: 'b', kind: 'backup', state: 'queued' }), 'Waiting for the device');
});
