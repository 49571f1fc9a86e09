/**
 * Fault matrix: two backups of one device at once. Two `cradle` processes (separate engines, so only the
 * device's sync lock can keep them apart), the second started at several points of the first: the second
 * waits its turn, their writing never overlaps, and the backup left is whole; while another app holds the
 * lock too long, the backup is refused with BUSY and words that say what to do. Two jobs in one engine: the second is queued and runs after the first.
 * Before this test, the second process wiped the staging folder the first was writing (INTERNAL errors,
 * both backups failed).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { startBackup } from '../../electron/engine/api/backup-handlers.ts';
import { createEngine } from '../../electron/engine/api/handlers.ts';
import { openBackupConnection } from '../../electron/engine/backup/connection.ts';
import { acquireSyncLock } from '../../electron/engine/backup/sync-lock.ts';
import { parseUsbmuxAddress } from '../../electron/engine/usbmux/address.ts';
import { UsbmuxClient } from '../../electron/engine/usbmux/client.ts';
import type { JobEvent } from '../../shared/jobs.ts';
import { fingerprint } from '../helpers/fingerprint.ts';
import { peerToolsMissing, startFixture } from '../helpers/fixture.ts';
import { scaled, tally } from '../helpers/reliability-tally.ts';
import type { DeviceState } from '../virtual-device/device.ts';
import { pairAll } from '../integration/idevicebackup2.ts';
import { atPhase, atShare, cliError, damageOf, incompleteness, once, peerRestoreProblems, startCradle, type Ended, type FaultPoint } from './fault-kit.ts';

/** When the second process starts, against the first's events (undefined: both at once). */
const SECOND_AT: (FaultPoint | undefined)[] = [undefined, atShare(0.5), ...(scaled(0, 1) ? [atPhase('connecting'), atPhase('backing up'), atShare(0.1), atShare(0.9), atPhase('saving')] : [])];

/** One CLI run with the arrival time of each of its events. */
interface Timed {
  ended: Promise<Ended>;
  seen: Map<string, number>;
}

function timedBackup(address: string, udid: string, dir: string, onEvent?: (event: JobEvent) => void): Timed {
  const seen = new Map<string, number>();
  const { ended } = startCradle(address, ['backup', udid, '--dir', dir, '--full', '--json'], (event) => {
    const key = event.type === 'phase' ? event.phase : event.type;
    if (!seen.has(key)) seen.set(key, performance.now());
    onEvent?.(event);
  });
  return { ended, seen };
}

