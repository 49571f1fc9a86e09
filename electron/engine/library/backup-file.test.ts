/**
 * The guarded read of a file from a backup folder: regular files only (a named pipe, a device, a link, a
 * folder are refused without blocking), the size limit counted while reading (a file whose stat says 0),
 * a missing file passes its own error through.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CradleError } from '../../../shared/errors.ts';
import { openBackupFileSync, readBackupFile } from './backup-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'cradle-backup-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const refused = (pattern: RegExp) => (error: unknown) => error instanceof CradleError && error.code === 'BACKUP_CORRUPT' && pattern.test(error.message);

test('a regular file is read whole; one over the limit is refused', async () => {
  writeFileSync(join(dir, 'plain'), 'hello');
  assert.equal((await readBackupFile(join(dir, 'plain'), 'plain', 5)).toString(), 'hello');
  await assert.rejects(readBackupFile(join(dir, 'plain'), 'plain', 4), refused(/plain is larger .*over 4 bytes/));
  const fd = openBackupFileSync(join(dir, 'plain'), 'plain');
  closeSync(fd);
});

test('named pipes, devices, links and folders are refused without blocking', async () => {
  assert.equal(spawnSync('mkfifo', [join(dir, 'pipe')]).status, 0);
  symlinkSync('/dev/zero', join(dir, 'zero'));
  mkdirSync(join(dir, 'folder'));
  await assert.rejects(readBackupFile(join(dir, 'pipe'), 'Info.plist', 1024), refused(/Info\.plist is a named pipe/));
  assert.throws(() => openBackupFileSync(join(dir, 'pipe'), 'a data file'), refused(/a data file is a named pipe/));
  await assert.rejects(readBackupFile(join(dir, 'zero'), 'Status.plist', 1024), refused(/Status\.plist is a link/));
  await assert.rejects(readBackupFile('/dev/zero', 'Status.plist', 1024), refused(/is a device/));
  await assert.rejects(readBackupFile(join(dir, 'folder'), 'Manifest.plist', 1024), refused(/is a folder/));
});

test('a file whose stat says 0 bytes is read to its end, within the limit counted as it arrives', async (t) => {
  if (!existsSync('/proc/self/status')) return t.skip('no /proc here');
  const status = await readBackupFile('/proc/self/status', 'status', 1024 * 1024);
  assert.match(status.toString(), /^Name:/);
  await assert.rejects(readBackupFile('/proc/self/status', 'status', 16), refused(/over 16 bytes/));
});

test('a missing file passes its own error through (callers decide what absent means)', async () => {
  await assert.rejects(readBackupFile(join(dir, 'absent'), 'absent', 10), (error: NodeJS.ErrnoException) => error.code === 'ENOENT');
});
