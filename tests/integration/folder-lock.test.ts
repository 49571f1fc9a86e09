/**
 * Processes that do not know about each other: a backup folder held by one process (a backup, a restore from
 * it) cannot be deleted or archived by another, which gets BUSY naming the holder; a lock left by a process
 * that is gone (killed, or its id reused) is taken over.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';
import type { CradleError } from '../../shared/errors.ts';
import { lockBackupFolder } from '../../electron/engine/library/folder-lock.ts';
import { fakeBackup } from '../helpers/fake-backup.ts';
import { peerToolsMissing, startFixture } from '../helpers/fixture.ts';
import { makeImmutable, makeMutable } from '../helpers/mounts.ts';
import { runCradle } from './cradle-cli.ts';

const root = new URL('../..', import.meta.url).pathname;
const sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'cradle-folder-lock-'));
after(() => fs.rmSync(sandbox, { recursive: true, force: true }));

const cradle = (args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin/cradle.mjs'), ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, USBMUXD_SOCKET_ADDRESS: path.join(sandbox, 'no-usbmuxd') } });

/** A process that takes the folder's lock and keeps it until killed. */
async function holder(folder: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', `
    const { lockBackupFolder } = await import(${JSON.stringify(path.join(root, 'electron/engine/library/folder-lock.ts'))});
    await lockBackupFolder(${JSON.stringify(folder)}, 'a backup in a test');
    console.log('held');
    setInterval(() => {}, 1000);`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', () => resolve());
    child.once('exit', (code) => reject(new Error(`the holder exited with ${code}`)));
  });
  return child;
}

test('a folder another process holds: delete and archive get BUSY naming it, and the folder is untouched', async () => {
  const folder = path.join(sandbox, 'lib', '00008101-000000000000000A');
  fakeBackup(folder, new Date());
  const child = await holder(folder);
  try {
    await assert.rejects(lockBackupFolder(folder, 'deleting it'), (error: CradleError) => error.code === 'BUSY' && error.message.includes(`process ${child.pid}`) && error.message.includes('a backup in a test'));
    for (const args of [['backups', 'delete', folder, '--yes'], ['backups', 'archive', folder]]) {
      const run = cradle(args);
      assert.notEqual(run.status, 0, `cradle ${args.join(' ')} refuses`);
      assert.match(run.stderr, /Another Cradle is using .* \(a backup in a test, process \d+/);
    }
    assert.ok(fs.existsSync(path.join(folder, 'Manifest.db')), 'the backup is still there');
    assert.deepEqual(fs.readdirSync(path.dirname(folder)).filter((name) => !name.startsWith('.cradle-lock-')), [path.basename(folder)], 'no archive was made');
  } finally {
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
  }
  // Killed, its lock file stays behind; the next process takes it over.
  assert.ok(fs.existsSync(path.join(path.dirname(folder), `.cradle-lock-${path.basename(folder)}`)));
  const deleted = cradle(['backups', 'delete', folder, '--yes']);
  assert.equal(deleted.status, 0, deleted.stderr);
  assert.equal(fs.existsSync(folder), false);
  assert.deepEqual(fs.readdirSync(path.dirname(folder)), [], 'the lock went with the delete');
});

test('stale locks are taken over (a dead process, a reused process id); another host’s lock is respected', async () => {
  const folder = path.join(sandbox, 'stale', '00008101-000000000000000B');
  fakeBackup(folder, new Date());
  const lockFile = path.join(path.dirname(folder), `.cradle-lock-${path.basename(folder)}`);
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const stale = [
    { pid: Number(gone.stdout), host: os.hostname(), purpose: 'a dead process', since: new Date(0).toISOString() },
    { pid: process.pid, host: os.hostname(), started: '1', purpose: 'an earlier process with our id', since: new Date(0).toISOString() },
  ];
  for (const owner of stale) {
    fs.writeFileSync(lockFile, JSON.stringify(owner));
    const release = await lockBackupFolder(folder, 'a test');
    assert.equal((JSON.parse(fs.readFileSync(lockFile, 'utf8')) as { purpose: string }).purpose, 'a test', `taken over from ${owner.purpose}`);
    await release();
    assert.equal(fs.existsSync(lockFile), false, 'released');
  }
  fs.writeFileSync(lockFile, JSON.stringify({ pid: 1, host: 'another-desk.local', purpose: 'a backup there', since: new Date().toISOString() }));
  await assert.rejects(lockBackupFolder(folder, 'a test'), (error: CradleError) => error.code === 'BUSY' && /process 1 on another-desk\.local/.test(error.message));
  fs.rmSync(lockFile);
});

test('cradle backups delete while another cradle backs up the device: BUSY, and the backup completes', { skip: peerToolsMissing, timeout: 240_000 }, async () => {
  const fixture = await startFixture({ devices: 1, dataMb: 20, throttleMbps: 5 });
  try {
    const udid = fixture.server.devices[0]!.udid;
    const dir = path.join(fixture.dir, 'backups');
    assert.equal((await runCradle(fixture.server, ['pair', udid])).code, 0);
    assert.equal((await runCradle(fixture.server, ['backup', udid, '--dir', dir])).code, 0);
    const lockFile = path.join(dir, `.cradle-lock-${udid}`);
    const backingUp = runCradle(fixture.server, ['backup', udid, '--dir', dir, '--full']);
    // The second backup holds the folder once its lock file is there; it stays until the swap is done, at
    // least the 4 s the throttled link needs for 20 MB.
    let finished = false;
    void backingUp.then(() => (finished = true));
    while (!fs.existsSync(lockFile) && !finished) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(finished, false, 'the lock file appeared while the backup ran');
    const deleted = cradle(['backups', 'delete', path.join(dir, udid), '--yes']);
    assert.notEqual(deleted.status, 0);
    assert.match(deleted.stderr, /Another Cradle is using .* \(a backup, process \d+/);
    const done = await backingUp;
    assert.equal(done.code, 0, done.stderr);
    assert.equal(fs.existsSync(lockFile), false, 'released when the backup ended');
    const verified = await runCradle(fixture.server, ['backups', 'verify', path.join(dir, udid)]);
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
  } finally {
    await fixture.close();
  }
});

test('a location where no lock file can be written (read-only) is used without one: reading from it still works', async (t) => {
  const location = path.join(sandbox, 'read-only');
  const folder = path.join(location, '00008101-000000000000000C');
  fakeBackup(folder, new Date());
  const cannot = makeImmutable(location);
  if (cannot) {
    t.skip(cannot);
    return;
  }
  try {
    const release = await lockBackupFolder(folder, 'a restore from it');
    await release();
    assert.deepEqual(fs.readdirSync(location), [path.basename(folder)], 'nothing was written there');
  } finally {
    makeMutable(location);
  }
});
