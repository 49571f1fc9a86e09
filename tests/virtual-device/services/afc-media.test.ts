import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { MediaLocks, resolveMediaPath } from './afc-media.ts';

test('AFC paths resolve inside the media root whatever their dots and slashes', () => {
  const root = '/state/dev/media';
  assert.equal(resolveMediaPath(root, '/Books/x.plist'), path.join(root, 'Books/x.plist'));
  assert.equal(resolveMediaPath(root, 'Books//./x.plist'), path.join(root, 'Books/x.plist'));
  assert.equal(resolveMediaPath(root, '/../../etc/passwd'), path.join(root, 'etc/passwd'));
  assert.equal(resolveMediaPath(root, '/a/../../..'), root);
});

test('locks: exclusive excludes everyone else, shared locks coexist, release frees', () => {
  const locks = new MediaLocks();
  const a = {};
  const b = {};
  assert.equal(locks.acquire('/f', a, true), true);
  assert.equal(locks.acquire('/f', a, true), true, 'the holder may lock again');
  assert.equal(locks.acquire('/f', b, true), false);
  assert.equal(locks.acquire('/f', b, false), false);
  assert.equal(locks.acquire('/g', b, true), true, 'other paths are independent');
  locks.release('/f', a);
  assert.equal(locks.acquire('/f', b, false), true);
  assert.equal(locks.acquire('/f', a, false), true, 'shared locks coexist');
  assert.equal(locks.acquire('/f', a, true), false, 'no upgrade while another shares it');
});
