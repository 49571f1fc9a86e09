/**
 * The virtual device CLI (`npm run virtual-device`): the ready line, the control socket, and a clean
 * shutdown on SIGTERM.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sendControl } from '../virtual-device/control-client.ts';
import { usbmuxRequest } from './raw-host.ts';

const MAIN = fileURLToPath(new URL('../virtual-device/main.ts', import.meta.url));
const TIMEOUT_MS = 60_000;

test('the CLI prints its ready line, obeys the control socket and stops cleanly on SIGTERM', { timeout: 120_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cradle-vd-cli-'));
  const socketPath = path.join(dir, 'mux.sock');
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--socket', socketPath, '--devices', '2', '--state', path.join(dir, 'state'), '--fast-kdf'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  try {
    const ready = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        if (out.includes('\n')) resolve(out);
      });
      void exited.then((code) => reject(new Error(`exited with ${code} before ready: ${stderr}`)));
    });
    assert.equal(ready.split('\n').length, 2, 'exactly one line');
    const [word, address, ...udids] = ready.trim().split(' ');
    assert.equal(word, 'ready');
    assert.equal(address, `UNIX:${socketPath}`);
    assert.equal(udids.length, 2);

    const control = `${socketPath}.control`;
    const status = await sendControl(control, { cmd: 'status' });
    assert.equal(status.ok, true);
    const devices = (status as unknown as { devices: Array<{ udid: string; attached: boolean }> }).devices;
    assert.deepEqual(devices.map((d) => d.udid), udids);
    assert.deepEqual(await sendControl(control, { cmd: 'unplug', udid: udids[1] }), { ok: true });
    const list = await usbmuxRequest(socketPath, { MessageType: 'ListDevices' });
    assert.deepEqual((list.DeviceList as Array<{ Properties: { SerialNumber: string } }>).map((d) => d.Properties.SerialNumber), [udids[0]]);
    const bad = await sendControl(control, { cmd: 'setLocked', udid: udids[0], locked: 'yes' });
    assert.equal(bad.ok, false);
    assert.equal((await sendControl(control, { cmd: 'unplug', udid: 'nope' })).ok, false);
    assert.equal((await sendControl(control, { cmd: 'dance' })).ok, false);

    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
    assert.equal(fs.existsSync(socketPath), false, 'the usbmuxd socket is removed');
    assert.equal(fs.existsSync(control), false, 'the control socket is removed');
  } finally {
    clearTimeout(killer);
    child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
