import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fakeBackup } from '../../../tests/helpers/fake-backup.ts';
import { archiveBackup } from './archive.ts';
import { datedName, VERSION_MARKER } from './naming.ts';
import { describeBackup } from './scan.ts';

const UDID = '00008120-00080A86D7FDAF0B';

test('archive: dated copies that never replace each other; data files linked, plists and manifest copied', async () => {
  const root = mkdtempSync(join(tmpdir(), 'cradle-archive-'));
  try {
    const live = join(root, UDID);
    fakeBackup(live, new Date('2025-05-03T10:00:00Z'));
    writeFileSync(join(live, VERSION_MARKER), '{}');
    const now = new Date(2025, 4, 3, 14, 5, 9);
    const first = await archiveBackup(live, UDID, now);
    const second = await archiveBackup(live, UDID, now);
    assert.equal(first, join(root, datedName(UDID, now)));
    assert.equal(first.endsWith(`${UDID}-20250503-140509`), true);
    assert.equal(second, join(root, `${UDID}-20250503-140510`), 'the taken name moves on by a second');
    assert.deepEqual(readdirSync(root).sort(), [UDID, `${UDID}-20250503-140509`, `${UDID}-20250503-140510`]);
    for (const archive of [first, second]) {
      assert.equal(statSync(join(archive, 'ab', 'abcdef')).ino, statSync(join(live, 'ab', 'abcdef')).ino, 'data files are hard links');
      for (const name of ['Info.plist', 'Manifest.plist', 'Status.plist', 'Manifest.db']) {
        assert.notEqual(statSync(join(archive, name)).ino, statSync(join(live, name)).ino, `${name} is a copy of its own`);
        assert.deepEqual(readFileSync(join(archive, name)), readFileSync(join(live, name)));
      }
      assert.equal(readdirSync(archive).includes(VERSION_MARKER), false, 'an archive of a version is an archive');
      const summary = await describeBackup(archive);
      assert.deepEqual([summary?.udid, summary?.state, summary?.complete, summary?.source, summary?.location], [UDID, 'archived', true, 'finder', root]);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('archive: a failure leaves no half copy behind', async () => {
  const root = mkdtempSync(join(tmpdir(), 'cradle-archive-'));
  try {
    await assert.rejects(archiveBackup(join(root, UDID), UDID));
    assert.deepEqual(readdirSync(root), []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
