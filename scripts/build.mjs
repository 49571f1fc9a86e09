#!/usr/bin/env node
// Builds what Electron loads: the renderer (Vite) into dist/renderer, main (ESM) and preload (CJS,
// sandboxed: only `electron` stays external) with esbuild. `--renderer` builds only the renderer.
import { copyFileSync } from 'node:fs';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';

const root = new URL('..', import.meta.url).pathname;
const rendererOnly = process.argv.includes('--renderer');

await viteBuild({ configFile: `${root}vite.config.ts`, logLevel: 'warn' });
if (!rendererOnly) {
  const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'warning', absWorkingDir: root };
  await esbuild({
    ...common,
    entryPoints: ['electron/main/index.ts'],
    outfile: 'dist/main/index.mjs',
    format: 'esm',
    packages: 'external',
  });
  // The tray icon (electron/main/tray.ts) is loaded beside main: the packaged app holds only dist/.
  copyFileSync(`${root}resources/icon.png`, `${root}dist/main/icon.png`);
  await esbuild({
    ...common,
    entryPoints: ['electron/preload/index.ts'],
    outfile: 'dist/preload/index.cjs',
    format: 'cjs',
    external: ['electron'],
  });
}
console.log(rendererOnly ? 'built dist/renderer' : 'built dist/renderer, dist/main, dist/preload');
