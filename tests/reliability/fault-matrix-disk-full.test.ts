/**
 * Fault matrix: the disk with the backup folder fills up at several points of a backup (a small tmpfs:
 * bytes filled with dd, or every inode taken by empty files). Each time: DISK_FULL with words that say what
 * to do, the previous backup byte-identical, nothing left beside it. Once there is room again the backup
 * verifies, idevicebackup2 restores it, and the next backup holds exactly the device's content.
 * (tests/integration/backup-disk-full.test.ts covers one mid-transfer fill and the device's own 105.)
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { startBackup } from '../../electron/engine/api/backup-handlers.ts';
import { createEngine } from '../../electron/engine/api/handlers.ts';
import { CradleError } from '../../shared/errors.ts';
import { fingerprint } from '../helpers/fingerprint.ts';
import { peerToolsMissing, startFixture } from '../helpers/fixture.ts';
import { mountTmpfs, unmount } from '../helpers/mounts.ts';
import { scaled, tally } from '../helpers/reliability-tally.ts';
import type { DeviceState } from '../virtual-device/device.ts';
import { pairAll } from '../integration/idevicebackup2.ts';
import { atPhase, atShare, damageOf, engineBackupWithFault, incompleteness, peerRestoreProblems, verifyProblems, type FaultPoint } from './fault-kit.ts';

/** Room on the small disk: enough for the device's own free-space margin, the filler takes the rest. */
const DISK_MB = 400;
const DISK_INODES = 6000;

const POINTS: FaultPoint[] = [atPhase('connecting'), atPhase('backing up'), ...(scaled(0, 1) ? [0.01, 0.05, 0.25, 0.5, 0.75, 0.9, 0.99] : [0.05, 0.5, 0.9]).map(atShare)];

/** Takes every byte left on the disk (fallocate: no need to write them). */
function fillBytes(disk: string): void {
  const { bavail, bsize } = fs.statfsSync(disk);
  const filled = spawnSync('fallocate', ['-l', String(bavail * bsize), path.join(disk, 'filler.bin')], { encoding: 'utf8' });
  assert.equal(filled.status, 0, filled.stderr);
}

/** Takes every inode left on the disk (empty files until ENOSPC). */
function fillInodes(disk: string): void {
  const folder = path.join(disk, 'inodes');
  fs.mkdirSync(folder, { recursive: true });
  try {
    for (let i = 0; i < DISK_INODES * 2; i += 1) fs.writeFileSync(path.join(folder, String(i)), '');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
}

test('the disk fills up (bytes or inodes) at several points of a backup: DISK_FULL, previous backup intact', { skip: peerToolsMissing, timeout: 300_000 }, async (t) => {
  const fixture = await startFixture({ devices: 2, dataMb: 4 });
  const [a, b] = fixture.server.devices as [DeviceState, DeviceState];
  const disk = path.join(fixture.dir, 'small-disk');
  const skipped = mountTmpfs(disk, DISK_MB, DISK_INODES);
  const folder = path.join(disk, 'backups');
  const { address } = fixture.server;
  process.env.USBMUXD_SOCKET_ADDRESS = address;
  const engine = createEngine({ backupFolder: folder });
  try {
    if (skipped) {
      t.skip(skipped);
      return;
    }
    await pairAll(fixture.server);
    await (await startBackup(engine, a.udid, { folder })).result;
    let good = fingerprint(path.join(folder, a.udid));
    const damage: string[] = [];
    let faults = 0;
    let late = 0;

    for (const point of POINTS) {
      for (const [kind, fill] of [
        ['bytes', fillBytes],
        ['inodes', fillInodes],
      ] as const) {
        const { error, fired } = await engineBackupWithFault(engine, a.udid, folder, point, () => fill(disk));
        fs.rmSync(path.join(disk, 'filler.bin'), { force: true });
        fs.rmSync(path.join(disk, 'inodes'), { recursive: true, force: true });
        assert.ok(fired, `the disk filled ${point.name}`);
        faults += 1;
        const name = `${kind} full ${point.name}`;
        if (error === undefined && point.name.includes('%')) {
          // Progress events trail the writes: the disk filled after the last one, so the backup may finish.
          // Then it must be whole, and it is the previous backup for the next points.
          late += 1;
          damage.push(...(await verifyProblems(address, path.join(folder, a.udid))).map((problem) => `${name} (finished): ${problem}`));
          good = fingerprint(path.join(folder, a.udid));
          continue;
        }
        assert.ok(error instanceof CradleError && error.code === 'DISK_FULL', `${name}: DISK_FULL, not ${String(error)} ${JSON.stringify((error as CradleError | undefined)?.details)}`);
        assert.match(error.message, /Free (some )?space/, `${name}: says what to do`);
        damage.push(...damageOf(folder, a.udid, good).map((problem) => `${name}: ${problem}`));
      }
    }

    assert.ok(late <= faults / 2, `${late} of ${faults} fills came after the backup's last write`);
    damage.push(...(await verifyProblems(address, path.join(folder, a.udid))));
    fixture.server.setFindMy(b.udid, false);
    damage.push(...(await peerRestoreProblems(address, b.udid, a.udid, folder)));
    tally('faults', 'disk full (bytes, inodes) mid-backup', { cases: faults, faults, dataLost: damage.length });
    assert.deepEqual(damage, [], 'the previous backup survived every full disk');

    await (await startBackup(engine, a.udid, { folder })).result;
    assert.deepEqual(await incompleteness(address, folder, a.udid, fixture.server.stateDir), [], 'with room again, the next backup is complete');
  } finally {
    await engine.close();
    unmount(disk);
    await fixture.close();
  }
});
