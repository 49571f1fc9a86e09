import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { commitStaging, discardStaging, prepareStaging, recoverInterrupted } from './staging.ts';

function backupWith(root: string, udid: string, status: string) {
  mkdirSync(join(root, udid, 'ab'), { recursive: true });
  writeFileSync(join(root, udid, 'Status.plist'), status);
  writeFileSync(join(root, udid, 'ab', 'abcdef'), 'file data');
}

test('staging links the previous backup, and a commit swaps it in', async () => {
  const root = mkdtempSync(join(tmpdir(), 'cradle-staging-'));
  try {
    backupWith(root, 'U', 'old');
    const staging = await prepareStaging(root, 'U');
    assert.equal(statSync(join(staging.backup, 'ab', 'abcdef')).ino, statSync(join(root, 'U', 'ab', 'abcdef')).ino, 'hard link');
    writeFileSync(join(staging.backup, 'Status.plist.tmp'), 'new');
    rmSync(join(staging.backup, 'Status.plist'));
    writeFileSync(join(staging.backup, 'Status.plist'), 'new');
    assert.equal(readFileSync(join(root, 'U', 'Status.plist'), 'utf8'), 'old', 'the live backup is untouched until commit');
    await commitStaging(root, 'U', staging);
    assert.equal(readFileSync(join(root, 'U', 'Status.plist'), 'utf8'), 'new');
    assert.deepEqual(readdirSync(root), ['U']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a discarded staging copy leaves the live backup as it was', async () => {
  const root = mkdtempSync(join(tmpdir(), 'cradle-staging-'));
  try {
    backupWith(root, 'U', 'old');
    const staging = await prepareStaging(root, 'U');
    rmSync(join(staging.backup, 'ab'), { recursive: true });
    await discardStaging(staging);
    assert.equal(readFileSync(join(root, 'U', 'ab', 'abcdef'), 'utf8'), 'file data');
    assert.deepEqual(readdirSync(root), ['U']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('recovery after a crash between the two renames of a swap restores the previous backup', async () => {
  const root = mkdtempSync(join(tmpdir(), 'cradle-staging-'));
  try {
    backupWith(root, '.cradle-previous-U', 'old');
    mkdirSync(join(root, '.cradle-staging', 'U', 'U'), { recursive: true });
    await recoverInterrupted(root, 'U');
    assert.equal(readFileSync(join(root, 'U', 'Status.plist'), 'utf8'), 'old');
    assert.deepEqual(readdirSync(root).sort(), ['U'], 'the emptied staging folder goes too');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
