import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JobProgress } from '../../../shared/jobs.ts';
import { ProgressTracker } from './progress.ts';

function tracker() {
  let now = 0;
  const emitted: JobProgress[] = [];
  const t = new ProgressTracker((p) => emitted.push(p), () => now);
  return { t, emitted, advance: (ms: number) => (now += ms) };
}

test('a tiny first upload at "1 %" does not lock the fraction near the end', () => {
  const { t, advance } = tracker();
  t.uploadBatch(190, 1);
  t.addBytes(190);
  t.uploadBatch(10_000_000, 12);
  for (let i = 0; i < 10; i += 1) {
    advance(300);
    t.addBytes(1_000_000);
  }
  const p = t.snapshot();
  assert.ok(p.fraction! > 0.1 && p.fraction! < 0.15, `fraction ${p.fraction}`);
  assert.ok(p.bytesTotal! > 70_000_000 && p.bytesTotal! < 100_000_000, `total ${p.bytesTotal}`);
});

test('the fraction never goes back on small estimate changes, but a badly wrong one is corrected', () => {
  const { t } = tracker();
  t.uploadBatch(50_000_000, 50);
  t.addBytes(50_000_000);
  assert.equal(t.snapshot().fraction, 0.5);
  t.uploadBatch(1_000_000, 49);
  assert.equal(t.snapshot().fraction, 0.5, 'held');
  t.uploadBatch(1_000_000, 10);
  assert.ok(t.snapshot().fraction! < 0.4, 'corrected');
});

test('rate and ETA come from bytes over time; the end is 1', () => {
  const { t, advance } = tracker();
  t.uploadBatch(40_000_000, 40);
  for (let i = 0; i < 20; i += 1) {
    advance(500);
    t.addBytes(2_000_000);
  }
  const p = t.snapshot();
  assert.ok(Math.abs(p.bytesPerSecond! - 4_000_000) < 200_000, `rate ${p.bytesPerSecond}`);
  assert.ok(Math.abs(p.etaSeconds! - 15) <= 1, `eta ${p.etaSeconds}`);
  t.finish();
  assert.equal(t.snapshot().fraction, 1);
});

test('events are throttled to about ten a second', () => {
  const { t, emitted, advance } = tracker();
  for (let i = 0; i < 1000; i += 1) {
    advance(1);
    t.addBytes(100);
  }
  assert.ok(emitted.length <= 11 && emitted.length >= 9, `${emitted.length} events in one second`);
});
