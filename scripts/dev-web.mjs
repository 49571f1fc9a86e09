#!/usr/bin/env node
// `npm run dev:web`: builds the renderer, then serves it with the engine over the loopback bridge.
import { spawn, spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const built = spawnSync(process.execPath, [`${root}scripts/build.mjs`, '--renderer'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
const child = spawn(process.execPath, ['--import', 'tsx', `${root}electron/web-bridge/dev-web.ts`, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
