/**
 * Restores and clones with Cradle onto virtual devices: the pre-flight refuses before any transfer (Find My,
 * unconfirmed managed-device consequences), a managed device's backup restores onto another device without
 * its management configuration, and one golden backup clones onto four devices at once, renamed by a
 * pattern, while a fifth with Find My on is refused with the reason in the report and an unplugged one fails
 * alone.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { CloneStatus } from '../../shared/restore.ts';
import { createEngine } from '../../electron/engine/api/handlers.ts';
import { decodePlist, encodeXmlPlist } from '../../electron/engine/plist/codec.ts';
import { CloneRun } from '../../electron/engine/fleet/clone.ts';
import type { DeviceState } from '../virtual-device/device.ts';
import { isManagementEntry, PROFILES_DOMAIN } from '../virtual-device/backup/restore-policy.ts';
import { fingerprint } from '../helpers/fingerprint.ts';
import { peerToolsMissing, startFixture } from '../helpers/fixture.ts';
import { runCradle } from './cradle-cli.ts';
import { pairAll, runOk } from './idevicebackup2.ts';

/** User files an unencrypted backup carries. */
function userFiles(device: DeviceState) {
  return device.store.list().filter((e) => e.kind === 'file' && !e.excludedFromBackup && !e.encryptedOnly && e.domain !== 'KeychainDomain');
}

/** The virtual devices run different iOS versions: bring targets up to the golden device's (iOS-too-old is refused). */
function matchVersion(server: { setIosVersion(udid: string, version: string): void }, targets: DeviceState[], golden: DeviceState): void {
  for (const target of targets) server.setIosVersion(target.udid, String(golden.values['']!.ProductVersion));
}

/** Whether `target` holds every user file of `source` byte for byte (management files of `source` aside). */
function holdsContentOf(target: DeviceState, source: DeviceState): void {
  let compared = 0;
  for (const entry of userFiles(source)) {
    if (isManagementEntry(entry.domain, entry.relativePath)) continue;
    assert.ok(target.store.get(entry.domain, entry.relativePath), `${entry.domain}/${entry.relativePath} missing on ${target.udid}`);
    assert.deepEqual(fs.readFileSync(target.store.pathOf(entry.domain, entry.relativePath)), fs.readFileSync(source.store.pathOf(entry.domain, entry.relativePath)));
    compared += 1;
  }
  assert.ok(compared > 20, `compared ${compared}`);
}

test('restore: refused before any transfer (Find My, password, unconfirmed), then a managed backup onto another device drops management', { skip: peerToolsMissing }, async () => {
  // Two supervised devices (supervised backups restore only onto supervised devices).
  const fixture = await startFixture({ devices: 2, profile: 'managed' });
  const [a, b] = fixture.server.devices as [DeviceState, DeviceState];
  const dir = path.join(fixture.dir, 'backups');
  const password = 'managed-device-pw';
  const managementOf = (device: DeviceState) =>
    new Map(device.store.list().filter((e) => e.kind === 'file' && isManagementEntry(e.domain, e.relativePath)).map((e) => [e.relativePath, fs.readFileSync(device.store.pathOf(e.domain, e.relativePath))]));
  const env = { CRADLE_BACKUP_PASSWORD: password };
  try {
    await pairAll(fixture.server);
    // A profile only A has, so a copy of A's management configuration onto B would show.
    a.store.writeFile(PROFILES_DOMAIN, 'Library/ConfigurationProfiles/profile-only-on-a.stub', Buffer.from('bplist00 stub of a profile only A has'));
    a.store.save();
    // The managed profile requires encrypted backups.
    assert.equal((await runCradle(fixture.server, ['encryption', a.udid, 'on', '--password-stdin'], `${password}\n`)).code, 0);
    assert.equal((await runCradle(fixture.server, ['backup', a.udid, '--dir', dir])).code, 0);
    const before = fingerprint(b.store.root);
    const managementBefore = managementOf(b);
    const fromA = managementOf(a);
    assert.ok([...fromA].some(([file, bytes]) => !managementBefore.get(file)?.equals(bytes)), 'A and B are managed differently, so a copy would show');

    fixture.server.setFindMy(b.udid, true);
    const refused = await runCradle(fixture.server, ['restore', b.udid, '--from', a.udid, '--dir', dir, '--yes', '--json'], '', env);
    assert.equal(refused.code, 1);
    const error = JSON.parse(refused.stderr.trim().split('\n').pop()!) as { error: { code: string; message: string } };
    assert.equal(error.error.code, 'FIND_MY_ENABLED');
    assert.match(error.error.message, /Settings > \[your name\] > Find My/);

    fixture.server.setFindMy(b.udid, false);
    const wrong = await runCradle(fixture.server, ['restore', b.udid, '--from', a.udid, '--dir', dir, '--yes'], '', { CRADLE_BACKUP_PASSWORD: 'not it' });
    assert.equal(wrong.code, 8);
    assert.match(wrong.stderr, /✕ The backup password is wrong/);
    const unconfirmed = await runCradle(fixture.server, ['restore', b.udid, '--from', a.udid, '--dir', dir], '', env);
    assert.equal(unconfirmed.code, 2, unconfirmed.stderr);
    assert.match(unconfirmed.stderr, /management configuration and MDM enrollment are removed/);
    assert.match(unconfirmed.stderr, /--yes/);
    assert.deepEqual(fingerprint(b.store.root), before, 'nothing reached the device');

    const restored = await runCradle(fixture.server, ['restore', b.udid, '--from', a.udid, '--dir', dir, '--settings', '--system', '--yes'], '', env);
    assert.equal(restored.code, 0, restored.stderr);
    assert.match(restored.stderr, /✓ Find My is off/);
    assert.match(restored.stderr, /✓ The backup password is right/);
    assert.match(restored.stdout, /Restored [1-9]\d* files/);
    holdsContentOf(b, a);
    assert.deepEqual(managementOf(b), managementBefore, "A's management configuration did not come over; B keeps its own");
    assert.equal(fixture.server.status().find((d) => d.udid === b.udid)?.attached, true, 'the device came back after its restart');
  } finally {
    await fixture.close();
  }
});

