/**
 * The virtual device in several processes (`--processes`, as the clone bench runs it): one usbmuxd socket
 * in front, each device served by its own process. libimobiledevice's tools and raw usbmuxd clients must not
 * be able to tell it from one process: one device list in index order, Listen events from every process,
 * pairing, sessions and a backup through a handed-over connection, control commands reaching the right
 * device, and a clean stop of every process.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { spawnDeviceProcess } from '../helpers/device-process.ts';
import { peerToolsMissing, runTool } from '../helpers/fixture.ts';
import { connectPort, listen, readUsbmux, usbmuxRequest } from './raw-host.ts';

type Entry = { DeviceID: number; Properties: { SerialNumber: string } };

async function listed(socketPath: string): Promise<Entry[]> {
  return (await usbmuxRequest(socketPath, { MessageType: 'ListDevices' })).DeviceList as Entry[];
}

test('devices in two processes behind one usbmuxd socket work as one', { skip: peerToolsMissing, timeout: 180_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cradle-vd-processes-'));
  const devices = await spawnDeviceProcess({ dir, devices: 3, processes: 2 });
  const socketPath = devices.address.slice('UNIX:'.length);
  const processes = () => fs.readFileSync(`/proc/${devices.pid}/task/${devices.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  try {
    const { udids } = devices;
    assert.equal(udids.length, 3);
    assert.equal(processes().length, 2, 'one process per share of the devices');
    const status = await devices.control({ cmd: 'status' });
    assert.ok(status.ok);
    assert.deepEqual((status.devices as Array<{ udid: string }>).map((d) => d.udid), udids, 'status in index order');
    const first = await listed(socketPath);
    assert.deepEqual(first.map((e) => e.Properties.SerialNumber), udids, 'ListDevices in index order');
    assert.equal(new Set(first.map((e) => e.DeviceID)).size, 3, 'DeviceIDs unique across the processes');

    // Listen: the devices already attached, then a process's Detached and Attached as they happen.
    const events = await listen(socketPath);
    // One after the other: reads on one stream must not overlap.
    const attached = [];
    for (let i = 0; i < udids.length; i += 1) attached.push(await readUsbmux(events.reader));
    assert.deepEqual(attached.map((e) => e.body.MessageType), ['Attached', 'Attached', 'Attached']);
    assert.deepEqual(new Set(attached.map((e) => e.body.DeviceID)), new Set(first.map((e) => e.DeviceID)));
    const moved = udids[1]!; // runs in the second process
    const movedId = first[1]!.DeviceID;
    assert.deepEqual(await devices.control({ cmd: 'unplug', udid: moved }), { ok: true });
    assert.deepEqual((await readUsbmux(events.reader)).body, { MessageType: 'Detached', DeviceID: movedId });
    assert.deepEqual((await listed(socketPath)).map((e) => e.Properties.SerialNumber), [udids[0], udids[2]]);
    assert.deepEqual(await devices.control({ cmd: 'replug', udid: moved }), { ok: true });
    const back = (await readUsbmux(events.reader)).body;
    assert.equal(back.MessageType, 'Attached');
    const ids = (await listed(socketPath)).map((e) => e.DeviceID);
    assert.equal(new Set(ids).size, 3, 'the replugged device got a DeviceID no other process uses');
    assert.ok(ids.includes(back.DeviceID as number) && back.DeviceID !== movedId);
    events.socket.destroy();

    // Connect: an unknown DeviceID is refused by the front, a closed port by the device's process.
    assert.equal(await connectPort(socketPath, 999, 62078), 2);
    assert.equal(await connectPort(socketPath, back.DeviceID as number, 1), 3);

    // The peer pairs (its record kept by the front), opens sessions and backs up through the process.
    const address = { address: devices.address };
    const pair = await runTool(address, 'idevicepair', ['-u', moved, 'pair']);
    assert.equal(pair.code, 0, pair.stdout + pair.stderr);
    assert.equal((await usbmuxRequest(socketPath, { MessageType: 'ReadPairRecord', PairRecordID: moved })).PairRecordData instanceof Buffer, true);
    const backups = path.join(dir, 'backups');
    fs.mkdirSync(backups);
    const backup = await runTool(address, 'idevicebackup2', ['-u', moved, 'backup', '--full', backups]);
    assert.match(backup.stdout, /Backup Successful/, backup.stdout + backup.stderr);
    assert.ok(fs.statSync(path.join(backups, moved, 'Manifest.db')).size > 0);

    // Control commands reach the device's own process.
    const renamed = udids[2]!;
    assert.equal((await runTool(address, 'idevicepair', ['-u', renamed, 'pair'])).code, 0);
    assert.deepEqual(await devices.control({ cmd: 'setName', udid: renamed, name: 'Cart 7' }), { ok: true });
    assert.equal((await runTool(address, 'ideviceinfo', ['-u', renamed, '-k', 'DeviceName'])).stdout.trim(), 'Cart 7');
    assert.deepEqual(await devices.control({ cmd: 'unplug', udid: 'not-a-device' }), { ok: false, error: 'no virtual device not-a-device' });
    assert.equal((await devices.control({ cmd: 'dance' })).ok, false);
  } finally {
    const children = processes();
    await devices.stop();
    for (const pid of children) assert.equal(fs.existsSync(`/proc/${pid}`), false, `device process ${pid} stopped`);
    const left = fs.readdirSync(dir).filter((name) => name.startsWith('usbmuxd.sock'));
    assert.deepEqual(left, [], 'every socket removed');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
