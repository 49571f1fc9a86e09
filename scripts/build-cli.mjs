#!/usr/bin/env node
// Builds the `cradle` command as it ships: electron/cli/main.ts and the npm packages it uses, bundled into
// dist/cli/cradle.mjs and a few chunks it loads when first needed, so a start reads a few files instead of
// compiling TypeScript (tsx) or resolving hundreds of package modules. better-sqlite3 (native) and
// bplist-creator stay in node_modules (scripts/node-bundle-options.mjs), and so does `plist`
// (engine/plist/codec.ts loads it only for XML its fast reader declines).
// dist/cli/inputs.json lists the sources, so bin/cradle.mjs can tell a stale build in a development
// checkout. Runs at `npm ci` / `npm install` (prepare) and as `npm run build:cli`.
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { nodeBundleOptions } from './node-bundle-options.mjs';

const root = new URL('..', import.meta.url).pathname;
mkdirSync(`${root}dist/cli`, { recursive: true });
const result = await build({
  ...nodeBundleOptions,
  absWorkingDir: root,
  entryPoints: ['electron/cli/main.ts'],
  outdir: 'dist/cli',
  entryNames: 'cradle',
  outExtension: { '.js': '.mjs' },
  // What only some commands need (the engine for anything but --version, certificates for pairing) is a
  // chunk of its own, loaded when first used.
  splitting: true,
  chunkNames: 'chunks/part-[hash]',
  metafile: true,
});
// Chunks of earlier builds stay an hour: a `cradle` started before this build may still load one.
const made = new Set(Object.keys(result.metafile.outputs).map((output) => output.split('/').pop()));
for (const chunk of readdirSync(`${root}dist/cli/chunks`)) {
  const file = `${root}dist/cli/chunks/${chunk}`;
  if (!made.has(chunk) && Date.now() - statSync(file).mtimeMs > 3_600_000) rmSync(file, { force: true });
}
const inputs = Object.keys(result.metafile.inputs).filter((input) => !input.startsWith('node_modules/'));
writeFileSync(`${root}dist/cli/inputs.json`, `${JSON.stringify(inputs)}\n`);
console.log(`built dist/cli/cradle.mjs (${inputs.length} sources)`);
