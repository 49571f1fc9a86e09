/**
 * Fault matrix: the app killed mid-backup (SIGKILL of `cradle backup`, nothing gets to clean up) at several
 * points, then run again. Right after the kill the previous backup is byte-identical (or, killed during
 * the swap, the new one is whole) and the library lists exactly one complete backup; the next run recovers
 * the left-over staging folder, succeeds, and holds exactly the device's content. A crash between the two
 * renames of the swap (a window no signal can be aimed at) is set up on disk and recovered the same way.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { BackupSummary } from '../../shared/library.ts';
import { fingerprint } from '../helpers/fingerprint.ts';
import { peerToolsMissing, startFixture } from '../helpers/fixture.ts';
import { scaled, tally } from '../helpers/reliability-tally.ts';
import type { DeviceState } from '../virtual-device/device.ts';
import { pairAll } from '../integration/idevicebackup2.ts';
import { atPhase, atShare, incompleteness, once, peerRestoreProblems, startCradle, verifyProblems, type FaultPoint } from './fault-kit.ts';

const POINTS: FaultPoint[] = [
  ...(scaled(0, 1) ? [atPhase('connecting')] : []),
  atPhase('backing up'),
  ...(scaled(0, 1) ? [0.01, 0.05, 0.25, 0.5, 0.75, 0.9, 0.99] : [0.5]).map(atShare),
  atPhase('saving'),
];

test('the app killed at several points of a backup, then run again: staging recovered, nothing lost, next backup complete', { skip: peerToolsMissing, timeout: 300_000 }, async () => {
  const fixture = await startFixture({ devices: 2, dataMb: 4 });
  const [a, b] = fixture.server.devices as [DeviceState, DeviceState];
  const dir = path.join(fixture.dir, 'backups');
  const live = path.join(dir, a.udid);
  const { address } = fixture.server;
  const backUp = async (full: boolean) => {
    const ended = await startCradle(address, ['backup', a.udid, '--dir', dir, '--json', ...(full ? ['--full'] : [])]).ended;
    assert.equal(ended.code, 0, `the backup after a crash succeeds: ${ended.stderr}`);
  };
  /** What the library shows: one complete backup of the device, whatever was left beside it. */
  const listed = async () => {
    const ended = await startCradle(address, ['backups', 'list', '--dir', dir, '--json']).ended;
    return (JSON.parse(ended.stdout) as BackupSummary[]).map((backup) => `${backup.udid} ${backup.state} ${backup.complete ? 'whole' : 'INCOMPLETE'}`);
  };
  try {
    await pairAll(fixture.server);
    await backUp(false);
    const damage: string[] = [];
    let faults = 0;
    let leftovers = 0;

    for (const point of POINTS) {
      const good = fingerprint(live);
      const run = startCradle(address, ['backup', a.udid, '--dir', dir, '--full', '--json'], (event) => kill.onEvent(event));
      const kill = once(point, () => run.child.kill('SIGKILL'));
      const ended = await run.ended;
      assert.ok(kill.fired(), `killed ${point.name}`);
      faults += 1;
      if (ended.signal !== 'SIGKILL') assert.match(point.name, /saving/, `only a kill during the swap may come after the end: ${ended.code}`);
      if (fs.readdirSync(dir).some((name) => name.startsWith('.cradle-'))) leftovers += 1;
      const now = fs.existsSync(live) ? fingerprint(live) : undefined;
      const same = now !== undefined && now.size === good.size && [...good].every(([name, hash]) => now.get(name) === hash);
      // Killed during the swap, the new backup may already be in place: then it must be whole.
      if (!same && !point.name.includes('saving')) damage.push(`${point.name}: the previous backup changed`);
      if (!same) damage.push(...(await verifyProblems(address, live)).map((problem) => `${point.name}: ${problem}`));
      assert.deepEqual(await listed(), [`${a.udid} complete whole`], `${point.name}: the library shows one whole backup, not the staging`);

      await backUp(false);
      damage.push(...(await incompleteness(address, dir, a.udid, fixture.server.stateDir)).map((problem) => `after a kill ${point.name}: ${problem}`));
    }

    // Killed between the swap's two renames: the live folder is gone, the previous one waits beside it.
    const good = fingerprint(live);
    fs.renameSync(live, path.join(dir, `.cradle-previous-${a.udid}`));
    fs.mkdirSync(path.join(dir, '.cradle-staging', a.udid, a.udid, 'Snapshot'), { recursive: true });
    assert.deepEqual(await listed(), [`${a.udid} complete whole`], 'mid-swap, the library still shows the backup');
    damage.push(...(await verifyProblems(address, path.join(dir, `.cradle-previous-${a.udid}`))).map((problem) => `mid-swap: ${problem}`));
    await backUp(true);
    faults += 1;
    leftovers += 1;
    damage.push(...(await incompleteness(address, dir, a.udid, fixture.server.stateDir)).map((problem) => `after a kill mid-swap: ${problem}`));
    assert.ok(fingerprint(live).size >= good.size);

    fixture.server.setFindMy(b.udid, false);
    damage.push(...(await peerRestoreProblems(address, b.udid, a.udid, dir)));
    tally('faults', 'app killed mid-backup (SIGKILL of the CLI), then run again', { cases: POINTS.length + 1, faults, dataLost: damage.length });
    assert.deepEqual(damage, [], 'nothing lost to a killed app');
    assert.ok(leftovers >= POINTS.length - 1, `the kills left staging folders to recover (${leftovers})`);
  } finally {
    await fixture.close();
  }
});