test('cradle restore of an idevicebackup2 backup', { skip: peerToolsMissing }, async () => {
  const fixture = await startFixture({ devices: 2 });
  const [a, b] = fixture.server.devices as [DeviceState, DeviceState];
  const dir = path.join(fixture.dir, 'backups');
  try {
    await pairAll(fixture.server);
    fs.mkdirSync(dir);
    await runOk(fixture.server, 'idevicebackup2', ['-u', a.udid, 'backup', '--full', dir]);
    fixture.server.setFindMy(b.udid, false);
    const restored = await runCradle(fixture.server, ['restore', b.udid, '--from', path.join(dir, a.udid), '--system', '--settings', '--yes', '--no-reboot']);
    assert.equal(restored.code, 0, restored.stderr);
    holdsContentOf(b, a);
  } finally {
    await fixture.close();
  }
});

test('clone: one golden backup onto 4 devices at once, renamed; the fifth (Find My on) refused in pre-flight', { skip: peerToolsMissing }, async () => {
  const fixture = await startFixture({ devices: 6, profile: ['golden', 'personal'] });
  const [golden, ...targets] = fixture.server.devices as [DeviceState, ...DeviceState[]];
  const dir = path.join(fixture.dir, 'backups');
  const report = path.join(fixture.dir, 'report.csv');
  try {
    await pairAll(fixture.server);
    assert.equal((await runCradle(fixture.server, ['backup', golden.udid, '--dir', dir])).code, 0);
    matchVersion(fixture.server, targets, golden);
    const [findMyOn] = targets.slice(4);
    for (const target of targets) fixture.server.setFindMy(target.udid, target === findMyOn);
    const findMyBefore = fingerprint(findMyOn!.store.root);
    const run = await runCradle(fixture.server, ['clone', '--from', golden.udid, '--dir', dir, ...targets.map((t) => t.udid), '--concurrency', '4', '--name-pattern', 'Loaner {n}', '--report', report, '--settings', '--system', '--remove', '--yes']);
    assert.equal(run.code, 1, 'one device failed');
    assert.match(run.stdout, /4 done, 1 failed/, run.stderr);
    for (const target of targets.slice(0, 4)) holdsContentOf(target, golden);
    const names = targets.slice(0, 4).map((t) => String(t.values['']?.DeviceName)).sort();
    assert.deepEqual(names, ['Loaner 1', 'Loaner 2', 'Loaner 3', 'Loaner 4']);
    assert.deepEqual(fingerprint(findMyOn!.store.root), findMyBefore, 'nothing reached the Find My device');

    const rows = fs.readFileSync(report, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.equal(rows[0], 'Serial,UDID,Name,Result,Duration (seconds),Error');
    const failed = rows.filter((row) => row.includes(findMyOn!.udid));
    assert.equal(failed.length, 1);
    assert.match(failed[0]!, /,failed,.*Find My/);
    assert.equal(rows.filter((row) => row.includes(',done,')).length, 4);
  } finally {
    await fixture.close();
  }
});

/** A golden device's backup and its targets (Find My off, iOS matched), with an engine over the fixture. */
interface GoldenSetup {
  fixture: Awaited<ReturnType<typeof startFixture>>;
  engine: ReturnType<typeof createEngine>;
  golden: DeviceState;
  targets: DeviceState[];
  backupPath: string;
}

async function withGoldenBackup(devices: number, body: (setup: GoldenSetup) => Promise<void>): Promise<void> {
  const fixture = await startFixture({ devices, profile: ['golden', 'personal'], dataMb: 8, throttleMbps: 4 });
  const [golden, ...targets] = fixture.server.devices as [DeviceState, ...DeviceState[]];
  const dir = path.join(fixture.dir, 'backups');
  const previous = process.env.USBMUXD_SOCKET_ADDRESS;
  process.env.USBMUXD_SOCKET_ADDRESS = fixture.server.address;
  const engine = createEngine({ backupFolder: dir });
  try {
    await pairAll(fixture.server);
    assert.equal((await runCradle(fixture.server, ['backup', golden.udid, '--dir', dir])).code, 0);
    for (const target of targets) fixture.server.setFindMy(target.udid, false);
    matchVersion(fixture.server, targets, golden);
    await body({ fixture, engine, golden, targets, backupPath: path.join(dir, golden.udid) });
  } finally {
    await engine.close();
    process.env.USBMUXD_SOCKET_ADDRESS = previous;
    await fixture.close();
  }
}

/** Clones onto `targets` through the engine; `action` runs once, when `during`'s restore is past 5 %. */
async function cloneWithEvent(setup: GoldenSetup, targets: DeviceState[], concurrency: number, during: DeviceState, action: () => void) {
  let fired = false;
  setup.engine.events.subscribe((channel, payload) => {
    if (channel !== 'clone:changed' || fired) return;
    const tile = (payload as CloneStatus).tiles.find((t) => t.udid === during.udid);
    if (tile?.state === 'restoring' && (tile.fraction ?? 0) > 0.05) {
      fired = true;
      action();
    }
  });
  const run = new CloneRun(setup.engine, {
    backupPath: setup.backupPath,
    udids: targets.map((t) => t.udid),
    watch: false,
    concurrency,
    options: { settings: true, system: true, remove: false, reboot: false },
    confirmed: true,
  });
  await run.finished();
  const tiles = run.status().tiles;
  run.dispose();
  assert.ok(fired, `the event happened during the restore: ${JSON.stringify(tiles)}`);
  return new Map(tiles.map((tile) => [tile.udid, tile]));
}

test('clone: a device unplugged mid-restore fails alone, the others finish', { skip: peerToolsMissing }, async () => {
  await withGoldenBackup(4, async (setup) => {
    const { targets } = setup;
    const victim = targets[1]!;
    const byUdid = await cloneWithEvent(setup, targets, 3, victim, () => setup.fixture.server.unplug(victim.udid));
    assert.equal(byUdid.get(victim.udid)?.state, 'failed');
    assert.match(byUdid.get(victim.udid)?.error ?? '', /disconnected|ended|gone|connect/i);
    for (const target of targets.filter((t) => t !== victim)) {
      assert.equal(byUdid.get(target.udid)?.state, 'done', JSON.stringify(byUdid.get(target.udid)));
      holdsContentOf(target, setup.golden);
    }
  });
});

test('clone: a change to the golden backup during the clone reaches the next device\'s pre-flight', { skip: peerToolsMissing }, async () => {
  await withGoldenBackup(3, async (setup) => {
    const [first, second] = setup.targets as [DeviceState, DeviceState];
    const statusPath = path.join(setup.backupPath, 'Status.plist');
    const secondBefore = fingerprint(second.store.root);
    // While the first device restores (one at a time), the backup stops being complete: the second device's
    // pre-flight must see that, not a check made before the change.
    const byUdid = await cloneWithEvent(setup, [first, second], 1, first, () => {
      const status = decodePlist(fs.readFileSync(statusPath)) as Record<string, unknown>;
      fs.writeFileSync(statusPath, encodeXmlPlist({ ...status, SnapshotState: 'new' }));
    });
    assert.equal(byUdid.get(first.udid)?.state, 'done', JSON.stringify(byUdid.get(first.udid)));
    holdsContentOf(first, setup.golden);
    assert.equal(byUdid.get(second.udid)?.state, 'failed');
    assert.equal(byUdid.get(second.udid)?.errorCode, 'BACKUP_INCOMPLETE', JSON.stringify(byUdid.get(second.udid)));
    assert.deepEqual(fingerprint(second.store.root), secondBefore, 'nothing reached the second device');
  });
});
