/**
 * The `cradle` command as users run it: bin/cradle.mjs over the build that install makes
 * (scripts/build-cli.mjs, run here first so the build matches the sources).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/** Builds the CLI as install does; returns the path of the `cradle` bin. */
export function shippedCli(): string {
  const build = spawnSync(process.execPath, [join(root, 'scripts/build-cli.mjs')], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`building the CLI failed:\n${build.stderr}`);
  return join(root, 'bin/cradle.mjs');
}
