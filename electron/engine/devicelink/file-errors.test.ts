import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { makeFolder } from './file-errors.ts';

test('makeFolder makes missing levels and accepts an existing folder', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cradle-mkdir-'));
  try {
    makeFolder(path.join(dir, 'a', 'b', 'c'));
    makeFolder(path.join(dir, 'a', 'b', 'c'));
    assert.ok(fs.statSync(path.join(dir, 'a', 'b', 'c')).isDirectory());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('makeFolder on a read-only disk fails with EROFS, not the ENOENT of a recursive mkdir', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cradle-mkdir-'));
  const mount = (args: string[]) => spawnSync('mount', args, { encoding: 'utf8' }).status === 0;
  try {
    if (!mount(['--bind', dir, dir]) || !mount(['-o', 'remount,bind,ro', dir])) {
      t.skip('a read-only bind mount needs root');
      return;
    }
    assert.throws(() => makeFolder(path.join(dir, 'a', 'b')), (error: NodeJS.ErrnoException) => error.code === 'EROFS');
  } finally {
    spawnSync('umount', ['-l', dir]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
