/**
 * `npm run bench`: every benchmark, one child process each (so one's memory and JIT state do not colour
 * the next). Figures go in docs/BENCHMARKS.md.
 *
 *   npm run bench                                  all of them
 *   npm run bench -- --only backup --sizes 1024 --rounds 4
 *   npm run bench -- --only list,crypto
 *
 * Other options are passed to each section: backup (--sizes, --files, --rounds), list (--files, --rounds), clone
 * (--devices, --data-mb, --mbps, --rounds, --device-storage, --device-processes, --no-peer).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const SECTIONS: Record<string, string> = {
  backup: 'bench/backup.ts',
  list: 'bench/library-list.ts',
  crypto: 'bench/library-crypto.ts',
  clone: 'bench/clone.ts',
};

const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args[onlyAt + 1]!.split(',') : Object.keys(SECTIONS);
const passed = onlyAt >= 0 ? [...args.slice(0, onlyAt), ...args.slice(onlyAt + 2)] : args;
const unknown = only.filter((name) => !SECTIONS[name]);
if (unknown.length > 0) {
  console.error(`Unknown bench section(s): ${unknown.join(', ')}. Known: ${Object.keys(SECTIONS).join(', ')}.`);
  process.exit(2);
}

let failed = false;
for (const name of only) {
  console.log(`\n## ${name}\n`);
  const sectionArgs = passed.filter((_, index, all) => optionBelongsTo(name, all, index));
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, SECTIONS[name]!), ...sectionArgs], { stdio: 'inherit', cwd: root });
  if (run.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);

/** Whether the option at `index` (or the value after one) is one `section` accepts. */
function optionBelongsTo(section: string, all: string[], index: number): boolean {
  const accepts: Record<string, string[]> = { backup: ['--sizes', '--files', '--rounds'], list: ['--files', '--rounds'], crypto: [], clone: ['--data-mb', '--mbps', '--rounds', '--device-storage', '--device-processes', '--devices', '--no-peer'] };
  const option = all[index]!.startsWith('--') ? all[index]! : all[index - 1]!;
  return accepts[section]!.includes(option);
}
