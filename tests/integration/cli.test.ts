import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { startFakeUsbmuxd } from '../helpers/fake-usbmuxd.ts';

const root = new URL('../..', import.meta.url).pathname;

function cradle(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [`${root}bin/cradle.mjs`, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('cradle --version prints the version and exits 0', () => {
  const { code, stdout } = cradle(['--version']);
  assert.equal(code, 0);
  assert.match(stdout.trim(), /^\d+\.\d+\.\d+/);
});

test('cradle doctor --json with no usbmuxd: exit 3, JSON with the address and a hint', () => {
  const { code, stdout } = cradle(['doctor', '--json'], { USBMUXD_SOCKET_ADDRESS: 'UNIX:/nonexistent/usbmuxd' });
  assert.equal(code, 3);
  const info = JSON.parse(stdout);
  assert.equal(info.usbmuxd.address, 'UNIX:/nonexistent/usbmuxd');
  assert.equal(info.usbmuxd.reachable, false);
  assert.ok(info.usbmuxd.hint);
});

test('cradle doctor against a usbmuxd that answers: exit 0, says it answers', async () => {
  const peer = await startFakeUsbmuxd('device-list');
  try {
    const result = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      // Async spawn: the fake usbmuxd lives in this process and must keep answering.
      import('node:child_process').then(({ execFile }) => {
        execFile(process.execPath, [`${root}bin/cradle.mjs`, 'doctor'], { env: { ...process.env, USBMUXD_SOCKET_ADDRESS: peer.address }, timeout: 60_000 }, (error, stdout) =>
          resolve({ code: error ? (error.code as number) : 0, stdout }),
        );
      });
    });
    assert.equal(result.code, 0);
    assert.match(result.stdout, new RegExp(`usbmuxd: ${peer.address}.*answering`));
  } finally {
    await peer.close();
  }
});

test('wrong usage exits 2 with the usage text', () => {
  const unknown = cradle(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /Usage: cradle/);
  assert.equal(cradle(['doctor', '--bogus-flag']).code, 2);
});

test('a malformed USBMUXD_SOCKET_ADDRESS is explained', () => {
  const { code, stdout } = cradle(['doctor'], { USBMUXD_SOCKET_ADDRESS: 'bogus' });
  assert.equal(code, 3);
  assert.match(stdout, /neither UNIX:\/path nor host:port/);
});
