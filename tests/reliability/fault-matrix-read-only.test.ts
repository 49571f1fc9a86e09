/**
 * Fault matrix: the backup folder made read-only before a backup and at several points during one.
 * Root ignores permission bits, so as root (CI) the folder becomes a read-only bind mount (EROFS for
 * everyone); otherwise its permissions are removed (chmod -R a-w). Each time: PERMISSION_DENIED with words
 * that say what to do, the previous backup byte-identical (a swap cut short keeps it beside, listed); once
 * writable again the next backup clears what could not be removed and is complete, the backup verifies,
 * and idevicebackup2 restores it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { startBackup } from '../../electron/engine/api/backup-handlers.ts';
import { createEngine } from '../../electron/engine/api/handlers.ts';
import { CradleError } from '../../shared/errors.ts';
import { fingerprint } from '../helpers/fingerprint.ts';
import { peerToolsMissing, startFixture } from '../helpers/fixture.ts';
import { bindToItself, setReadOnly, unmount } from '../helpers/mounts.ts';
import { scaled, tally } from '../helpers/reliability-tally.ts';
import type { DeviceState } from '../virtual-device/device.ts';
import { pairAll } from '../integration/idevicebackup2.ts';
import { atPhase, atShare, cliError, engineBackupWithFault, incompleteness, peerRestoreProblems, startCradle, verifyProblems, type FaultPoint } from './fault-kit.ts';

const POINTS: FaultPoint[] = [atPhase('backing up'), ...(scaled(0, 1) ? [0.01, 0.05, 0.25, 0.5, 0.75, 0.9, 0.99] : [0.05, 0.5, 0.9]).map(atShare), atPhase('saving')];

/** How a folder is made read-only here. */
interface ReadOnlyMechanism {
  name: string;
  /** Makes the folder read-only or writable; the reason when it could not (EBUSY while a file is being written). */
  set(readOnly: boolean): string | undefined;
  undo(): void;
}

/** A read-only bind mount as root (chmod does not stop root), chmod otherwise. */
function readOnlyMechanism(folder: string): ReadOnlyMechanism | string {
  if (process.getuid?.() !== 0) {
    const chmod = (mode: string) => {
      const result = spawnSync('chmod', ['-R', mode, folder], { encoding: 'utf8' });
      return result.status === 0 ? undefined : result.stderr;
    };
    return { name: 'chmod -R a-w', set: (readOnly) => chmod(readOnly ? 'a-w' : 'u+w'), undo: () => void chmod('u+w') };
  }
  const failure = bindToItself(folder);
  if (failure) {
    const reason = `running as root, where chmod stops nothing, and a read-only bind mount is refused (${failure})`;
    if (process.env.CI) throw new Error(`${reason}; CI runs as root and must run this test`);
    return reason;
  }
  return { name: 'read-only bind mount', set: (readOnly) => setReadOnly(folder, readOnly), undo: () => unmount(folder) };
}

/** Makes it read-only as soon as no file is open for writing (a remount waits for that); whether it did. */
async function makeReadOnly(mechanism: ReadOnlyMechanism): Promise<boolean> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    if (mechanism.set(true) === undefined) return true;
    await sleep(5);
  }
  return false;
}

test('the backup folder made read-only before and during a backup: a clear error, nothing damaged', { skip: peerToolsMissing, timeout: 300_000 }, async (t) => {
  const fixture = await startFixture({ devices: 2, dataMb: 4 });
  const [a, b] = fixture.server.devices as [DeviceState, DeviceState];
  const folder = path.join(fixture.dir, 'backups');
  const live = path.join(folder, a.udid);
  const previous = path.join(folder, `.cradle-previous-${a.udid}`);
  const { address } = fixture.server;
  process.env.USBMUXD_SOCKET_ADDRESS = address;
  const engine = createEngine({ backupFolder: folder });
  let mechanism: ReadOnlyMechanism | string = 'not set up';
  try {
    await pairAll(fixture.server);
    await (await startBackup(engine, a.udid, { folder })).result;
    mechanism = readOnlyMechanism(folder);
    if (typeof mechanism === 'string') {
      t.skip(mechanism);
      return;
    }
    const damage: string[] = [];
    let faults = 0;

    // Before: the CLI says what happened and what to do, and changes nothing.
    let good = fingerprint(live);
    assert.equal(mechanism.set(true), undefined);
    const refused = await startCradle(address, ['backup', a.udid, '--dir', folder, '--json']).ended;
    assert.equal(mechanism.set(false), undefined);
    faults += 1;
    assert.equal(refused.code, 1, refused.stderr);
    assert.equal(cliError(refused)?.code, 'PERMISSION_DENIED', refused.stderr);
    assert.match(cliError(refused)!.message, /cannot write to the backup folder.*choose another folder/i);
    assert.deepEqual(fingerprint(live), good, 'read-only before: nothing changed');

    for (const point of POINTS) {
      good = fingerprint(live);
      let applied: Promise<boolean> = Promise.resolve(false);
      const { error, fired } = await engineBackupWithFault(engine, a.udid, folder, point, () => (applied = makeReadOnly(mechanism as ReadOnlyMechanism)));
      const readOnly = await applied;
      assert.equal(mechanism.set(false), undefined);
      assert.ok(fired, `reached ${point.name}`);
      if (!readOnly || error === undefined) {
        // The folder could not be made read-only before the backup ended (files kept open for writing).
        assert.equal(error, undefined, `${point.name}: ${String(error)}`);
        damage.push(...(await verifyProblems(address, live)).map((problem) => `${point.name}, finished first: ${problem}`));
        continue;
      }
      faults += 1;
      assert.ok(error instanceof CradleError && error.code === 'PERMISSION_DENIED', `${point.name}: PERMISSION_DENIED, not ${String(error)} ${JSON.stringify((error as CradleError).details)}`);
      assert.match(error.message, /choose another folder/, `${point.name}: says what to do`);
      // Cut short mid-swap, the previous backup waits beside the live name (listed, recovered next time).
      const kept = fs.existsSync(live) ? live : previous;
      const now = fingerprint(kept);
      if (now.size !== good.size || [...good].some(([name, hash]) => now.get(name) !== hash)) damage.push(`${point.name}: the previous backup changed`);
      await (await startBackup(engine, a.udid, { folder })).result;
      damage.push(...(await incompleteness(address, folder, a.udid, fixture.server.stateDir)).map((problem) => `after read-only ${point.name}: ${problem}`));
    }

    damage.push(...(await verifyProblems(address, live)));
    fixture.server.setFindMy(b.udid, false);
    damage.push(...(await peerRestoreProblems(address, b.udid, a.udid, folder)));
    tally('faults', `backup folder read-only before and during a backup (${mechanism.name})`, { cases: POINTS.length + 1, faults, dataLost: damage.length });
    assert.deepEqual(damage, [], 'nothing damaged by a read-only folder');
    assert.ok(faults >= 3, `the folder became read-only during backups (${faults - 1} times)`);
  } finally {
    if (typeof mechanism !== 'string') mechanism.undo();
    await engine.close();
    await fixture.close();
  }
});
