/**
 * Fault matrix: a backup cancelled at several points, through the engine's job API (what the app's Cancel
 * button does) and by Ctrl+C (SIGINT) to `cradle backup`. Each time: CANCELLED (exit 7 for the CLI) with
 * words that say the previous backup is untouched, and it is, byte for byte, with nothing left beside it;
 * a cancel that lands after the swap leaves the new backup whole instead. A job cancelled while queued
 * never runs. Afterwards the backup verifies, idevicebackup2 restores it, and the next backup is complete.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { startBackup } from '../../electron/engine/api/backup-handlers.ts';
import { createEngine } from '../../electron/engine/api/handlers.ts';
import { CradleError } from '../../shared/errors.ts';
import { fingerprint } from '../helpers/fingerprint.ts';
import { peerToolsMissing, startFixture } from '../helpers/fixture.ts';
import { scaled, tally } from '../helpers/reliability-tally.ts';
import type { DeviceState } from '../virtual-device/device.ts';
import { pairAll } from '../integration/idevicebackup2.ts';
import { atPhase, atShare, cliError, damageOf, engineBackupWithFault, incompleteness, once, peerRestoreProblems, startCradle, verifyProblems, type FaultPoint } from './fault-kit.ts';

const POINTS: FaultPoint[] = [
  atPhase('connecting'),
  atPhase('backing up'),
  ...(scaled(0, 1) ? [0.01, 0.05, 0.25, 0.5, 0.75, 0.9, 0.99] : [0.05, 0.5, 0.9]).map(atShare),
  atPhase('saving'),
];

/** Ctrl+C costs a process start each: fewer points in CI. */
const CLI_POINTS: FaultPoint[] = scaled(0, 1) ? POINTS : [atPhase('backing up'), atShare(0.5), atPhase('saving')];

test('backups cancelled at several points, by the engine and by Ctrl+C: previous backup intact, next backup complete', { skip: peerToolsMissing, timeout: 300_000 }, async () => {
  const fixture = await startFixture({ devices: 2, dataMb: 4 });
  const [a, b] = fixture.server.devices as [DeviceState, DeviceState];
  const dir = path.join(fixture.dir, 'backups');
  const { address } = fixture.server;
  process.env.USBMUXD_SOCKET_ADDRESS = address;
  const engine = createEngine({ backupFolder: dir });
  const damage: string[] = [];
  let cases = 0;
  let faults = 0;
  /** After a cancel: CANCELLED and the previous backup untouched, or (a cancel too late) a whole new backup. */
  const check = async (name: string, code: string | undefined, message: string | undefined, good: Map<string, string>) => {
    cases += 1;
    if (code === undefined) {
      assert.match(name, /saving/, `${name}: only a cancel during the swap may come too late`);
      damage.push(...(await incompleteness(address, dir, a.udid, fixture.server.stateDir)).map((problem) => `${name}: ${problem}`));
      return fingerprint(path.join(dir, a.udid));
    }
    assert.equal(code, 'CANCELLED', `${name}: ${message}`);
    damage.push(...damageOf(dir, a.udid, good).map((problem) => `${name}: ${problem}`));
    return good;
  };
  try {
    await pairAll(fixture.server);
    await (await startBackup(engine, a.udid, { folder: dir })).result;
    let good = fingerprint(path.join(dir, a.udid));

    for (const point of POINTS) {
      const { error, fired } = await engineBackupWithFault(engine, a.udid, dir, point, (jobId) => engine.jobs.cancel(jobId));
      assert.ok(fired, `the job was cancelled ${point.name}`);
      faults += 1;
      if (error !== undefined) assert.ok(error instanceof CradleError && /untouched|Cancelled/.test(error.message), String(error));
      good = await check(`engine cancel ${point.name}`, error instanceof CradleError ? error.code : error === undefined ? undefined : 'INTERNAL', (error as Error | undefined)?.message, good);
    }

    // A job cancelled while it waits behind another never touches the device or the folder.
    const running = await startBackup(engine, a.udid, { folder: dir, full: true });
    const queued = await startBackup(engine, a.udid, { folder: dir, full: true });
    engine.jobs.cancel(queued.jobId);
    await assert.rejects(queued.result, (error: unknown) => error instanceof CradleError && error.code === 'CANCELLED');
    await running.result;
    faults += 1;
    cases += 1;
    damage.push(...(await incompleteness(address, dir, a.udid, fixture.server.stateDir)).map((problem) => `cancel while queued: ${problem}`));
    good = fingerprint(path.join(dir, a.udid));

    for (const point of CLI_POINTS) {
      const run = startCradle(address, ['backup', a.udid, '--dir', dir, '--full', '--json'], (event) => interrupt.onEvent(event));
      const interrupt = once(point, () => run.child.kill('SIGINT'));
      const ended = await run.ended;
      assert.ok(interrupt.fired(), `Ctrl+C ${point.name}`);
      faults += 1;
      const error = cliError(ended);
      if (ended.code !== 0) assert.equal(ended.code, 7, `${point.name}: exit 7 (cancelled): ${ended.stderr}`);
      good = await check(`Ctrl+C ${point.name}`, ended.code === 0 ? undefined : error?.code, error?.message, good);
    }

    damage.push(...(await verifyProblems(address, path.join(dir, a.udid))));
    fixture.server.setFindMy(b.udid, false);
    damage.push(...(await peerRestoreProblems(address, b.udid, a.udid, dir)));
    tally('faults', 'backup cancelled (engine job cancel, Ctrl+C to the CLI, cancel while queued)', { cases, faults, dataLost: damage.length });
    assert.deepEqual(damage, [], 'nothing damaged by a cancel');

    await (await startBackup(engine, a.udid, { folder: dir })).result;
    assert.deepEqual(await incompleteness(address, dir, a.udid, fixture.server.stateDir), [], 'the next backup is complete');
  } finally {
    await engine.close();
    await fixture.close();
  }
});