test('two cradle processes back up one device: one waits or is refused clearly, never both writing', { skip: peerToolsMissing, timeout: 300_000 }, async () => {
  const fixture = await startFixture({ devices: 2, dataMb: 4 });
  const [a, b] = fixture.server.devices as [DeviceState, DeviceState];
  const dir = path.join(fixture.dir, 'backups');
  const { address } = fixture.server;
  try {
    await pairAll(fixture.server);
    assert.equal((await startCradle(address, ['backup', a.udid, '--dir', dir, '--json']).ended).code, 0);

    const damage: string[] = [];
    const outcomes: string[] = [];
    let cases = 0;
    const race = async (name: string, second: Promise<Timed>, first: Timed) => {
      const other = await second;
      const ends = await Promise.all([first.ended, other.ended]);
      const results = ends.map((ended) => (ended.code === 0 ? 'done' : cliError(ended)?.code ?? `exit ${ended.code}`));
      outcomes.push(`${name}: ${results.join(' + ')}`);
      assert.ok(results.includes('done'), `${name}: one of the two backups succeeds (${results.join(', ')})`);
      for (const [index, ended] of ends.entries()) {
        if (ended.code === 0) continue;
        const error = cliError(ended);
        assert.equal(error?.code, 'BUSY', `${name}: the refused one says the device is busy, not ${ended.stderr}`);
        assert.match(error.message, /Wait for it to finish/, `run ${index + 1}: says what to do`);
      }
      // The sync lock is taken before "backing up" and released after "saving": the windows never overlap.
      const writers = [first.seen, other.seen].filter((seen) => seen.has('backing up')).sort((x, y) => x.get('backing up')! - y.get('backing up')!);
      const [early, late] = writers;
      if (early?.has('saving') && late) assert.ok(late.get('backing up')! > early.get('saving')!, `${name}: the second writer began after the first saved`);
      damage.push(...(await incompleteness(address, dir, a.udid, fixture.server.stateDir)).map((problem) => `${name}: ${problem}`));
      cases += 1;
    };

    for (const point of SECOND_AT) {
      let started: (timed: Timed) => void = () => {};
      const second = new Promise<Timed>((resolve) => (started = resolve));
      const launch = once(point ?? atPhase('queued'), () => started(timedBackup(address, a.udid, dir)));
      const first = timedBackup(address, a.udid, dir, launch.onEvent);
      if (!point) launch.onEvent({ jobId: '', type: 'phase', phase: 'queued' });
      await race(point ? `second started ${point.name} of the first` : 'both at once', second, first);
    }

    // Another app holds the device's sync lock (as Finder does while it syncs) for longer than Cradle
    // waits (about 10 s): refused with BUSY, nothing touched; once released, the backup runs.
    const usbmux = new UsbmuxClient(parseUsbmuxAddress(address));
    const other = await openBackupConnection(usbmux, (await usbmux.listDevices()).find((device) => device.udid === a.udid)!);
    const release = await acquireSyncLock(other.np, other.afc);
    const before = fingerprint(path.join(dir, a.udid));
    const refused = await startCradle(address, ['backup', a.udid, '--dir', dir, '--full', '--json']).ended;
    await release();
    await other.close();
    assert.equal(cliError(refused)?.code, 'BUSY', refused.stderr);
    assert.match(cliError(refused)!.message, /Wait for it to finish/);
    damage.push(...damageOf(dir, a.udid, before).map((problem) => `refused while locked: ${problem}`));
    cases += 1;
    assert.equal((await startCradle(address, ['backup', a.udid, '--dir', dir, '--json']).ended).code, 0, 'the backup runs once the lock is free');

    fixture.server.setFindMy(b.udid, false);
    damage.push(...(await peerRestoreProblems(address, b.udid, a.udid, dir)));
    tally('faults', 'two cradle processes on one device', { cases, faults: cases, dataLost: damage.length });
    assert.deepEqual(damage, [], outcomes.join('\n'));
  } finally {
    await fixture.close();
  }
});

test('two backup jobs of one device in one engine: the second is queued and runs after the first', { skip: peerToolsMissing, timeout: 120_000 }, async () => {
  const fixture = await startFixture({ devices: 1, dataMb: 4 });
  const [a] = fixture.server.devices as [DeviceState];
  const dir = path.join(fixture.dir, 'backups');
  process.env.USBMUXD_SOCKET_ADDRESS = fixture.server.address;
  const engine = createEngine({ backupFolder: dir });
  const order: string[] = [];
  const unsubscribe = engine.events.subscribe((channel, payload) => {
    const event = payload as JobEvent;
    if (channel === 'jobs:event' && event.type !== 'progress') order.push(`${event.jobId}:${event.type === 'phase' ? event.phase : event.type}`);
  });
  try {
    await pairAll(fixture.server);
    const rounds = scaled(2, 10);
    let damage: string[] = [];
    for (let round = 0; round < rounds; round += 1) {
      order.length = 0;
      const one = await startBackup(engine, a.udid, { folder: dir, full: true });
      const two = await startBackup(engine, a.udid, { folder: dir, full: round % 2 === 0 });
      assert.deepEqual(engine.jobs.list().filter((job) => job.jobId === two.jobId).map((job) => job.state), ['queued'], 'the second waits its turn');
      await Promise.all([one.result, two.result]);
      const firstDone = order.indexOf(`${one.jobId}:done`);
      const secondWork = order.indexOf(`${two.jobId}:connecting`);
      assert.ok(order.indexOf(`${two.jobId}:queued`) >= 0 && firstDone >= 0 && secondWork > firstDone, `the second started after the first ended:\n${order.join('\n')}`);
      damage = damage.concat(await incompleteness(fixture.server.address, dir, a.udid, fixture.server.stateDir));
    }
    tally('faults', 'two backup jobs of one device in one engine', { cases: rounds, faults: rounds, dataLost: damage.length });
    assert.deepEqual(damage, []);
  } finally {
    unsubscribe();
    await engine.close();
    await fixture.close();
  }
});
