import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fakeBackup } from '../../../tests/helpers/fake-backup.ts';
import { fingerprint } from '../../../tests/helpers/fingerprint.ts';
import { commitStaging, prepareStaging } from '../backup/staging.ts';
import { archiveBackup } from './archive.ts';
import { datedName, VERSION_MARKER } from './naming.ts';
import { describeBackup } from './scan.ts';
import { keepAsVersion } from './versions.ts';

const UDID = '00008120-00080A86D7FDAF0B';

/** Runs `body` with a fresh backup folder, removed afterwards. */
async function inRoot(body: (root: string) => Promise<void>): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'cradle-versions-'));
  try {
    await body(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** One backup through staging as the engine makes it: the device replaces the plists, the manifest and one data file. */
async function backUp(root: string, date: Date, keep: number): Promise<void> {
  const staging = await prepareStaging(root, UDID);
  const fresh = mkdtempSync(join(tmpdir(), 'cradle-fresh-'));
  fakeBackup(fresh, date, 'unchanged data');
  mkdirSync(join(staging.backup, 'ab'), { recursive: true });
  for (const name of ['Info.plist', 'Manifest.plist', 'Status.plist', 'Manifest.db', 'ab/abcdef']) {
    if (name === 'ab/abcdef' && existsSync(join(staging.backup, name))) continue;
    renameSync(join(fresh, name), join(staging.backup, name));
  }
  rmSync(fresh, { recursive: true });
  rmSync(join(staging.backup, 'ab', 'changed'), { force: true });
  writeFileSync(join(staging.backup, 'ab', 'changed'), `changed on ${date.toISOString()}`);
  await commitStaging(root, UDID, staging, (previous) => keepAsVersion(root, UDID, previous, keep));
}

test('versions: the last N earlier backups stay, marked, byte for byte as they were; the oldest go', () =>
  inRoot(async (root) => {
    const dates = [1, 2, 3, 4].map((day) => new Date(2025, 4, day, 9, 30, 0));
    const prints: Map<string, string>[] = [];
    for (const date of dates) {
      await backUp(root, date, 2);
      prints.push(fingerprint(join(root, UDID)));
    }
    const versions = [datedName(UDID, dates[2]!), datedName(UDID, dates[1]!)];
    assert.deepEqual(readdirSync(root).sort(), [UDID, ...versions].sort(), 'the first backup was pruned, nothing else is left');
    for (const [index, name] of versions.entries()) {
      const folder = join(root, name);
      const print = fingerprint(folder);
      print.delete(VERSION_MARKER);
      assert.deepEqual(print, prints[2 - index], `${name} is the backup it was`);
      const summary = await describeBackup(folder);
      assert.deepEqual([summary?.state, summary?.udid, summary?.complete], ['version', UDID, true]);
      assert.equal(statSync(join(folder, 'ab', 'abcdef')).ino, statSync(join(root, UDID, 'ab', 'abcdef')).ino, 'unchanged files are shared');
      assert.equal(JSON.parse(readFileSync(join(folder, VERSION_MARKER), 'utf8')).date, dates[2 - index]!.toISOString());
    }
    assert.equal((await describeBackup(join(root, UDID)))?.state, 'complete');
  }));

test('versions: archives are never pruned, and keep 0 keeps nothing', () =>
  inRoot(async (root) => {
    await backUp(root, new Date(2025, 0, 1), 0);
    const archive = await archiveBackup(join(root, UDID), UDID, new Date(2025, 0, 1, 12));
    await backUp(root, new Date(2025, 0, 2), 0);
    assert.deepEqual(readdirSync(root).sort(), [UDID, datedName(UDID, new Date(2025, 0, 1, 12))].sort());
    await backUp(root, new Date(2025, 0, 3), 1);
    await backUp(root, new Date(2025, 0, 4), 1);
    assert.deepEqual(readdirSync(root).sort(), [UDID, datedName(UDID, new Date(2025, 0, 3)), datedName(UDID, new Date(2025, 0, 1, 12))].sort());
    assert.equal((await describeBackup(archive))?.state, 'archived');
  }));

test('versions: a manifest still shared with the new backup becomes the version’s own copy', () =>
  inRoot(async (root) => {
    await backUp(root, new Date(2025, 0, 1), 1);
    const staging = await prepareStaging(root, UDID);
    // This time the device re-uploads only Status.plist: Manifest.db stays a link to the previous one.
    rmSync(join(staging.backup, 'Status.plist'));
    writeFileSync(join(staging.backup, 'Status.plist'), readFileSync(join(root, UDID, 'Status.plist')));
    await commitStaging(root, UDID, staging, (previous) => keepAsVersion(root, UDID, previous, 1));
    const version = join(root, datedName(UDID, new Date(2025, 0, 1)));
    assert.notEqual(statSync(join(version, 'Manifest.db')).ino, statSync(join(root, UDID, 'Manifest.db')).ino);
    assert.deepEqual(readFileSync(join(version, 'Manifest.db')), readFileSync(join(root, UDID, 'Manifest.db')));
    assert.equal(statSync(join(version, 'ab', 'abcdef')).ino, statSync(join(root, UDID, 'ab', 'abcdef')).ino);
  }));
