/**
 * Fleet work onto virtual devices: a clone in watch mode pairs devices that do not trust the computer (the
 * tiles wait for Trust, go on once it is tapped; a denied Trust fails, replugging asks again), shows every
 * blocker of a device and retries all of them; `cradle backup --all` backs up four devices with one pulled
 * midway; automatic backups on connect run once per interval.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import type { FleetBackupStatus, FleetTile } from '../../shared/fleet.ts';
import type { EventChannel } from '../../shared/ipc/channels.ts';
import type { CloneStatus } from '../../shared/restore.ts';
import { createEngine, type Engine } from '../../electron/engine/api/handlers.ts';
import { CloneRun } from '../../electron/engine/fleet/clone.ts';
import type { DeviceState } from '../virtual-device/device.ts';
import { peerToolsMissing, startFixture, type Fixture } from '../helpers/fixture.ts';
import { runCradle } from './cradle-cli.ts';
import { runOk } from './idevicebackup2.ts';

const root = new URL('../..', import.meta.url).pathname;

/** Resolves with the first payload of `channel` that `match` accepts (checked against `current` first). */
function until<T>(engine: Engine, channel: EventChannel, match: (payload: T) => boolean, current?: T): Promise<T> {
  if (current !== undefined && match(current)) return Promise.resolve(current);
  return new Promise((resolve) => {
    const stop = engine.events.subscribe((name, payload) => {
      if (name !== channel || !match(payload as T)) return;
      stop();
      resolve(payload as T);
    });
  });
}

const tileOf = (status: { tiles: FleetTile[] }, udid: string) => status.tiles.find((tile) => tile.udid === udid);

/** An engine watching the fixture's devices, backing up into `dir`. */
function watchingEngine(fixture: Fixture, dir: string, settingsFile?: string): Engine {
  const previous = process.env.USBMUXD_SOCKET_ADDRESS;
  process.env.USBMUXD_SOCKET_ADDRESS = fixture.server.address;
  try {
    return createEngine({ backupFolder: dir, watchDevices: true, ...(settingsFile ? { settingsFile } : {}) });
  } finally {
    process.env.USBMUXD_SOCKET_ADDRESS = previous;
  }
}

test('clone in watch mode pairs untrusted devices: Tap Trust on each, a denied one fails and asks again when plugged back', { skip: peerToolsMissing, timeout: 300_000 }, async () => {
  const fixture = await startFixture({ devices: 4, profile: ['golden', 'personal'], dataMb: 2 });
  const [golden, ...targets] = fixture.server.devices as [DeviceState, ...DeviceState[]];
  const [first, second, denied] = targets as [DeviceState, DeviceState, DeviceState];
  const dir = path.join(fixture.dir, 'backups');
  const engine = watchingEngine(fixture, dir);
  try {
    await runOk(fixture.server, 'idevicepair', ['-u', golden.udid, 'pair']);
    assert.equal((await runCradle(fixture.server, ['backup', golden.udid, '--dir', dir])).code, 0);
    for (const target of targets) {
      fixture.server.setTrustMode(target.udid, 'pending');
      fixture.server.setFindMy(target.udid, false);
      fixture.server.setIosVersion(target.udid, String(golden.values['']!.ProductVersion));
    }
    const run = new CloneRun(engine, {
      backupPath: path.join(dir, golden.udid),
      udids: [],
      watch: true,
      concurrency: 4,
      namePattern: 'Loaner {n}',
      options: { settings: true, system: true, remove: true, reboot: false },
      confirmed: true,
    });
    const allAsk = await until<CloneStatus>(engine, 'clone:changed', (s) => targets.every((t) => tileOf(s, t.udid)?.state === 'needs-trust'), run.status());
    assert.equal(tileOf(allAsk, golden.udid), undefined, 'the golden device never joins');
    assert.ok(targets.every((t) => fixture.server.status().find((d) => d.udid === t.udid)?.trustPrompt === 'showing'), 'each device shows its Trust prompt');

    fixture.server.denyTrust(denied.udid);
    const refused = await until<CloneStatus>(engine, 'clone:changed', (s) => tileOf(s, denied.udid)?.state === 'failed', run.status());
    assert.equal(tileOf(refused, denied.udid)?.errorCode, 'PAIRING_DENIED');
    assert.match(tileOf(refused, denied.udid)?.error ?? '', /Trust was declined/);

    fixture.server.acceptTrust(first.udid);
    fixture.server.acceptTrust(second.udid);
    await until<CloneStatus>(engine, 'clone:changed', (s) => [first, second].every((t) => tileOf(s, t.udid)?.state === 'done'), run.status());

    // Unplugged and plugged back in, the denied device asks again; this time Trust is tapped.
    fixture.server.unplug(denied.udid);
    fixture.server.replug(denied.udid);
    await until<CloneStatus>(engine, 'clone:changed', (s) => tileOf(s, denied.udid)?.state === 'needs-trust', run.status());
    fixture.server.acceptTrust(denied.udid);
    const end = await until<CloneStatus>(engine, 'clone:changed', (s) => tileOf(s, denied.udid)?.state === 'done', run.status());
    run.stop();
    await run.finished();
    run.dispose();

    assert.deepEqual(end.counts, { done: 3, failed: 0, skipped: 0, inProgress: 0, waiting: 0 });
    const names = targets.map((t) => String(t.values['']!.DeviceName)).sort();
    assert.deepEqual(names, ['Loaner 1', 'Loaner 2', 'Loaner 3']);
    const listed = engine.devices.list().filter((d) => targets.some((t) => t.udid === d.udid));
    assert.deepEqual(listed.map((d) => d.name).sort(), names, 'the device list shows the new names');
    assert.ok(listed.every((d) => d.state === 'connected'), JSON.stringify(listed));
  } finally {
    await engine.close();
    await fixture.close();
  }
});

