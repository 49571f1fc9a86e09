import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JobEvent, JobInfo } from '../../shared/jobs.ts';
import { activeJob, jobsFromList, latestJob, reduceJobEvent, type JobsState } from './jobs-reducer.ts';

const UDID = '00008120-00080A86D7FDAF0B';
const OTHER = '00008101-000B5D033CBED531';

function fold(events: readonly JobEvent[], start: JobsState = {}): JobsState {
  return events.reduce(reduceJobEvent, start);
}

test('a pairing job goes queued → running with its prompt → done, and the prompt ends with it', () => {
  let state = fold([{ jobId: 'a', type: 'queued', kind: 'pair', udid: UDID }]);
  assert.deepEqual(state.a, { jobId: 'a', kind: 'pair', udid: UDID, state: 'queued' });
  state = fold([{ jobId: 'a', type: 'phase', phase: 'pairing' }], state);
  assert.equal(state.a?.state, 'running');
  state = fold([{ jobId: 'a', type: 'prompt', prompt: 'trust', message: 'Tap Trust on the device, then enter its passcode.' }], state);
  assert.deepEqual(state.a?.prompt, { prompt: 'trust', message: 'Tap Trust on the device, then enter its passcode.' });
  state = fold([{ jobId: 'a', type: 'done' }], state);
  assert.equal(state.a?.state, 'done');
  assert.equal(state.a?.prompt, undefined);
  assert.equal(state.a?.phase, 'pairing');
});

test('progress clears an answered prompt and keeps the latest numbers', () => {
  const state = fold([
    { jobId: 'b', type: 'queued', kind: 'backup', udid: UDID },
    { jobId: 'b', type: 'prompt', prompt: 'passcode', message: 'Enter the passcode on the iPhone to start the backup' },
    { jobId: 'b', type: 'progress', progress: { bytesDone: 10, bytesTotal: 100, filesDone: 1, fraction: 0.1 } },
    { jobId: 'b', type: 'progress', progress: { bytesDone: 42, bytesTotal: 100, filesDone: 3, fraction: 0.42 } },
  ]);
  assert.equal(state.b?.prompt, undefined);
  assert.equal(state.b?.progress?.fraction, 0.42);
  assert.equal(state.b?.state, 'running');
});

test('failure keeps the error; a finished job ignores late events', () => {
  const error = { code: 'PAIRING_DENIED' as const, message: 'Trust was declined on the device.' };
  const failed = fold([
    { jobId: 'c', type: 'queued', kind: 'pair', udid: UDID },
    { jobId: 'c', type: 'failed', error },
  ]);
  assert.equal(failed.c?.state, 'failed');
  assert.deepEqual(failed.c?.error, error);
  const after = fold([{ jobId: 'c', type: 'progress', progress: { bytesDone: 1, filesDone: 0 } }, { jobId: 'c', type: 'done' }], failed);
  assert.equal(after, failed, 'the same state object: nothing changed');
  const cancelled = fold([{ jobId: 'd', type: 'queued', kind: 'backup' }, { jobId: 'd', type: 'cancelled' }]);
  assert.equal(cancelled.d?.state, 'cancelled');
});

test('a job first seen mid-way is running; a late queued event names it without going back', () => {
  let state = fold([{ jobId: 'e', type: 'prompt', prompt: 'trust', message: 'Tap Trust' }]);
  assert.deepEqual(state.e, { jobId: 'e', state: 'running', prompt: { prompt: 'trust', message: 'Tap Trust' } });
  state = fold([{ jobId: 'e', type: 'queued', kind: 'pair', udid: UDID }], state);
  assert.equal(state.e?.state, 'running');
  assert.equal(state.e?.kind, 'pair');
  assert.equal(state.e?.udid, UDID);
  assert.equal(state.e?.prompt?.prompt, 'trust');
});

