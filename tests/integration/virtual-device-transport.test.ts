/**
 * The virtual device's transport against libimobiledevice's own tools (Debian libimobiledevice-utils):
 * usbmuxd, lockdownd, pairing with the Trust prompt, TLS sessions, values, hotplug events.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { peerToolsMissing, runTool, startFixture } from '../helpers/fixture.ts';
import { listen, readUsbmux, usbmuxRequest } from './raw-host.ts';

const skip = peerToolsMissing;
/** Each test fails instead of hanging. */
const options = { skip, timeout: 120_000 };

test('idevice_id -l lists every device by UDID', options, async () => {
  const fixture = await startFixture({ devices: 3 });
  try {
    const { code, stdout } = await runTool(fixture.server, 'idevice_id', ['-l']);
    assert.equal(code, 0);
    assert.deepEqual(stdout.trim().split('\n').sort(), fixture.server.devices.map((d) => d.udid).sort());
    // Both UDID styles are covered: 25-character (A12 and later) and 40 hex digits.
    assert.ok(fixture.server.devices.some((d) => /^[0-9A-F]{8}-[0-9A-F]{16}$/.test(d.udid)));
    assert.ok(fixture.server.devices.some((d) => /^[0-9a-f]{40}$/.test(d.udid)));
  } finally {
    await fixture.close();
  }
});

test('idevicepair pair then validate succeed, and the pairing survives a restart', options, async () => {
  const fixture = await startFixture();
  const udid = fixture.server.devices[0]!.udid;
  try {
    const paired = await runTool(fixture.server, 'idevicepair', ['-u', udid, 'pair']);
    assert.equal(paired.code, 0, paired.stdout + paired.stderr);
    assert.match(paired.stdout, /SUCCESS: Paired/);
    const validated = await runTool(fixture.server, 'idevicepair', ['-u', udid, 'validate']);
    assert.equal(validated.code, 0, validated.stdout + validated.stderr);
    assert.equal(fixture.server.device(udid).hosts.size, 1);
    await fixture.server.stop();
    const again = await startFixture({}, fixture.dir);
    try {
      const revalidated = await runTool(again.server, 'idevicepair', ['-u', udid, 'validate']);
      assert.equal(revalidated.code, 0, revalidated.stdout + revalidated.stderr);
    } finally {
      await again.close();
    }
  } finally {
    await fixture.close().catch(() => undefined);
  }
});

test('a host the device forgot gets InvalidHostID and is told it is not paired', options, async () => {
  const fixture = await startFixture();
  const udid = fixture.server.devices[0]!.udid;
  try {
    assert.equal((await runTool(fixture.server, 'idevicepair', ['-u', udid, 'pair'])).code, 0);
    fixture.server.device(udid).hosts.clear();
    const validated = await runTool(fixture.server, 'idevicepair', ['-u', udid, 'validate']);
    assert.notEqual(validated.code, 0);
  } finally {
    await fixture.close();
  }
});

test('ideviceinfo shows the identity and answers domain queries', options, async () => {
  const fixture = await startFixture({ devices: 2 });
  try {
    for (const device of fixture.server.devices) {
      const info = await runTool(fixture.server, 'ideviceinfo', ['-u', device.udid]);
      assert.equal(info.code, 0, info.stderr);
      assert.match(info.stdout, new RegExp(`^UniqueDeviceID: ${device.udid}$`, 'm'));
      assert.match(info.stdout, new RegExp(`^ProductType: ${device.model.productType}$`, 'm'));
      assert.match(info.stdout, new RegExp(`^DeviceName: ${device.name}$`, 'm'));
      assert.match(info.stdout, /^SerialNumber: \w+$/m);
    }
    const udid = fixture.server.devices[0]!.udid;
    const backup = await runTool(fixture.server, 'ideviceinfo', ['-u', udid, '-q', 'com.apple.mobile.backup']);
    assert.equal(backup.code, 0, backup.stderr);
    assert.match(backup.stdout, /^WillEncrypt: false$/m);
    assert.match(backup.stdout, /^RequiresEncrypt: (true|false)$/m);
    const key = await runTool(fixture.server, 'ideviceinfo', ['-u', udid, '-q', 'com.apple.disk_usage', '-k', 'TotalDiskCapacity']);
    assert.match(key.stdout.trim(), /^\d+$/);
    // Without a session only the public values are given (no serial number).
    const simple = await runTool(fixture.server, 'ideviceinfo', ['-u', udid, '-s']);
    assert.equal(simple.code, 0, simple.stderr);
    assert.match(simple.stdout, /^ProductVersion: /m);
    assert.doesNotMatch(simple.stdout, /^SerialNumber: /m);
  } finally {
    await fixture.close();
  }
});

test('trust mode pending: pairing waits for the Trust tap', options, async () => {
  const fixture = await startFixture({ trustMode: 'pending' });
  const udid = fixture.server.devices[0]!.udid;
  try {
    const first = await runTool(fixture.server, 'idevicepair', ['-u', udid, 'pair']);
    assert.notEqual(first.code, 0);
    assert.match(first.stdout + first.stderr, /accept the trust dialog/);
    assert.equal(fixture.server.status()[0]!.trustPrompt, 'showing');
    fixture.server.acceptTrust(udid);
    const second = await runTool(fixture.server, 'idevicepair', ['-u', udid, 'pair']);
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.equal(fixture.server.status()[0]!.pairedHosts, 1);
  } finally {
    await fixture.close();
  }
});