test('clone: a device with two blockers shows both with their fixes; Retry after fixing both succeeds', { skip: peerToolsMissing, timeout: 300_000 }, async () => {
  const fixture = await startFixture({ devices: 2, profile: ['golden', 'personal'], dataMb: 2 });
  const [golden, target] = fixture.server.devices as [DeviceState, DeviceState];
  const dir = path.join(fixture.dir, 'backups');
  const engine = watchingEngine(fixture, dir);
  try {
    for (const device of [golden, target]) await runOk(fixture.server, 'idevicepair', ['-u', device.udid, 'pair']);
    assert.equal((await runCradle(fixture.server, ['backup', golden.udid, '--dir', dir])).code, 0);
    const goldenVersion = String(golden.values['']!.ProductVersion);
    fixture.server.setFindMy(target.udid, true);
    fixture.server.setIosVersion(target.udid, '12.0');
    const run = new CloneRun(engine, {
      backupPath: path.join(dir, golden.udid),
      udids: [target.udid],
      watch: false,
      concurrency: 1,
      options: { settings: true, system: true, remove: true, reboot: false },
      confirmed: true,
    });
    await run.finished();
    const tile = tileOf(run.status(), target.udid)!;
    assert.equal(tile.state, 'failed', JSON.stringify(tile));
    const titles = (tile.problems ?? []).map((problem) => problem.title);
    assert.ok(titles.some((title) => /Find My is on/.test(title)), JSON.stringify(tile.problems));
    assert.ok(titles.some((title) => /iOS 12\.0/.test(title)), JSON.stringify(tile.problems));
    assert.ok(tile.problems!.every((problem) => problem.fix), 'each problem says what to do');

    fixture.server.setFindMy(target.udid, false);
    fixture.server.setIosVersion(target.udid, goldenVersion);
    run.retry(target.udid);
    await run.finished();
    const retried = tileOf(run.status(), target.udid)!;
    assert.equal(retried.state, 'done', JSON.stringify(retried));
    assert.equal(retried.problems, undefined);
    run.dispose();
  } finally {
    await engine.close();
    await fixture.close();
  }
});

