/**
 * The CLI bundled as the app ships it (esbuild, npm packages external), so a bench does not measure tsx
 * compiling TypeScript at every start.
 */
import { build } from 'esbuild';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/** Bundles electron/cli/main.ts into dist/bench/cradle.mjs; returns its path. */
export async function bundleCli(): Promise<string> {
  const cli = join(root, 'dist/bench/cradle.mjs');
  await build({ entryPoints: [join(root, 'electron/cli/main.ts')], outfile: cli, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
  return cli;
}
