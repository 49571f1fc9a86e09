/**
 * Load: eight devices backed up at once through one engine (the app's handlers, jobs and events), the
 * devices in their own process so they do not share the engine's event loop. Every backup completes,
 * verifies, and holds exactly its own device's files, byte for byte: no cross-talk between the jobs.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { BackupResult } from '../../shared/backup.ts';
import type { VerifyReport } from '../../shared/browse.ts';
import { backupId } from '../../electron/engine/library/backup-id.ts';
import { compareBackup, savedStore, spawnDeviceProcess } from '../helpers/device-process.ts';
import { scaled, tally } from '../helpers/reliability-tally.ts';
import { startLoadEngine } from './load-engine.ts';

const DEVICES = 8;
/** Extra content per device beyond its profile (about 6 MB): none in CI (generating it costs ~6 s), more under soak. */
const DATA_MB = scaled(0, 40);

test(`${DEVICES} devices backed up at once through one engine: all complete, verify, and match their own device`, { timeout: scaled(120_000, 900_000) }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cradle-load-8-'));
  const spawnStarted = Date.now();
  const devices = await spawnDeviceProcess({ dir, devices: DEVICES, dataMb: DATA_MB });
  const spawnMs = Date.now() - spawnStarted;
  const load = startLoadEngine(devices.address, path.join(dir, 'host'));
  let dataLost = 0;
  let made = 0;
  try {
    assert.equal(devices.udids.length, DEVICES);
    for (const udid of devices.udids) await load.job('devices:pair', { udid });

    const started = Date.now();
    const results = await Promise.all(devices.udids.map((udid) => load.job<BackupResult>('backup:start', { udid, full: true })));
    const wallMs = Date.now() - started;
    made = results.length;
    const backupDir = load.engine.backupFolder();
    assert.deepEqual(fs.readdirSync(backupDir).sort(), [...devices.udids].sort(), 'one folder per device, no staging left');

    const digests: Map<string, string>[] = [];
    for (const [index, udid] of devices.udids.entries()) {
      const result = results[index]!;
      assert.equal(result.udid, udid);
      assert.equal(result.path, path.join(backupDir, udid));
      const report = await load.job<VerifyReport>('library:verify', { id: backupId(result.path) });
      assert.deepEqual([report.errors, report.contentsChecked], [0, true], JSON.stringify(report.issues.slice(0, 5)));
      const comparison = compareBackup(result.path, savedStore(devices.stateDir, udid));
      dataLost += comparison.wrong.length + comparison.extra.length;
      assert.deepEqual(comparison.wrong, [], `${udid}: files missing or different`);
      assert.deepEqual(comparison.extra, [], `${udid}: files that are not this device's`);
      assert.ok(comparison.expected > 50, `${udid}: ${comparison.expected} files to compare`);
      assert.equal(comparison.matching, comparison.expected);
      digests.push(comparison.digests);
      console.log(`# ${udid}: ${result.files} files, ${(result.bytes / 1e6).toFixed(1)} MB, ${result.durationMs} ms`);
    }
    // The comparison proves no cross-talk only if the devices' contents differ: they do, file by file.
    for (let i = 1; i < digests.length; i++) {
      const differing = [...digests[i]!].filter(([key, digest]) => digests[0]!.get(key) !== digest).length;
      assert.ok(differing > 10, `device ${i} has content of its own (${differing} files differ from device 0)`);
    }
    const totalMb = results.reduce((sum, r) => sum + r.bytes, 0) / 1e6;
    console.log(`# devices started in ${spawnMs} ms; ${DEVICES} backups at once: ${wallMs} ms wall, ${totalMb.toFixed(1)} MB in total`);
  } finally {
    tally('load', `${DEVICES} devices backed up at once (+${DATA_MB} MB each), verified and compared`, { cases: made, dataLost });
    await load.close();
    await devices.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
