/**
 * MoveItems on a real file system: each destination is replaced (a file, a folder full of files, a symlink:
 * never written through), and the path confinement forgets what it had checked under anything moved, so a
 * symlink that appears where a checked folder was is caught.
 */
import assert from 'node:assert/strict';
import { existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CradleError } from '../../../shared/errors.ts';
import { PathConfinement } from './confine.ts';
import { moveItems } from './operations.ts';

const dir = mkdtempSync(join(tmpdir(), 'cradle-move-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh root with a `U` device folder and a folder outside it. */
function setup(name: string) {
  const root = join(dir, name, 'root');
  const outside = join(dir, name, 'outside');
  mkdirSync(join(root, 'U', 'Snapshot', 'ab'), { recursive: true });
  mkdirSync(outside, { recursive: true });
  return { root, outside, u: join(root, 'U'), confine: new PathConfinement(root, 'U') };
}

const isEscape = (error: unknown) => error instanceof CradleError && error.code === 'PATH_ESCAPE';

test('a moved file replaces a file (its other hard link keeps the old content), a folder full of files, and a symlink', async () => {
  const { u, outside, confine } = setup('replace');
  for (const name of ['one', 'two', 'three']) writeFileSync(join(u, 'Snapshot', 'ab', name), `new ${name}`);
  mkdirSync(join(u, 'ab'));
  writeFileSync(join(u, 'ab', 'one'), 'old one');
  linkSync(join(u, 'ab', 'one'), join(u, 'previous-one'));
  mkdirSync(join(u, 'ab', 'two', 'deeper'), { recursive: true });
  writeFileSync(join(u, 'ab', 'two', 'deeper', 'file'), 'old');
  symlinkSync(outside, join(u, 'ab', 'three'));

  await moveItems(confine, { 'U/Snapshot/ab/one': 'U/ab/one', 'U/Snapshot/ab/two': 'U/ab/two', 'U/Snapshot/ab/three': 'U/ab/three' });

  for (const name of ['one', 'two', 'three']) {
    assert.ok(lstatSync(join(u, 'ab', name)).isFile(), name);
    assert.equal(readFileSync(join(u, 'ab', name), 'utf8'), `new ${name}`);
  }
  assert.equal(readFileSync(join(u, 'previous-one'), 'utf8'), 'old one');
  assert.deepEqual(readdirSync(outside), []);
  assert.deepEqual(readdirSync(join(u, 'Snapshot', 'ab')), []);
});

test('a folder moves onto a folder full of files; a missing source is an error and leaves the destination', async () => {
  const { u, confine } = setup('folders');
  mkdirSync(join(u, 'Snapshot', 'ab', 'inner'));
  writeFileSync(join(u, 'Snapshot', 'ab', 'inner', 'file'), 'new');
  mkdirSync(join(u, 'ab', 'old'), { recursive: true });
  writeFileSync(join(u, 'ab', 'old', 'file'), 'old');

  await moveItems(confine, { 'U/Snapshot/ab': 'U/ab' });
  assert.deepEqual(readdirSync(join(u, 'ab')), ['inner']);
  assert.equal(readFileSync(join(u, 'ab', 'inner', 'file'), 'utf8'), 'new');

  writeFileSync(join(u, 'kept'), 'kept');
  await assert.rejects(moveItems(confine, { 'U/missing': 'U/kept' }), (error: NodeJS.ErrnoException) => error.code === 'ENOENT');
  assert.equal(readFileSync(join(u, 'kept'), 'utf8'), 'kept');
});

test('after a move, folders checked under the old name are checked again: a symlink put there is caught', async () => {
  const { u, outside, confine } = setup('forget');
  // `U/a/b/c` checked and made (so `U/a` and `U/a/b` are known only as folders above it).
  confine.ensureFolder(confine.resolveNoFollow('U/a/b/c/file').replace(/[/\\]file$/, ''));
  await moveItems(confine, { 'U/a': 'U/moved' });
  assert.ok(existsSync(join(u, 'moved', 'b', 'c')));
  // Something else puts a symlink where the checked folder was.
  mkdirSync(join(u, 'a'));
  symlinkSync(outside, join(u, 'a', 'b'));
  assert.throws(() => confine.resolveNoFollow('U/a/b/c/file'), isEscape);
  assert.deepEqual(readdirSync(outside), []);
});
