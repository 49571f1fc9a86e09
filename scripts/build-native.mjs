#!/usr/bin/env node
// Builds dist/native/exchange.node from native/exchange.c: the one-step swap of a finished backup into place
// (Linux renameat2 RENAME_EXCHANGE, macOS renamex_np RENAME_SWAP), which Node has no call for. Node-API, so
// the one build loads in Node (the `cradle` command) and in Electron (the app). Needs a C compiler (`cc`, or
// $CC) and Node's headers (<node>/../include/node); runs at `npm ci` / `npm install` (prepare).
// Without them, or on Windows, nothing is built and backups swap in two renames, the previous backup
// recovered by every Cradle reader (electron/engine/backup/staging.ts). In CI (`CI=true`) on Linux and macOS a
// failed build is an error: the tests must exercise the one-step swap.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'dist/native/exchange.node');
const headers = join(dirname(process.execPath), '..', 'include', 'node');
const flags = { linux: ['-shared', '-fPIC'], darwin: ['-bundle', '-undefined', 'dynamic_lookup'] }[process.platform];

function skip(reason) {
  rmSync(out, { force: true });
  const strict = process.env.CI === 'true' && flags !== undefined;
  console[strict ? 'error' : 'log'](`${strict ? 'error' : 'note'}: the one-step backup swap was not built (${reason}); backups swap in two renames.`);
  if (strict) process.exit(1);
}

if (!flags) skip(`${process.platform} has no one-step exchange of two folders`);
else if (!existsSync(join(headers, 'node_api.h'))) skip(`Node's headers are not at ${headers}`);
else {
  mkdirSync(dirname(out), { recursive: true });
  const compiler = process.env.CC || 'cc';
  const made = spawnSync(compiler, [...flags, '-O2', '-Wall', '-Wextra', '-Werror', '-I', headers, '-o', out, join(root, 'native/exchange.c')], { encoding: 'utf8' });
  if (made.error) skip(`${compiler}: ${made.error.message}`);
  else if (made.status !== 0) skip(`${compiler} failed:\n${made.stderr.trim()}`);
  else console.log('built dist/native/exchange.node');
}
