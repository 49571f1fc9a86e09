/**
 * The device process stopped at several points of a `cradle backup`, then restarted on the same --state:
 * shared by the crash (SIGKILL) and usbmuxd-restart (SIGTERM) files of the fault matrix.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnDeviceProcess, type DeviceProcess } from '../helpers/device-process.ts';
import { fingerprint } from '../helpers/fingerprint.ts';
import { scaled, tally } from '../helpers/reliability-tally.ts';
import {
  atPhase,
  atShare,
  cliError,
  damageOf,
  DEVICE_GONE_CODES,
  incompleteness,
  once,
  pairEvery,
  peerRestoreProblems,
  startCradle,
  stopDevice,
  verifyProblems,
  type FaultPoint,
} from './fault-kit.ts';

/** Where the device dies: while connecting, at the Backup request, and at shares of the transfer. */
const POINTS: FaultPoint[] = [atPhase('connecting'), atPhase('backing up'), ...(scaled(0, 1) ? [0.02, 0.05, 0.25, 0.5, 0.75, 0.9, 0.97] : [0.05, 0.5, 0.9]).map(atShare)];

/**
 * Stops the device process with `signal` at each point of a full backup and restarts it. Each time the CLI
 * fails with a clear error (no hang: the kit's timeout), the previous backup is byte-identical and nothing is
 * left beside it; then it verifies, idevicebackup2 restores it onto the second device, and the next backup
 * succeeds holding exactly the device's content.
 */
export async function deviceStopMatrix(signal: NodeJS.Signals, what: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cradle-fault-device-'));
  const options = { dir, devices: 2, dataMb: scaled(4, 40) };
  const backups = path.join(dir, 'backups');
  let device: DeviceProcess = await spawnDeviceProcess(options);
  const [a, b] = device.udids as [string, string];
  try {
    await pairEvery(device);
    const first = await startCradle(device.address, ['backup', a, '--dir', backups, '--json']).ended;
    assert.equal(first.code, 0, first.stderr);
    const good = fingerprint(path.join(backups, a));

    const damage: string[] = [];
    let faults = 0;
    for (const point of POINTS) {
      const current = device;
      const fault = once(point, () => void stopDevice(current, signal));
      const ended = await startCradle(current.address, ['backup', a, '--dir', backups, '--full', '--json'], fault.onEvent).ended;
      await stopDevice(current, signal);
      assert.ok(fault.fired(), `the device process was stopped ${point.name}`);
      faults += 1;
      assert.notEqual(ended.code, 0, `a backup whose device died ${point.name} must fail:\n${ended.stdout.slice(-500)}`);
      const error = cliError(ended);
      assert.ok(error && DEVICE_GONE_CODES.includes(error.code), `${point.name}: a clear error, not ${JSON.stringify(error) ?? ended.stderr}`);
      assert.match(error.message, /untouched.*again|connect it/i, `${point.name}: the message says what to do: ${error.message}`);
      damage.push(...damageOf(backups, a, good).map((problem) => `${point.name}: ${problem}`));
      device = await spawnDeviceProcess(options);
    }

    damage.push(...(await verifyProblems(device.address, path.join(backups, a))));
    const findMyOff = await device.control({ cmd: 'setFindMy', udid: b, on: false });
    assert.ok(findMyOff.ok);
    damage.push(...(await peerRestoreProblems(device.address, b, a, backups)));
    tally('faults', `${what} mid-backup`, { cases: POINTS.length, faults, dataLost: damage.length });
    assert.deepEqual(damage, [], 'the previous backup survived every fault');

    const next = await startCradle(device.address, ['backup', a, '--dir', backups, '--json']).ended;
    assert.equal(next.code, 0, `the next backup succeeds: ${next.stderr}`);
    assert.deepEqual(await incompleteness(device.address, backups, a, device.stateDir), [], 'the next backup holds exactly the device content');
  } finally {
    await device.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