test('cradle backup --all: four devices, one unplugged midway; the others finish and the report says which failed', { skip: peerToolsMissing, timeout: 300_000 }, async () => {
  const fixture = await startFixture({ devices: 4, dataMb: 6, throttleMbps: 3 });
  const devices = fixture.server.devices as DeviceState[];
  const victim = devices[2]!;
  const dir = path.join(fixture.dir, 'backups');
  const report = path.join(fixture.dir, 'report.csv');
  try {
    // Two trust this computer already; the other two are paired by the fleet (their prompts are tapped at once).
    for (const device of devices.slice(0, 2)) await runOk(fixture.server, 'idevicepair', ['-u', device.udid, 'pair']);
    const child = spawn(process.execPath, [`${root}bin/cradle.mjs`, 'backup', '--all', '--dir', dir, '--concurrency', '4', '--report', report, '--json'], {
      env: { ...process.env, USBMUXD_SOCKET_ADDRESS: fixture.server.address },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    let pulled = false;
    let last: { done?: { counts: Record<string, number> } } = {};
    for await (const line of createInterface({ input: child.stdout })) {
      last = JSON.parse(line) as typeof last;
      const status = (last as { backups?: FleetBackupStatus }).backups;
      const tile = status && tileOf(status, victim.udid);
      if (!pulled && tile?.state === 'backing-up' && (tile.fraction ?? 0) > 0.05) {
        pulled = true;
        fixture.server.unplug(victim.udid);
      }
    }
    const code = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('close', resolve)));
    assert.ok(pulled, 'the victim was pulled while backing up');
    assert.equal(code, 1, stderr);
    assert.deepEqual(last.done?.counts, { done: 3, failed: 1, skipped: 0, inProgress: 0, waiting: 0 });
    for (const device of devices.filter((d) => d !== victim)) assert.ok(fs.existsSync(path.join(dir, device.udid, 'Status.plist')), device.udid);
    assert.equal(fs.existsSync(path.join(dir, victim.udid, 'Status.plist')), false, 'no half backup stands as a backup');
    const rows = fs.readFileSync(report, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.equal(rows.length, 5);
    assert.match(rows.find((row) => row.includes(victim.udid))!, /,failed,/);
    assert.equal(rows.filter((row) => row.includes(',done,')).length, 3);

    // Again with --every: every device backed up just now is skipped, the pulled one (plugged back) is not.
    fixture.server.replug(victim.udid);
    const again = await runCradle(fixture.server, ['backup', '--all', '--dir', dir, '--every', '12h']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /1 done, 0 failed, 3 skipped/);
    assert.match(again.stderr, /skipped — Backed up just now \(at most once every 12 hours\)/);
  } finally {
    await fixture.close();
  }
});

test('automatic backups on connect: once per interval; a device switched off is left alone', { skip: peerToolsMissing, timeout: 300_000 }, async () => {
  const fixture = await startFixture({ devices: 2, dataMb: 1 });
  const [a, b] = fixture.server.devices as [DeviceState, DeviceState];
  const dir = path.join(fixture.dir, 'backups');
  const engine = watchingEngine(fixture, dir, path.join(fixture.dir, 'settings.json'));
  const statusDate = (device: DeviceState) => fs.statSync(path.join(dir, device.udid, 'Status.plist')).mtimeMs;
  try {
    for (const device of [a, b]) await runOk(fixture.server, 'idevicepair', ['-u', device.udid, 'pair']);
    const on = await engine.handlers['settings:setAutoBackup']({ onConnect: true, intervalHours: 24 });
    assert.equal(on.autoBackup.onConnect, true);
    const first = await until<FleetBackupStatus>(engine, 'fleet:changed', (s) => [a, b].every((d) => tileOf(s, d.udid)?.state === 'done'), engine.autoBackup.fleet.status());
    const bEnded = tileOf(first, b.udid)!.endedAt;
    const [aDate, bDate] = [statusDate(a), statusDate(b)];

    await engine.handlers['settings:setDeviceAutoBackup']({ udid: b.udid, on: false });
    fixture.server.unplug(b.udid);
    fixture.server.unplug(a.udid);
    fixture.server.replug(b.udid);
    fixture.server.replug(a.udid);
    // B was plugged back first: had it joined, it would have done so before A's turn.
    const second = await until<FleetBackupStatus>(engine, 'fleet:changed', (s) => tileOf(s, a.udid)?.state === 'skipped');
    assert.match(tileOf(second, a.udid)!.skippedBecause ?? '', /Backed up just now/);
    assert.equal(tileOf(second, b.udid)?.endedAt, bEnded, 'B (switched off) did not join');
    assert.equal(statusDate(a), aDate, 'no second backup of A within the interval');
    assert.equal(statusDate(b), bDate);
    const settings = await engine.handlers['settings:get']({});
    assert.deepEqual(settings.autoBackup.devices, { [b.udid]: false });
  } finally {
    await engine.close();
    await fixture.close();
  }
});
