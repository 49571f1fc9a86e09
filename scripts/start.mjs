#!/usr/bin/env node
// `npm start`: builds and launches the Electron app, or explains how to get Electron.
import { spawn, spawnSync } from 'node:child_process';
import { ELECTRON_MISSING, ensureElectronBinary } from './electron-binary.mjs';

const root = new URL('..', import.meta.url).pathname;
const electron = ensureElectronBinary();
if (!electron) {
  console.error(ELECTRON_MISSING);
  process.exit(1);
}
const built = spawnSync(process.execPath, [`${root}scripts/build.mjs`], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
const child = spawn(electron, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
// `npm run demo` stops the app with a signal; Electron must go with this script.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
