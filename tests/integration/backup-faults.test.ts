/**
 * Interrupted backups never damage the previous one: the cable pulled at several points of a transfer,
 * an unplug and a cancel mid-transfer. Afterwards the previous backup is byte-identical, idevicebackup2
 * still restores it, and the next backup succeeds.
 */
import assert from 'node:assert/strict';
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
import type { DeviceState } from '../virtual-device/device.ts';
import { doneSummary, runCradle } from './cradle-cli.ts';
import { pairAll, runOk } from './idevicebackup2.ts';
import { fingerprint } from '../helpers/fingerprint.ts';
import { startFixture } from '../helpers/fixture.ts';
import { tally } from '../helpers/reliability-tally.ts';

test('the cable pulled at several points of a backup leaves the previous backup intact and restorable', async () => {
  const fixture = await startFixture({ devices: 2, dataMb: 30 });
  const [a, b] = fixture.server.devices as [DeviceState, DeviceState];
  const dir = path.join(fixture.dir, 'backups');
  try {
    await pairAll(fixture.server);
    const first = await runCradle(fixture.server, ['backup', a.udid, '--dir', dir, '--json']);
    assert.equal(first.code, 0, first.stderr);
    const good = fingerprint(path.join(dir, a.udid));
    a.store.writeFile('HomeDomain', 'Library/Notes/after-first-backup.txt', Buffer.from('new data'));
    a.store.save();

    const failures: string[] = [];
    for (const bytes of [3_000, 60_000, 2_000_000, 12_000_000, 25_000_000]) {
      fixture.server.failAfterBytes(a.udid, bytes);
      const cut = await runCradle(fixture.server, ['backup', a.udid, '--dir', dir, '--full', '--json']);
      fixture.server.failAfterBytes(a.udid, null);
      assert.notEqual(cut.code, 0, `a cut after ${bytes} bytes must fail the backup`);
      const failed = cut.stdout.trim().split('\n').map((line) => JSON.parse(line)).find((e) => e.type === 'failed');
      failures.push(failed?.error.code ?? cut.stderr);
      assert.deepEqual(fingerprint(path.join(dir, a.udid)), good, `previous backup changed after a cut at ${bytes} bytes`);
      assert.deepEqual(fs.readdirSync(dir), [a.udid], 'nothing left behind');
      fixture.server.replug(a.udid);
    }
    assert.ok(failures.every((code) => code === 'DEVICE_DISCONNECTED'), failures.join(', '));
    tally('faults', 'cable pulled (all tunnels cut after N bytes) mid-backup', { cases: failures.length, faults: failures.length });

    fixture.server.setFindMy(b.udid, false);
    assert.match(await runOk(fixture.server, 'idevicebackup2', ['-u', b.udid, '-s', a.udid, 'restore', '--system', dir]), /Restore Successful/);

    const next = await runCradle(fixture.server, ['backup', a.udid, '--dir', dir, '--json']);
    assert.equal(next.code, 0, next.stderr);
    assert.equal(doneSummary(next.stdout).full, false);
  } finally {
    await fixture.close();
  }
});

test('an unplug or a cancel in the middle of the transfer: clear error, previous backup intact', async () => {
  const fixture = await startFixture({ devices: 1, dataMb: 30, throttleMbps: 40 });
  const [a] = fixture.server.devices as [DeviceState];
  const dir = path.join(fixture.dir, 'backups');
  const usbmux = new UsbmuxClient(parseUsbmuxAddress(fixture.server.address));
  const events = new EventHub();
  const jobs = new JobManager(events);
  try {
    await pairAll(fixture.server);
    const device = (await usbmux.listDevices())[0]!;
    await jobs.start('backup', a.udid, (job) => runBackup({ usbmux, device, folder: dir }, job)).result;
    const good = fingerprint(path.join(dir, a.udid));

    for (const fault of ['unplug', 'cancel'] as const) {
      const current = (await usbmux.listDevices())[0]!;
      let started = false;
      const { jobId, result } = jobs.start('backup', a.udid, (job) => runBackup({ usbmux, device: current, folder: dir, full: true }, job));
      const unsubscribe = events.subscribe((_channel, payload) => {
        const event = payload as JobEvent;
        if (started || event.jobId !== jobId || event.type !== 'progress' || event.progress.bytesDone < 1_000_000) return;
        started = true;
        if (fault === 'unplug') fixture.server.unplug(a.udid);
        else jobs.cancel(jobId);
      });
      await assert.rejects(result, (error: unknown) => error instanceof CradleError && error.code === (fault === 'unplug' ? 'DEVICE_DISCONNECTED' : 'CANCELLED'));
      unsubscribe();
      assert.ok(started, `${fault} happened during the transfer`);
      assert.deepEqual(fingerprint(path.join(dir, a.udid)), good, `previous backup changed after ${fault}`);
      if (fault === 'unplug') fixture.server.replug(a.udid);
    }
  } finally {
    await jobs.close();
    await fixture.close();
  }
});
