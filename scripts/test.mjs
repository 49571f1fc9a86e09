#!/usr/bin/env node
// Runs every check of the project and prints one closing "N passed, N failed" line.
// Stages: static (typecheck, lint), node (unit + integration tests), e2e (Playwright in Chromium).
// `--only <stage>` runs one stage; any other argument filters test files by substring.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { reliabilityMatrix } from './reliability-matrix.mjs';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;
// Every other argument filters test files by substring: `npm run test:unit -- fleet` reaches here as
// `--only unit fleet` (npm takes the `--`), `node scripts/test.mjs --only unit -- fleet` keeps it.
const filters = args.filter((arg, index) => arg !== '--' && arg !== '--only' && (onlyIndex < 0 || index !== onlyIndex + 1));
const totals = { passed: 0, failed: 0, skipped: 0, failures: [] };
// Reliability tests record their counts here (tests/helpers/reliability-tally.ts); printed at the end.
const tallyDir = mkdtempSync(join(tmpdir(), 'cradle-tally-'));
process.env.CRADLE_RELIABILITY_LOG = join(tallyDir, 'tally.jsonl');
// The standard backup folder of every engine and `cradle` the tests start: never the machine's own.
process.env.CRADLE_BACKUP_DIR = join(tallyDir, 'standard-backups');

function run(label, command, commandArgs, options = {}) {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', ...options });
  return result.status === 0;
}

function check(label, command, commandArgs) {
  if (run(label, command, commandArgs)) totals.passed += 1;
  else {
    totals.failed += 1;
    totals.failures.push(label);
  }
}

function findTests(dir, suffix, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTests(path, suffix, out);
    else if (name.endsWith(suffix)) out.push(relative(root, path));
  }
  return out.sort();
}

function nodeTests(label, files, concurrency) {
  const selected = files.filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
  if (selected.length === 0) return;
  const dir = mkdtempSync(join(tmpdir(), 'cradle-test-'));
  const countsFile = join(dir, 'counts.json');
  run(`${label} (${selected.length} files)`, process.execPath, [
    '--import', 'tsx',
    '--test',
    `--test-concurrency=${concurrency}`,
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    `--test-reporter=${join(root, 'scripts/count-reporter.mjs')}`, `--test-reporter-destination=${countsFile}`,
    ...selected,
  ]);
  let counts;
  try {
    counts = JSON.parse(readFileSync(countsFile, 'utf8'));
  } catch {
    counts = { passed: 0, failed: 1, skipped: 0, failures: [`${label}: the test runner crashed`] };
  }
  rmSync(dir, { recursive: true, force: true });
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  totals.failures.push(...counts.failures);
}

const npx = (bin) => join(root, 'node_modules/.bin', bin);
if (!only || only === 'static') {
  check('typecheck: node code', npx('tsc'), ['-p', 'tsconfig.node.json']);
  check('typecheck: web code', npx('tsc'), ['-p', 'tsconfig.web.json']);
  check('typecheck: renderer tests', npx('tsc'), ['-p', 'tsconfig.renderer-tests.json']);
  check('lint', npx('eslint'), ['.']);
}
if (!only || only === 'unit' || only === 'node') {
  const files = [
    ...findTests(join(root, 'shared'), '.test.ts'),
    ...findTests(join(root, 'electron'), '.test.ts'),
    ...findTests(join(root, 'renderer'), '.test.ts'),
    ...findTests(join(root, 'tests'), '.test.ts'),
  ];
  nodeTests('unit and integration tests', files, 2);
}
if (!only || only === 'e2e') {
  if (run('build renderer for e2e', process.execPath, [join(root, 'scripts/build.mjs'), '--renderer'])) {
    nodeTests('e2e tests', findTests(join(root, 'tests/e2e'), '.e2e.ts'), 1);
  } else {
    totals.failed += 1;
    totals.failures.push('build renderer for e2e');
  }
}

const matrix = reliabilityMatrix(process.env.CRADLE_RELIABILITY_LOG);
if (matrix) console.log(`\nReliability matrix:\n\n${matrix}`);
rmSync(tallyDir, { recursive: true, force: true });
if (totals.failures.length) console.log(`\nFailed:\n  ${totals.failures.join('\n  ')}`);
const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
console.log(`\n${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(totals.failed === 0 ? 0 : 1);
