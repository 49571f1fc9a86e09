import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { canExchangeFolders, exchangeFolders } from './exchange.ts';

const dir = mkdtempSync(join(tmpdir(), 'cradle-exchange-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const built = canExchangeFolders() || process.env.CI === 'true' ? false : 'dist/native/exchange.node is not built (npm run prepare)';

test('two folders trade places in one step; a missing one is an error with its code, and nothing moves', { skip: built }, () => {
  assert.ok(canExchangeFolders(), 'built by npm ci (scripts/build-native.mjs)');
  const a = join(dir, 'a');
  const b = join(dir, 'b b é');
  mkdirSync(a);
  mkdirSync(b);
  writeFileSync(join(a, 'from-a'), 'a');
  writeFileSync(join(b, 'from-b'), 'b');
  assert.equal(exchangeFolders(a, b), true);
  assert.deepEqual(readdirSync(a), ['from-b']);
  assert.deepEqual(readdirSync(b), ['from-a']);
  assert.throws(() => exchangeFolders(a, join(dir, 'missing')), (error: NodeJS.ErrnoException) => error.code === 'ENOENT' && /exchanging/.test(error.message));
  assert.deepEqual(readdirSync(a), ['from-b']);
});
