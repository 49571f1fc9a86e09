/**
 * The backup library lists backups written by Cradle and by libimobiledevice's idevicebackup2, and
 * reports incomplete and damaged ones instead of failing.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { build, parse } from 'plist';
import type { BackupSummary } from '../../shared/library.ts';
import { peerToolsMissing, startFixture } from '../helpers/fixture.ts';
import { runCradle } from './cradle-cli.ts';
import { pairAll, runOk } from './idevicebackup2.ts';

test('cradle backups list: Cradle, idevicebackup2 and Finder backups told apart, an incomplete one, a damaged one', { skip: peerToolsMissing }, async () => {
  const fixture = await startFixture({ devices: 2 });
  const [a, b] = fixture.server.devices;
  const dir = path.join(fixture.dir, 'backups');
  try {
    await pairAll(fixture.server);
    assert.equal((await runCradle(fixture.server, ['backup', a!.udid, '--dir', dir])).code, 0);
    await runOk(fixture.server, 'idevicebackup2', ['-u', b!.udid, 'backup', '--full', dir]);
    fs.cpSync(path.join(dir, a!.udid), path.join(dir, '00000000-0000000000000001'), { recursive: true });
    fs.mkdirSync(path.join(dir, '00000000-0000000000000001', 'Snapshot'));
    fs.cpSync(path.join(dir, a!.udid), path.join(dir, '00000000-0000000000000002'), { recursive: true });
    fs.writeFileSync(path.join(dir, '00000000-0000000000000002', 'Info.plist'), 'garbage, not a plist');
    fs.mkdirSync(path.join(dir, 'not-a-backup'));
    // What Finder writes differently: the marketing name under "Product Name", its own "iTunes Version".
    const finder = path.join(dir, '00000000-0000000000000003');
    fs.cpSync(path.join(dir, a!.udid), finder, { recursive: true });
    const info = parse(fs.readFileSync(path.join(finder, 'Info.plist'), 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(path.join(finder, 'Info.plist'), build({ ...info, 'iTunes Version': '12.13.2.3' }));

    const listed = await runCradle(fixture.server, ['backups', 'list', '--dir', dir, '--json']);
    assert.equal(listed.code, 0, listed.stderr);
    const backups = JSON.parse(listed.stdout) as BackupSummary[];
    const byUdid = new Map(backups.map((backup) => [backup.udid, backup]));
    assert.equal(backups.length, 5);

    const values = (udid: string) => fixture.server.device(udid).values[''];
    assert.ok(!('Product Name' in (parse(fs.readFileSync(path.join(dir, b!.udid, 'Info.plist'), 'utf8')) as Record<string, unknown>)), 'idevicebackup2 writes no Product Name');
    assert.equal(byUdid.get('00000000-0000000000000003')!.source, 'finder');
    for (const [device, source] of [[a!, 'cradle'], [b!, 'idevicebackup2']] as const) {
      const backup = byUdid.get(device.udid)!;
      assert.equal(backup.deviceName, values(device.udid)?.DeviceName);
      assert.equal(backup.iosVersion, values(device.udid)?.ProductVersion);
      assert.equal(backup.source, source);
      assert.deepEqual([backup.complete, backup.state, backup.location, backup.encrypted, backup.format, backup.problems], [true, 'complete', dir, false, 'modern', []]);
      assert.ok(backup.sizeBytes > 1_000_000 && backup.model && backup.date);
    }
    assert.equal(byUdid.get('00000000-0000000000000001')!.complete, false, 'a left-over Snapshot/ means incomplete');
    assert.equal(byUdid.get('00000000-0000000000000001')!.state, 'incomplete');
    const damaged = byUdid.get('00000000-0000000000000002')!;
    assert.deepEqual(damaged.problems, ['Info.plist cannot be read']);
    assert.equal(damaged.deviceName, values(a!.udid)?.DeviceName, 'the name still comes from Manifest.plist');

    const text = await runCradle(fixture.server, ['backups', 'list', '--dir', dir]);
    assert.match(text.stdout, /INCOMPLETE/);
    assert.match(text.stdout, /complete, not encrypted, idevicebackup2/);
    assert.match(text.stdout, /Finder\/iTunes/);
    assert.equal((await runCradle(fixture.server, ['backups', 'list', '--dir', path.join(dir, 'nowhere'), '--json'])).stdout.trim(), '[]');
  } finally {
    await fixture.close();
  }
});
