import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backupPhaseWords, backupResult, durationWords, etaWords, filesLine, progressLine, resultLine } from './backup-words.ts';

test('the progress line says what is known: bytes of the total, rate, time left', () => {
  assert.equal(
    progressLine({ bytesDone: 12_300_000, bytesTotal: 480_000_000, filesDone: 10, bytesPerSecond: 8_200_000, etaSeconds: 57 }),
    '12.3 MB of 480 MB · 8.2 MB/s · less than a minute left',
  );
  assert.equal(progressLine({ bytesDone: 12_300_000, filesDone: 10, bytesPerSecond: 8_200_000 }), '12.3 MB · 8.2 MB/s');
  assert.equal(progressLine({ bytesDone: 0, filesDone: 0, bytesPerSecond: 0, etaSeconds: 10 }), '0 bytes', 'no rate yet: no rate and no guess');
});

test('time left is rounded to what a person can use', () => {
  assert.equal(etaWords(59), 'less than a minute left');
  assert.equal(etaWords(80), 'about 1 min left');
  assert.equal(etaWords(150), 'about 3 min left');
  assert.equal(etaWords(3600), 'about 1 h left');
  assert.equal(etaWords(7500), 'about 2 h 5 min left');
});

test('durations and file counts', () => {
  assert.equal(durationWords(4_200), '4 s');
  assert.equal(durationWords(65_000), '1 min 5 s');
  assert.equal(durationWords(120_000), '2 min');
  assert.equal(durationWords(7_380_000), '2 h 3 min');
  assert.equal(filesLine({ bytesDone: 0, filesDone: 1 }), '1 file');
  assert.equal(filesLine({ bytesDone: 0, filesDone: 1234 }), '1,234 files');
  assert.equal(filesLine({ bytesDone: 0, filesDone: 12, filesTotal: 40 }), '12 of 40 files');
});

test('a finished backup reads as files, size and time; a job without a report has none', () => {
  const job = { jobId: 'a', kind: 'backup' as const, state: 'done' as const, result: { files: 1234, bytes: 480_000_000, durationMs: 65_000 } };
  const result = backupResult(job);
  assert.ok(result);
  assert.equal(resultLine(result), '1,234 files, 480 MB in 1 min 5 s');
  assert.equal(backupResult({ jobId: 'b', state: 'done' }), undefined);
  assert.equal(backupResult({ jobId: 'c', state: 'done', result: { files: 'many' } }), undefined);
});

test('the phase words before bytes move', () => {
  assert.equal(backupPhaseWords({ jobId: 'a', state: 'queued' }, 'iPhone'), 'Waiting for the iPhone to finish what it is doing…');
  assert.equal(backupPhaseWords({ jobId: 'a', state: 'running', phase: 'connecting' }, 'iPad'), 'Connecting to the iPad…');
  assert.equal(backupPhaseWords({ jobId: 'a', state: 'running', phase: 'saving' }, 'iPhone'), 'Saving the backup…');
});
