import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CradleError } from '../../../shared/errors.ts';
import { PathConfinement } from './confine.ts';

const dir = mkdtempSync(join(tmpdir(), 'cradle-confine-'));
const root = join(dir, 'root');
const outside = join(dir, 'outside');
mkdirSync(join(root, 'UDID', 'ab'), { recursive: true });
mkdirSync(outside);
symlinkSync(outside, join(root, 'UDID', 'link'));
symlinkSync(join(outside, 'file'), join(root, 'UDID', 'ab', 'filelink'));
after(() => rmSync(dir, { recursive: true, force: true }));

const isEscape = (error: unknown) => error instanceof CradleError && error.code === 'PATH_ESCAPE';

test('ordinary device paths resolve inside the root', async () => {
  const confine = new PathConfinement(root, 'UDID');
  assert.equal(await confine.resolve('UDID/ab/abcdef'), join(root, 'UDID', 'ab', 'abcdef'));
  assert.equal(await confine.resolve('UDID//./Snapshot/ab/x'), join(root, 'UDID', 'Snapshot', 'ab', 'x'));
  assert.equal(await confine.resolve('UDID/new/deeper/file'), join(root, 'UDID', 'new', 'deeper', 'file'));
});

test('.., absolute, drive, backslash, NUL and empty paths are PATH_ESCAPE', async () => {
  const confine = new PathConfinement(root, 'UDID');
  for (const bad of ['../x', 'UDID/../../etc/passwd', 'UDID/ab/../../..', '/etc/passwd', 'C:/Windows', 'UDID\\..\\x', 'UDID/a\0b', '', '.', 'UDID/..', 42, null]) {
    await assert.rejects(confine.resolve(bad), isEscape, String(bad));
  }
});

test('paths through or onto a symlink are PATH_ESCAPE', async () => {
  const confine = new PathConfinement(root, 'UDID');
  await assert.rejects(confine.resolve('UDID/link/file'), isEscape);
  await assert.rejects(confine.resolve('UDID/ab/filelink'), isEscape);
});

test("another device's folder is refused when the top folder is fixed", async () => {
  await assert.rejects(new PathConfinement(root, 'UDID').resolve('OTHER/Status.plist'), isEscape);
  assert.equal(await new PathConfinement(root).resolve('OTHER/Status.plist'), join(root, 'OTHER', 'Status.plist'));
});
