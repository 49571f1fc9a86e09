/**
 * A full disk never costs the previous backup: the device refusing for lack of space (105) and the disk
 * filling up in the middle of a transfer (ENOSPC) both fail with DISK_FULL, leave the previous backup
 * byte-identical, and the next backup succeeds once there is room. Runs on a small tmpfs (needs root).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { EventHub } from '../../electron/engine/api/events.ts';
import { runBackup } from '../../electron/engine/backup/backup.ts';
import { JobManager } from '../../electron/engine/jobs/job-manager.ts';
import { parseUsbmuxAddress } from '../../electron/engine/usbmux/address.ts';
import { UsbmuxClient } from '../../electron/engine/usbmux/client.ts';
import { CradleError } from '../../shared/errors.ts';
import type { JobEvent } from '../../shared/jobs.ts';
import { fingerprint } from '../helpers/fingerprint.ts';
import { peerToolsMissing, startFixture } from '../helpers/fixture.ts';
import { mountTmpfs, unmount } from '../helpers/mounts.ts';
import { pairAll } from './idevicebackup2.ts';

test('a disk that fills up mid-backup, or too little space from the start: DISK_FULL, previous backup intact', { skip: peerToolsMissing }, async (t) => {
  const fixture = await startFixture({ devices: 1, dataMb: 20, throttleMbps: 20 });
  const disk = path.join(fixture.dir, 'small-disk');
  const skipped = mountTmpfs(disk, 200);
  const usbmux = new UsbmuxClient(parseUsbmuxAddress(fixture.server.address));
  const events = new EventHub();
  const jobs = new JobManager(events);
  const udid = fixture.server.devices[0]!.udid;
  const folder = path.join(disk, 'backups');
  const filler = path.join(disk, 'filler.bin');
  try {
    if (skipped) {
      // Counted as skipped, not passed (in CI mountTmpfs fails instead).
      t.skip(skipped);
      return;
    }
    await pairAll(fixture.server);
    const device = (await usbmux.listDevices())[0]!;
    const backup = (full: boolean) => jobs.start('backup', udid, (job) => runBackup({ usbmux, device, folder, full }, job));
    await backup(false).result;
    const good = fingerprint(path.join(folder, udid));

    // The disk fills up while the device is sending: the next write fails with ENOSPC.
    const started = backup(true);
    let filled = false;
    const unsubscribe = events.subscribe((_channel, payload) => {
      const event = payload as JobEvent;
      if (filled || event.jobId !== started.jobId || event.type !== 'progress' || event.progress.bytesDone < 2_000_000) return;
      filled = true;
      spawnSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=1M', 'count=400'], { stdio: 'ignore' });
    });
    await assert.rejects(started.result, (error: unknown) => error instanceof CradleError && error.code === 'DISK_FULL' && /previous backup is untouched/.test(error.message));
    unsubscribe();
    assert.ok(filled, 'the disk filled during the transfer');
    assert.deepEqual(fingerprint(path.join(folder, udid)), good, 'previous backup unchanged after ENOSPC');
    assert.deepEqual(fs.readdirSync(folder), [udid], 'no staging left behind');

    // Still full: the device sees too little free space and refuses before sending (105).
    await assert.rejects(backup(true).result, (error: unknown) => error instanceof CradleError && error.code === 'DISK_FULL');
    assert.deepEqual(fingerprint(path.join(folder, udid)), good, 'previous backup unchanged after 105');

    fs.rmSync(filler);
    await backup(true).result;
    assert.notDeepEqual(fingerprint(path.join(folder, udid)), good, 'a new backup replaced the old one');
  } finally {
    await jobs.close();
    unmount(disk);
    await fixture.close();
  }
});
