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

test('the rate is right within the first second of data, however long the device prepared before', () => {
  const { t, advance } = tracker();
  t.uploadBatch(100_000_000, 100);
  advance(8_000);
  for (let i = 0; i < 6; i += 1) {
    advance(100);
    t.addBytes(1_000_000);
  }
  const early = t.snapshot();
  assert.ok(Math.abs(early.bytesPerSecond! - 10_000_000) <= 2_000_000, `rate after 0.6 s of data ${early.bytesPerSecond}`);
  assert.ok(Math.abs(early.etaSeconds! - 9.4) <= 2, `eta ${early.etaSeconds}`);
});

test('the rate follows a change of speed within the window, and falls when the data stops', () => {
  const { t, advance } = tracker();
  for (let i = 0; i < 50; i += 1) {
    advance(100);
    t.addBytes(1_000_000);
  }
  assert.ok(Math.abs(t.snapshot().bytesPerSecond! - 10_000_000) <= 500_000);
  for (let i = 0; i < 60; i += 1) {
    advance(100);
    t.addBytes(200_000);
  }
  assert.ok(Math.abs(t.snapshot().bytesPerSecond! - 2_000_000) <= 300_000, `rate ${t.snapshot().bytesPerSecond}`);
  advance(10_000);
  assert.ok(t.snapshot().bytesPerSecond! < 1_000_000, `after 10 s without data ${t.snapshot().bytesPerSecond}`);
});

test('no rate and no ETA before there is data to measure', () => {
  const { t, advance } = tracker();
  t.uploadBatch(10_000_000, 50);
  advance(5_000);
  assert.equal(t.snapshot().bytesPerSecond, 0);
  t.addBytes(1_000);
  advance(50);
  assert.equal(t.snapshot().etaSeconds, undefined);
});
