#!/usr/bin/env node
// `npm run demo`: Cradle without an iPhone. Starts the virtual device (an iPhone and a managed iPhone on a
// private usbmuxd socket), then the app pointed at it; `-- --web` runs the browser mode instead. The virtual
// device stops when the app exits or on Ctrl+C. Other arguments go to the app.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = new URL('..', import.meta.url).pathname;
const web = process.argv.includes('--web');
const appArgs = process.argv.slice(2).filter((arg) => arg !== '--web');
const dir = mkdtempSync(join(tmpdir(), 'cradle-demo-'));
const socket = join(dir, 'usbmuxd');

const device = spawn(
  process.execPath,
  ['--import', 'tsx', join(root, 'tests/virtual-device/main.ts'), '--socket', socket, '--devices', '2', '--profile', 'personal,managed'],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
);
let app;
let stopping = false;

/** Stops the app (if running) and the virtual device, removes the socket folder, exits with `code`. */
function stop(code) {
  if (stopping) return;
  stopping = true;
  if (app && app.exitCode === null && app.signalCode === null) app.kill('SIGTERM');
  const finish = () => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(code);
  };
  if (device.exitCode !== null || device.signalCode !== null) finish();
  else {
    device.once('exit', finish);
    device.kill('SIGTERM');
  }
}

const ready = new Promise((resolve, reject) => {
  const lines = createInterface({ input: device.stdout });
  lines.on('line', (line) => {
    const prefix = `ready UNIX:${socket} `;
    if (line.startsWith(prefix)) resolve(line.slice(prefix.length).split(' '));
    else console.log(line);
  });
  device.once('exit', (code) => reject(new Error(`the virtual device exited (code ${code}) before it was ready`)));
});

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(130));

const address = `UNIX:${socket}`;
let udids = [];
try {
  udids = await ready;
} catch (error) {
  console.error(`demo: ${error.message}`);
  stop(1);
}

if (!stopping) {
  console.log(`Virtual devices ready on ${address}: ${udids.join(', ')}`);
  console.log(`Control them (unplug, Trust, lock…) through ${socket}.control; see tests/virtual-device/README.md.`);
  const script = join(root, web ? 'scripts/dev-web.mjs' : 'scripts/start.mjs');
  app = spawn(process.execPath, [script, ...appArgs], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, USBMUXD_SOCKET_ADDRESS: address },
  });
  app.on('exit', (code) => {
    if (code && !web) console.error('demo: the app did not start. Without Electron, try the browser mode: npm run demo -- --web');
    stop(code ?? 0);
  });
  // Should the virtual device die first, the app has nothing left to show.
  device.once('exit', () => stop(1));
}
