#!/usr/bin/env node
// The long reliability run: every test in tests/reliability/ with CRADLE_SOAK=1 (more fuzz cases, more
// backups in a row, bigger devices), one file at a time, then the reliability matrix.
// Extra arguments filter test files by substring.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reliabilityMatrix } from './reliability-matrix.mjs';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);
const files = readdirSync(join(root, 'tests/reliability'))
  .filter((name) => name.endsWith('.test.ts'))
  .map((name) => join('tests/reliability', name))
  .filter((file) => filters.length === 0 || filters.some((s) => file.includes(s)))
  .sort();
const dir = mkdtempSync(join(tmpdir(), 'cradle-soak-'));
const log = join(dir, 'tally.jsonl');
const started = Date.now();
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, CRADLE_SOAK: '1', CRADLE_RELIABILITY_LOG: log },
});
console.log(`\nReliability matrix (soak, ${Math.round((Date.now() - started) / 1000)} s):\n`);
console.log(reliabilityMatrix(log) || '(nothing recorded)');
rmSync(dir, { recursive: true, force: true });
process.exit(result.status ?? 1);