test('a denied Trust prompt refuses pairing until the device is replugged', options, async () => {
  const fixture = await startFixture({ trustMode: 'pending' });
  const udid = fixture.server.devices[0]!.udid;
  try {
    fixture.server.denyTrust(udid);
    const denied = await runTool(fixture.server, 'idevicepair', ['-u', udid, 'pair']);
    assert.notEqual(denied.code, 0);
    assert.match(denied.stdout + denied.stderr, /denied/);
    fixture.server.acceptTrust(udid);
    fixture.server.denyTrust(udid);
    assert.notEqual((await runTool(fixture.server, 'idevicepair', ['-u', udid, 'pair'])).code, 0);
    fixture.server.unplug(udid);
    fixture.server.replug(udid);
    fixture.server.acceptTrust(udid);
    const paired = await runTool(fixture.server, 'idevicepair', ['-u', udid, 'pair']);
    assert.equal(paired.code, 0, paired.stdout + paired.stderr);
  } finally {
    await fixture.close();
  }
});

test('trust mode deny always refuses', options, async () => {
  const fixture = await startFixture({ trustMode: 'deny' });
  const udid = fixture.server.devices[0]!.udid;
  try {
    const denied = await runTool(fixture.server, 'idevicepair', ['-u', udid, 'pair']);
    assert.notEqual(denied.code, 0);
    assert.match(denied.stdout + denied.stderr, /denied/);
    assert.equal(fixture.server.device(udid).hosts.size, 0);
  } finally {
    await fixture.close();
  }
});

test('a locked device refuses pairing with PasswordProtected until the passcode is entered', options, async () => {
  const fixture = await startFixture();
  const udid = fixture.server.devices[0]!.udid;
  try {
    fixture.server.setLocked(udid, true);
    const locked = await runTool(fixture.server, 'idevicepair', ['-u', udid, 'pair']);
    assert.notEqual(locked.code, 0);
    assert.match(locked.stdout + locked.stderr, /passcode/);
    fixture.server.enterPasscode(udid);
    assert.equal((await runTool(fixture.server, 'idevicepair', ['-u', udid, 'pair'])).code, 0);
  } finally {
    await fixture.close();
  }
});

test('a Listen client sees Attached, Paired, Detached and Attached again', options, async () => {
  const fixture = await startFixture();
  const device = fixture.server.devices[0]!;
  const { socket, reader } = await listen(fixture.server.socketPath);
  try {
    const attached = await readUsbmux(reader);
    assert.equal(attached.tag, 0);
    assert.equal(attached.body.MessageType, 'Attached');
    const properties = attached.body.Properties as Record<string, unknown>;
    assert.equal(properties.SerialNumber, device.udid);
    assert.equal(properties.ConnectionType, 'USB');
    assert.equal((await runTool(fixture.server, 'idevicepair', ['-u', device.udid, 'pair'])).code, 0);
    assert.deepEqual((await readUsbmux(reader)).body, { MessageType: 'Paired', DeviceID: device.deviceId });
    const oldId = device.deviceId;
    fixture.server.unplug(device.udid);
    assert.deepEqual((await readUsbmux(reader)).body, { MessageType: 'Detached', DeviceID: oldId });
    const list = await usbmuxRequest(fixture.server.socketPath, { MessageType: 'ListDevices' });
    assert.deepEqual(list.DeviceList, []);
    assert.equal(list.MessageType, undefined);
    fixture.server.replug(device.udid);
    const back = await readUsbmux(reader);
    assert.equal(back.body.MessageType, 'Attached');
    assert.notEqual(back.body.DeviceID, oldId);
    assert.equal((back.body.Properties as Record<string, unknown>).SerialNumber, device.udid);
  } finally {
    socket.destroy();
    await fixture.close();
  }
});

test('usbmuxd pair records: missing is Result 2, saved ones read back, deleted ones are gone', { timeout: 120_000 }, async () => {
  const fixture = await startFixture();
  const path = fixture.server.socketPath;
  try {
    assert.equal((await usbmuxRequest(path, { MessageType: 'ReadPairRecord', PairRecordID: 'ABC' })).Number, 2);
    const data = Buffer.from('bplist00-not-really');
    assert.equal((await usbmuxRequest(path, { MessageType: 'SavePairRecord', PairRecordID: 'ABC', PairRecordData: data, DeviceID: 1 })).Number, 0);
    assert.deepEqual((await usbmuxRequest(path, { MessageType: 'ReadPairRecord', PairRecordID: 'ABC' })).PairRecordData, data);
    assert.equal((await usbmuxRequest(path, { MessageType: 'SavePairRecord', PairRecordID: '../x', PairRecordData: data })).Number, 1);
    assert.equal((await usbmuxRequest(path, { MessageType: 'DeletePairRecord', PairRecordID: 'ABC' })).Number, 0);
    assert.equal((await usbmuxRequest(path, { MessageType: 'ReadPairRecord', PairRecordID: 'ABC' })).Number, 2);
    const buid = (await usbmuxRequest(path, { MessageType: 'ReadBUID' })).BUID;
    assert.match(String(buid), /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
  } finally {
    await fixture.close();
  }
});
