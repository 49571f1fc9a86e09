/**
 * Load: a device with very many files (200,000 under soak, fewer in CI). The backup completes with the
 * engine's memory bounded, holds every file byte for byte, verifies, and the library opens, lists and
 * searches it as the browser does.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { BackupResult } from '../../shared/backup.ts';
import type { DomainItem, OpenedBackup, Page, TreeItem, VerifyReport } from '../../shared/browse.ts';
import { backupId } from '../../electron/engine/library/backup-id.ts';
import { compareBackup, savedStore, spawnDeviceProcess, type SavedStore } from '../helpers/device-process.ts';
import { scaled, tally } from '../helpers/reliability-tally.ts';
import { startLoadEngine, type LoadEngine } from './load-engine.ts';

const FILES = scaled(10_000, 200_000);
/**
 * Peak anonymous RSS above the engine's resting size. A backup streams: files are written as they arrive
 * and nothing is kept per file, so its allowance does not grow with the file count (measured: +88 MB at
 * 10,000 files and +91 MB at 200,000, the same peak: read-ahead and write batches, not per-file state).
 */
const BACKUP_ALLOWANCE = 128 * 1024 * 1024;
/**
 * Reading holds the backup's file list (about 280 bytes an entry, live) and leaves garbage between
 * collections (Manifest.db is mapped, not counted: page cache): a fixed allowance plus 5 KiB a file.
 */
const READ_ALLOWANCE = 96 * 1024 * 1024 + FILES * 5 * 1024;

/** Anonymous resident memory of this process (heap, buffers, malloc): what it holds, not file pages it maps. */
function anonymousRss(): number {
  const match = /RssAnon:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return Number(match?.[1] ?? 0) * 1024;
}

/**
 * Runs `work` while sampling anonymous RSS every 20 ms; resolves with its result and the peak seen. Mapped
 * Manifest.db pages are left out on purpose: they are the kernel's page cache, dropped under pressure.
 */
async function peakDuring<T>(work: () => Promise<T>): Promise<{ value: T; peak: number }> {
  let peak = anonymousRss();
  const timer = setInterval(() => (peak = Math.max(peak, anonymousRss())), 20);
  try {
    const value = await work();
    return { value, peak: Math.max(peak, anonymousRss()) };
  } finally {
    clearInterval(timer);
  }
}

/** Opens the backup, lists a folder of the bulk files and searches them, checking against the device's store. */
async function browseLikeTheApp(load: LoadEngine, id: string, store: SavedStore, expected: number): Promise<void> {
  const opened = await load.call<OpenedBackup>('browse:open', { id });
  assert.ok(opened.entries >= expected, `${opened.entries} entries listed`);
  const domains = await load.call<DomainItem[]>('browse:domains', { id });
  // The bulk files live in app domains under Library/Application Support/Storage/<xx>/: list one bucket.
  const sample = store.entries.find((e) => e.kind === 'file' && /\/Storage\/[0-9a-f]{2}\/[0-9a-f]{16}\.blob$/.test(e.relativePath))!;
  assert.ok(domains.some((d) => d.domain === sample.domain && d.entries > FILES / 20), 'the bulk domain is listed with its entries');
  const folder = sample.relativePath.slice(0, sample.relativePath.lastIndexOf('/'));
  const inFolder = store.entries.filter((e) => e.domain === sample.domain && e.relativePath.startsWith(`${folder}/`) && !e.relativePath.slice(folder.length + 1).includes('/'));
  const page = await load.call<Page<TreeItem>>('browse:list', { id, domain: sample.domain, relativePath: folder, limit: 2000 });
  assert.equal(page.total, inFolder.length, `${folder} lists what the device has there`);
  assert.deepEqual(page.items.map((item) => item.name).sort(), inFolder.map((e) => path.posix.basename(e.relativePath)).sort());
  const name = path.posix.basename(sample.relativePath);
  const found = await load.call<Page<TreeItem>>('browse:search', { id, query: name });
  assert.equal(found.total, 1);
  assert.deepEqual([found.items[0]!.domain, found.items[0]!.relativePath, found.items[0]!.size], [sample.domain, sample.relativePath, sample.size]);
  assert.equal(found.items[0]!.fileID, createHash('sha1').update(`${sample.domain}-${sample.relativePath}`).digest('hex'));
  const everyBlob = await load.call<Page<TreeItem>>('browse:search', { id, query: '.blob' });
  assert.equal(everyBlob.total, store.entries.filter((e) => e.kind === 'file' && path.posix.basename(e.relativePath).includes('.blob')).length);
}

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