test('the reducer never changes the state it was given', () => {
  const start = fold([{ jobId: 'f', type: 'queued', kind: 'pair', udid: UDID }]);
  const frozen = structuredClone(start);
  fold([{ jobId: 'f', type: 'prompt', prompt: 'trust', message: 'x' }, { jobId: 'g', type: 'queued', kind: 'backup' }], start);
  assert.deepEqual(start, frozen);
});

test('jobs:list catches up: state from the list, details from each job’s last event', () => {
  const list: JobInfo[] = [
    { jobId: 'p', kind: 'pair', udid: UDID, state: 'running', last: { jobId: 'p', type: 'prompt', prompt: 'trust', message: 'Tap Trust' } },
    { jobId: 'q', kind: 'backup', udid: OTHER, state: 'queued', last: { jobId: 'q', type: 'queued', kind: 'backup', udid: OTHER } },
    { jobId: 'r', kind: 'backup', udid: OTHER, state: 'failed', last: { jobId: 'r', type: 'failed', error: { code: 'DISK_FULL', message: 'Full' } } },
  ];
  const state = jobsFromList(list);
  assert.deepEqual(state.p, { jobId: 'p', kind: 'pair', udid: UDID, state: 'running', prompt: { prompt: 'trust', message: 'Tap Trust' } });
  assert.deepEqual(state.q, { jobId: 'q', kind: 'backup', udid: OTHER, state: 'queued' });
  assert.equal(state.r?.error?.code, 'DISK_FULL');
});

test('latestJob and activeJob pick the newest job of a device', () => {
  const state = fold([
    { jobId: 'old', type: 'queued', kind: 'pair', udid: UDID },
    { jobId: 'old', type: 'failed', error: { code: 'PAIRING_DENIED', message: 'Declined' } },
    { jobId: 'other', type: 'queued', kind: 'pair', udid: OTHER },
    { jobId: 'new', type: 'queued', kind: 'pair', udid: UDID },
    { jobId: 'backup', type: 'queued', kind: 'backup', udid: UDID },
    { jobId: 'backup', type: 'done' },
  ]);
  assert.equal(latestJob(state, UDID, 'pair')?.jobId, 'new');
  assert.equal(latestJob(state, UDID)?.jobId, 'backup');
  assert.equal(activeJob(state, UDID)?.jobId, 'new');
  assert.equal(activeJob(state, 'none'), undefined);
});

test('a finished job keeps what it reported, also when caught up from jobs:list', () => {
  const summary = { udid: UDID, path: '/b', encrypted: false, full: true, files: 12, bytes: 3400, durationMs: 5000 };
  const state = fold([
    { jobId: 'h', type: 'queued', kind: 'backup', udid: UDID },
    { jobId: 'h', type: 'progress', progress: { bytesDone: 3400, filesDone: 12, fraction: 1 } },
    { jobId: 'h', type: 'done', summary },
  ]);
  assert.deepEqual(state.h?.result, summary);
  assert.equal(state.h?.progress?.fraction, 1);
  const listed = jobsFromList([{ jobId: 'h', kind: 'backup', udid: UDID, state: 'done', last: { jobId: 'h', type: 'done', summary } }]);
  assert.deepEqual(listed.h?.result, summary);
  assert.equal(fold([{ jobId: 'i', type: 'queued', kind: 'pair' }, { jobId: 'i', type: 'done' }]).i?.result, undefined);
});

test('a verify or export names the device whose backup it reads, from its event and from jobs:list, without being that device’s job', () => {
  const state = fold([{ jobId: 'v', type: 'queued', kind: 'verify', backupOf: UDID }]);
  assert.deepEqual(state.v, { jobId: 'v', kind: 'verify', backupOf: UDID, state: 'queued' });
  assert.equal(activeJob(state, UDID), undefined, 'the device itself is not busy');
  const listed = jobsFromList([{ jobId: 'x', kind: 'export', backupOf: OTHER, state: 'running' }]);
  assert.equal(listed.x?.backupOf, OTHER);
});
