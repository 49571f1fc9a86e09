import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import { startTestDevices, type TestDevices } from '../helpers/virtual-devices.ts';

const root = new URL('../..', import.meta.url).pathname;
let devices: TestDevices;

before(async () => {
  devices = await startTestDevices({ devices: 2, trustMode: 'pending' });
});
after(() => devices.close());

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a tool asynchronously: the virtual devices live in this process and must keep answering. */
function run(command: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { env: { ...process.env, USBMUXD_SOCKET_ADDRESS: devices.server.address }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const cradle = (...args: string[]) => run(process.execPath, [`${root}bin/cradle.mjs`, ...args]);

test('cradle devices --json lists both devices with name, model and iOS version', async () => {
  const { code, stdout } = await cradle('devices', '--json');
  assert.equal(code, 0);
  const listed = JSON.parse(stdout) as { udid: string; name: string; model: string; iosVersion: string; paired: boolean }[];
  assert.deepEqual(listed.map((d) => d.udid).sort(), [...devices.udids].sort());
  for (const device of listed) {
    const expected = devices.server.device(device.udid).values[''];
    assert.equal(device.name, expected?.DeviceName);
    assert.equal(device.iosVersion, expected?.ProductVersion);
    assert.ok(device.model && !device.model.includes(','), `marketing name, got ${device.model}`);
    assert.equal(device.paired, false);
  }
});

test('cradle info on an unpaired device exits 5 and says to pair', async () => {
  const { code, stderr } = await cradle('info', devices.udids[0]!);
  assert.equal(code, 5);
  assert.match(stderr, /not paired|Pair it/);
});

test('cradle pair waits and reports the Trust prompt until accepted; idevicepair validate accepts our record', async () => {
  const udid = devices.udids[0]!;
  const pairing = cradle('pair', udid, '--json');
  await waitFor(() => devices.server.device(udid).trustPrompt === 'showing');
  devices.server.acceptTrust(udid);
  const { code, stdout } = await pairing;
  assert.equal(code, 0, stdout);
  const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
  assert.deepEqual(lines[0], { state: 'waiting', prompt: 'trust', message: 'Tap Trust on the device, then enter its passcode.' });
  assert.deepEqual(lines.at(-1), { state: 'paired', udid });

  const validate = await run('idevicepair', ['-u', udid, 'validate']);
  assert.equal(validate.code, 0, validate.stdout + validate.stderr);
  assert.match(validate.stdout, /SUCCESS/);
});

test('cradle info and rename on the paired device', async () => {
  const udid = devices.udids[0]!;
  const info = await cradle('info', udid, '--json');
  assert.equal(info.code, 0, info.stderr);
  const summary = JSON.parse(info.stdout);
  const values = devices.server.device(udid).values[''];
  assert.equal(summary.serialNumber, values?.SerialNumber);
  assert.equal(summary.iosVersion, values?.ProductVersion);
  assert.equal(typeof summary.capacityBytes, 'number');

  assert.equal((await cradle('rename', udid, 'Loaner 07')).code, 0);
  assert.equal(devices.server.device(udid).values['']?.DeviceName, 'Loaner 07');
  assert.equal((await cradle('rename', udid, '   ')).code, 2);
});

test('a cable pulled during cradle info: exit 4, a clear message, no crash', async () => {
  const udid = devices.udids[0]!;
  devices.server.failAfterBytes(udid, 1500);
  const { code, stderr } = await cradle('info', udid);
  devices.server.failAfterBytes(udid, null);
  assert.equal(code, 4, stderr);
  assert.match(stderr, /^cradle: The device (disconnected|closed the connection|went away|is no longer connected)/);
  assert.doesNotMatch(stderr, /at .*\.ts:\d+/, 'no stack trace');
});

test('a denied Trust prompt fails pairing with exit 5 and a clear message', async () => {
  const udid = devices.udids[1]!;
  const pairing = cradle('pair', udid);
  await waitFor(() => devices.server.device(udid).trustPrompt === 'showing');
  devices.server.denyTrust(udid);
  const { code, stderr } = await pairing;
  assert.equal(code, 5);
  assert.match(stderr, /declined|Don.t Trust|reconnect/i);
});

test('cradle unpair forgets the pairing on both sides', async () => {
  const udid = devices.udids[0]!;
  assert.equal((await cradle('unpair', udid)).code, 0);
  assert.equal((await cradle('info', udid)).code, 5);
  assert.notEqual((await run('idevicepair', ['-u', udid, 'validate'])).code, 0);
});

test('an unknown UDID exits 4', async () => {
  assert.equal((await cradle('info', '00000000-0000000000000000')).code, 4);
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 50));
}