test(`a ${FILES}-file device: backup with bounded memory, verified, then opened, listed and searched`, { timeout: scaled(240_000, 1_800_000) }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cradle-load-files-'));
  const spawnStarted = Date.now();
  const devices = await spawnDeviceProcess({ dir, devices: 1, files: FILES, readyTimeoutMs: scaled(120_000, 900_000) });
  const spawnMs = Date.now() - spawnStarted;
  const udid = devices.udids[0]!;
  const load = startLoadEngine(devices.address, path.join(dir, 'host'));
  let made = 0;
  let dataLost = 0;
  try {
    await load.job('devices:pair', { udid });
    const resting = anonymousRss();
    const backupStarted = Date.now();
    const { value: result, peak: backupPeak } = await peakDuring(() => load.job<BackupResult>('backup:start', { udid }));
    const backupMs = Date.now() - backupStarted;
    made++;
    assert.ok(result.receivedFiles >= FILES, `${result.receivedFiles} files received`);

    const store = savedStore(devices.stateDir, udid);
    const compareStarted = Date.now();
    const comparison = compareBackup(result.path, store);
    const compareMs = Date.now() - compareStarted;
    dataLost += comparison.wrong.length + comparison.extra.length;
    assert.deepEqual([comparison.wrong.slice(0, 10), comparison.extra.slice(0, 10)], [[], []], 'every file, byte for byte, and nothing else');
    assert.equal(comparison.matching, comparison.expected);

    const id = backupId(result.path);
    const browseStarted = Date.now();
    const { peak: browsePeak } = await peakDuring(() => browseLikeTheApp(load, id, store, comparison.expected));
    const browseMs = Date.now() - browseStarted;

    const verifyStarted = Date.now();
    const { value: report, peak: verifyPeak } = await peakDuring(() => load.job<VerifyReport>('library:verify', { id }));
    const verifyMs = Date.now() - verifyStarted;
    assert.deepEqual([report.errors, report.contentsChecked, report.files >= comparison.expected], [0, true, true], JSON.stringify(report.issues.slice(0, 5)));

    console.log(`# ${FILES} files: device start ${spawnMs} ms, backup ${backupMs} ms (${result.files} files, ${mb(result.bytes)} MB), `
      + `compare ${compareMs} ms, open+list+search ${browseMs} ms, verify ${verifyMs} ms`);
    console.log(`# anonymous RSS resting ${mb(resting)} MB; peak during backup ${mb(backupPeak)} MB, browsing ${mb(browsePeak)} MB, verify ${mb(verifyPeak)} MB; `
      + `allowed ${mb(resting + BACKUP_ALLOWANCE)} / ${mb(resting + READ_ALLOWANCE)} MB`);
    assert.ok(backupPeak < resting + BACKUP_ALLOWANCE, `backup peak anonymous RSS ${mb(backupPeak)} MB`);
    assert.ok(browsePeak < resting + READ_ALLOWANCE, `browsing peak anonymous RSS ${mb(browsePeak)} MB`);
    assert.ok(verifyPeak < resting + READ_ALLOWANCE, `verify peak anonymous RSS ${mb(verifyPeak)} MB`);
  } finally {
    tally('load', `a ${FILES}-file device backed up, compared, verified, browsed`, { cases: made, dataLost });
    await load.close();
    await devices.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
