/**
 * Load: many backups in a row of one device through one engine (incremental, every tenth full), with the
 * host's memory, open file descriptors and active handles sampled after each. Nothing may grow with the
 * number of backups, and nothing may be left behind (staging folders, temporary files).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { BackupResult } from '../../shared/backup.ts';
import { compareBackup, savedStore, spawnDeviceProcess } from '../helpers/device-process.ts';
import { scaled, tally } from '../helpers/reliability-tally.ts';
import { startLoadEngine } from './load-engine.ts';

const BACKUPS = scaled(50, 100);
const DATA_MB = scaled(0, 60);
/** Backups before the first sample window: modules load, caches fill, the first full backup settles. */
const WARM_UP = 5;
const WINDOW = 8;
/**
 * Allowed growth between the first and the last window (after a forced GC). Measured: about 1 MB of heap
 * over 30 backups, nearly all of it optimised code. Anything kept per backup above ~100 KB (a Manifest.db,
 * a file list, a socket with its buffers) exceeds the heap margin over 40+ backups; a kept file buffer of the
 * soak's larger device exceeds the RSS one. Allocator noise stays well under both.
 */
const HEAP_MARGIN = 4 * 1024 * 1024;
const RSS_MARGIN = 48 * 1024 * 1024;

/** A garbage collection on demand, without --expose-gc on the command line. */
function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

interface Sample {
  rss: number;
  heap: number;
  fds: number;
  handles: number;
}

function sample(gc: () => void): Sample {
  gc();
  gc();
  const memory = process.memoryUsage();
  return { rss: memory.rss, heap: memory.heapUsed, fds: fs.readdirSync('/proc/self/fd').length, handles: process.getActiveResourcesInfo().length };
}

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
const max = (values: number[]): number => Math.max(...values);
const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

test(`${BACKUPS} backups in a row of one device: no growth of memory, descriptors or handles, nothing left behind`, { timeout: scaled(120_000, 900_000) }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cradle-load-repeat-'));
  const devices = await spawnDeviceProcess({ dir, devices: 1, dataMb: DATA_MB });
  const udid = devices.udids[0]!;
  // The engine's temporary files land here (os.tmpdir() reads TMPDIR): what is new at the end was left behind.
  const temp = path.join(dir, 'tmp');
  fs.mkdirSync(temp);
  const previousTmp = process.env.TMPDIR;
  process.env.TMPDIR = temp;
  const load = startLoadEngine(devices.address, path.join(dir, 'host'));
  const gc = collector();
  const samples: Sample[] = [];
  let made = 0;
  let dataLost = 0;
  try {
    await load.job('devices:pair', { udid });
    const backupDir = load.engine.backupFolder();
    let tempAfterWarmUp: string[] = [];
    const started = Date.now();
    for (let i = 0; i < BACKUPS; i++) {
      const result = await load.job<BackupResult>('backup:start', { udid, full: i % 10 === 0 });
      made++;
      assert.equal(result.full, i % 10 === 0, `backup ${i} is ${i % 10 === 0 ? 'full' : 'incremental'}`);
      assert.deepEqual(fs.readdirSync(backupDir), [udid], `backup ${i}: no staging folder or previous copy left`);
      samples.push(sample(gc));
      if (i === WARM_UP - 1) tempAfterWarmUp = fs.readdirSync(temp);
    }
    const wallMs = Date.now() - started;

    const comparison = compareBackup(path.join(backupDir, udid), savedStore(devices.stateDir, udid));
    dataLost += comparison.wrong.length + comparison.extra.length;
    assert.deepEqual([comparison.wrong, comparison.extra], [[], []], 'the last backup holds the device\'s files');
    assert.deepEqual(fs.readdirSync(temp), tempAfterWarmUp, 'no temporary files left behind');

    const first = samples.slice(WARM_UP, WARM_UP + WINDOW);
    const last = samples.slice(-WINDOW);
    const pick = (window: Sample[], key: keyof Sample) => window.map((s) => s[key]);
    console.log(`# ${BACKUPS} backups in ${wallMs} ms (${Math.round(wallMs / BACKUPS)} ms each)`);
    console.log(`# rss MB: ${samples.map((s) => mb(s.rss)).join(' ')}`);
    console.log(`# heap MB: ${samples.map((s) => mb(s.heap)).join(' ')}`);
    console.log(`# fds: ${samples.map((s) => s.fds).join(' ')}`);
    console.log(`# handles: ${samples.map((s) => s.handles).join(' ')}`);
    assert.ok(max(pick(last, 'fds')) <= max(pick(first, 'fds')), `open descriptors grew: ${pick(first, 'fds')} → ${pick(last, 'fds')}`);
    assert.ok(max(pick(last, 'handles')) <= max(pick(first, 'handles')), `active handles grew: ${pick(first, 'handles')} → ${pick(last, 'handles')}`);
    const heapGrowth = mean(pick(last, 'heap')) - mean(pick(first, 'heap'));
    const rssGrowth = mean(pick(last, 'rss')) - mean(pick(first, 'rss'));
    assert.ok(heapGrowth < HEAP_MARGIN, `heap grew by ${mb(heapGrowth)} MB over ${BACKUPS - WARM_UP} backups`);
    assert.ok(rssGrowth < RSS_MARGIN, `RSS grew by ${mb(rssGrowth)} MB over ${BACKUPS - WARM_UP} backups`);
  } finally {
    tally('load', `${BACKUPS} backups in a row of one device (+${DATA_MB} MB), RSS/fds/handles sampled`, { cases: made, dataLost });
    await load.close();
    if (previousTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmp;
    await devices.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
