/**
 * The README's test filter: `npm run test:unit -- <substring>` (npm takes the `--`) and
 * `node scripts/test.mjs --only unit -- <substring>` run only the test files whose path contains it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

const root = new URL('../..', import.meta.url).pathname;

test('a filter after the stage runs only the matching test files, through npm or directly', () => {
  // A test runner started from a test would otherwise take itself for a nested run and skip its files.
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  const options = { cwd: root, encoding: 'utf8', timeout: 300_000, env } as const;
  const runs = [
    spawnSync('npm', ['run', '--silent', 'test:unit', '--', 'plist/xml-write'], options),
    spawnSync(process.execPath, ['scripts/test.mjs', '--only', 'unit', '--', 'plist/xml-write'], options),
  ];
  for (const run of runs) {
    assert.equal(run.status, 0, run.stdout.slice(-2000) + run.stderr);
    assert.match(run.stdout, /unit and integration tests \(1 files\)/);
    assert.match(run.stdout, /the same document as the builder, byte for byte/);
    assert.match(run.stdout, /\n2 passed, 0 failed/);
  }
});
