/**
 * Fault matrix: the target device powered off (unplugged) at several points of a `cradle restore`. Each
 * time the restore fails with a clear error that says what to do, and the backup used as the source is
 * byte-identical (a restore only reads it). The device comes back, idevicebackup2 restores the same backup,
 * and a new `cradle restore` succeeds with every file of the backup on the device.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { compareBackup } from '../helpers/device-process.ts';
import { fingerprint } from '../helpers/fingerprint.ts';
import { peerToolsMissing, startFixture } from '../helpers/fixture.ts';
import { scaled, tally } from '../helpers/reliability-tally.ts';
import type { DeviceState } from '../virtual-device/device.ts';
import { pairAll } from '../integration/idevicebackup2.ts';
import { atPhase, atShare, cliError, damageOf, DEVICE_GONE_CODES, once, peerRestoreProblems, startCradle, verifyProblems, type FaultPoint } from './fault-kit.ts';

/** Unplugged when the restore's events reach these points. */
const POINTS: FaultPoint[] = [atPhase('checking'), atPhase('connecting'), atPhase('restoring'), ...(scaled(0, 1) ? [0.01, 0.05, 0.25, 0.5] : [0.05, 0.5]).map(atShare)];

/**
 * Late in the transfer the events trail the device (the host's 100% can arrive before an unplug lands),
 * so there the cable is cut by bytes: after this share of the backup's bytes once "restoring" begins.
 */
const CUT_SHARES = scaled(0, 1) ? [0.6, 0.75, 0.9, 0.95, 0.99] : [0.75, 0.95];

/** Bytes of every file of a backup folder. */
function folderBytes(folder: string): number {
  return fs.readdirSync(folder, { withFileTypes: true, recursive: true }).reduce((sum, entry) => sum + (entry.isFile() ? fs.statSync(path.join(entry.parentPath, entry.name)).size : 0), 0);
}

test('the target powered off at several points of a restore: clear error, source backup untouched, a new restore succeeds', { skip: peerToolsMissing, timeout: 300_000 }, async () => {
  const fixture = await startFixture({ devices: 2, dataMb: 4 });
  const [a, b] = fixture.server.devices as [DeviceState, DeviceState];
  const dir = path.join(fixture.dir, 'backups');
  const { address } = fixture.server;
  const restore = (onEvent?: Parameters<typeof startCradle>[2]) =>
    startCradle(address, ['restore', b.udid, '--from', a.udid, '--dir', dir, '--settings', '--system', '--no-reboot', '--yes', '--json'], onEvent);
  try {
    await pairAll(fixture.server);
    assert.equal((await startCradle(address, ['backup', a.udid, '--dir', dir, '--json']).ended).code, 0);
    const source = fingerprint(path.join(dir, a.udid));
    fixture.server.setFindMy(b.udid, false);
    // At full speed the restore's progress events (about ten a second) can trail the whole transfer: the
    // target's link is slowed so "at 50 %" lands in the middle of it.
    fixture.server.setThrottle(b.udid, 4);
    const damage: string[] = [];
    let faults = 0;

    const bytes = folderBytes(path.join(dir, a.udid));
    const faultsToRun = [
      ...POINTS.map((point) => ({ name: point.name, powerOff: once(point, () => fixture.server.unplug(b.udid)) })),
      ...CUT_SHARES.map((share) => ({
        name: `after ${Math.round(share * 100)}% of the backup's bytes`,
        powerOff: once(atPhase('restoring'), () => fixture.server.failAfterBytes(b.udid, Math.round(share * bytes))),
      })),
    ];
    for (const { name, powerOff } of faultsToRun) {
      const ended = await restore(powerOff.onEvent).ended;
      fixture.server.failAfterBytes(b.udid, null);
      assert.ok(powerOff.fired(), `powered off ${name}`);
      faults += 1;
      assert.notEqual(ended.code, 0, `a restore whose target went away ${name} fails:\n${ended.stdout.split('\n').slice(-6).join('\n')}`);
      const error = cliError(ended);
      assert.ok(error && DEVICE_GONE_CODES.includes(error.code), `${name}: a clear error, not ${ended.stderr}`);
      assert.match(error.message, /restore again|connect it/i, `${name}: says what to do: ${error.message}`);
      damage.push(...damageOf(dir, a.udid, source).map((problem) => `${name}: ${problem}`));
      fixture.server.replug(b.udid);
      fixture.server.setFindMy(b.udid, false);
    }

    fixture.server.setThrottle(b.udid, null);
    damage.push(...(await verifyProblems(address, path.join(dir, a.udid))));
    damage.push(...(await peerRestoreProblems(address, b.udid, a.udid, dir)));
    fixture.server.setFindMy(b.udid, false);
    const again = await restore().ended;
    assert.equal(again.code, 0, `a new restore succeeds: ${again.stderr}`);
    damage.push(...damageOf(dir, a.udid, source).map((problem) => `after the new restore: ${problem}`));
    const onDevice = compareBackup(path.join(dir, a.udid), { entries: b.store.list(), pathOf: (entry) => b.store.pathOf(entry.domain, entry.relativePath) });
    damage.push(...onDevice.extra.map((name) => `${name} of the backup is not on the device`));
    assert.ok(onDevice.matching > 20, `the backup's files reached the device (${onDevice.matching})`);
    tally('faults', 'power-off (unplug, cable cut by bytes) of the target mid-restore', { cases: faultsToRun.length, faults, dataLost: damage.length });
    assert.deepEqual(damage, [], 'the source backup stayed intact and the last restore is whole');
  } finally {
    await fixture.close();
  }
});
