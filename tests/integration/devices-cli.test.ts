import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { peerToolsMissing, runTool, startFixture, type Fixture } from '../helpers/fixture.ts';
import { runCradle } from './cradle-cli.ts';

let fixture: Fixture;
let udids: string[];

before(async () => {
  fixture = await startFixture({ devices: 2, trustMode: 'pending' });
  udids = fixture.server.devices.map((device) => device.udid);
});
after(() => fixture.close());

const run = (command: string, args: string[]) => runTool(fixture.server, command, args);
const cradle = (...args: string[]) => runCradle(fixture.server, args);

describe('cradle device commands against two virtual devices', { skip: peerToolsMissing }, () => {

test('cradle devices --json lists both devices with name, model and iOS version', async () => {
  const { code, stdout } = await cradle('devices', '--json');
  assert.equal(code, 0);
  const listed = JSON.parse(stdout) as { udid: string; name: string; model: string; iosVersion: string; paired: boolean }[];
  assert.deepEqual(listed.map((d) => d.udid).sort(), [...udids].sort());
  for (const device of listed) {
    const expected = fixture.server.device(device.udid).values[''];
    assert.equal(device.name, expected?.DeviceName);
    assert.equal(device.iosVersion, expected?.ProductVersion);
    assert.ok(device.model && !device.model.includes(','), `marketing name, got ${device.model}`);
    assert.equal(device.paired, false);
  }
});

test('cradle info on an unpaired device exits 5 and says to pair', async () => {
  const { code, stderr } = await cradle('info', udids[0]!);
  assert.equal(code, 5);
  assert.match(stderr, /not paired|Pair it/);
});

test('cradle pair waits and reports the Trust prompt until accepted; idevicepair validate accepts our record', async () => {
  const udid = udids[0]!;
  const pairing = cradle('pair', udid, '--json');
  await waitFor(() => fixture.server.device(udid).trustPrompt === 'showing');
  fixture.server.acceptTrust(udid);
  const { code, stdout } = await pairing;
  assert.equal(code, 0, stdout);
  const events = stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; prompt?: string; message?: string });
  const prompt = events.find((event) => event.type === 'prompt');
  assert.deepEqual([prompt?.prompt, prompt?.message], ['trust', 'Tap Trust on the device, then enter its passcode.']);
  assert.equal(events.at(-1)?.type, 'done');

  const validate = await run('idevicepair', ['-u', udid, 'validate']);
  assert.equal(validate.code, 0, validate.stdout + validate.stderr);
  assert.match(validate.stdout, /SUCCESS/);
});

test('cradle info and rename on the paired device', async () => {
  const udid = udids[0]!;
  const info = await cradle('info', udid, '--json');
  assert.equal(info.code, 0, info.stderr);
  const summary = JSON.parse(info.stdout);
  const values = fixture.server.device(udid).values[''];
  assert.equal(summary.serialNumber, values?.SerialNumber);
  assert.equal(summary.iosVersion, values?.ProductVersion);
  assert.equal(typeof summary.capacityBytes, 'number');

  assert.equal((await cradle('rename', udid, 'Loaner 07')).code, 0);
  assert.equal(fixture.server.device(udid).values['']?.DeviceName, 'Loaner 07');
  assert.equal((await cradle('rename', udid, '   ')).code, 2);
});

test('cradle devices: the paired device with its serial number, the list by name', async () => {
  const { code, stdout } = await cradle('devices', '--json');
  assert.equal(code, 0);
  const listed = JSON.parse(stdout) as { udid: string; name: string; serialNumber: string | null; deviceClass: string; paired: boolean }[];
  const paired = listed.find((device) => device.udid === udids[0])!;
  assert.equal(paired.serialNumber, fixture.server.device(udids[0]!).values['']?.SerialNumber);
  assert.equal(paired.deviceClass, fixture.server.device(udids[0]!).values['']?.DeviceClass);
  assert.equal(listed.find((device) => device.udid === udids[1])?.serialNumber, null, 'not paired: no session, no serial');
  assert.deepEqual(listed.map((device) => device.name), listed.map((device) => device.name).sort((a, b) => a.localeCompare(b)));
  const text = await cradle('devices');
  assert.match(text.stdout, new RegExp(`Loaner 07 — .*, serial ${paired.serialNumber}`));
});

test('a cable pulled during cradle info: exit 4, a clear message, no crash', async () => {
  const udid = udids[0]!;
  fixture.server.failAfterBytes(udid, 1500);
  const { code, stderr } = await cradle('info', udid);
  fixture.server.failAfterBytes(udid, null);
  assert.equal(code, 4, stderr);
  assert.match(stderr, /^cradle: The device (disconnected|closed the connection|went away|is no longer connected)/);
  assert.doesNotMatch(stderr, /at .*\.ts:\d+/, 'no stack trace');
});

test('a denied Trust prompt fails pairing with exit 5 and a clear message', async () => {
  const udid = udids[1]!;
  const pairing = cradle('pair', udid);
  await waitFor(() => fixture.server.device(udid).trustPrompt === 'showing');
  fixture.server.denyTrust(udid);
  const { code, stderr } = await pairing;
  assert.equal(code, 5);
  assert.match(stderr, /declined|Don.t Trust|reconnect/i);
});

test('cradle unpair forgets the pairing on both sides', async () => {
  const udid = udids[0]!;
  assert.equal((await cradle('unpair', udid)).code, 0);
  assert.equal((await cradle('info', udid)).code, 5);
  assert.notEqual((await run('idevicepair', ['-u', udid, 'validate'])).code, 0);
});

test('an unknown UDID exits 4', async () => {
  assert.equal((await cradle('info', '00000000-0000000000000000')).code, 4);
});

});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 50));
}
