/**
 * Name search over the name index finds exactly what comparing every name finds: the same entries in the
 * same order and the same total, for names whose lower case changes length (İ, ẞ), names holding the
 * index's separator, queries that would match across two names, and limits.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { build } from 'plist';
import { FLAG_DIRECTORY, FLAG_FILE, fileIdOf, writeManifestDb } from '../virtual-device/backup/manifest-db.ts';
import { FUZZ_SEED } from '../helpers/hostile-input.ts';
import { BackupTree, nameOf } from '../../electron/engine/library/browse.ts';
import { openBackup } from '../../electron/engine/library/open-backup.ts';

const sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'cradle-search-'));
after(() => fs.rmSync(sandbox, { recursive: true, force: true }));

const PIECES = ['a', 'A', 'b', 'İ', 'i', 'ẞ', 'ß', 'Σ', 'σ', '\n', 'img_', '.JPG', '.jpg', '-', ' ', '漢'];
const piece = fc.constantFrom(...PIECES);
const name = fc.array(piece, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('').replace(/\//g, ''));

function backupWith(paths: readonly string[], index: number): string {
  const folder = path.join(sandbox, `b${index}`);
  fs.mkdirSync(folder);
  fs.writeFileSync(path.join(folder, 'Manifest.plist'), build({ IsEncrypted: false, Version: '10.0', Lockdown: { ProductVersion: '17.5' } }));
  const rows = paths.map((relativePath, row) => {
    const directory = row % 5 === 0;
    const file = { relativePath, mode: directory ? 0o40755 : 0o100644, inode: row + 1, userId: 501, groupId: 501, lastModified: 1, lastStatusChange: 1, birth: 1, size: directory ? 0 : row, protectionClass: 3, flags: 0 };
    const domain = row % 3 === 0 ? 'HomeDomain' : 'MediaDomain';
    return { fileID: fileIdOf(domain, relativePath), domain, relativePath, flags: directory ? FLAG_DIRECTORY : FLAG_FILE, file };
  });
  writeManifestDb(path.join(folder, 'Manifest.db'), rows);
  return folder;
}

test('the name index finds what comparing every name finds', async () => {
  let round = 0;
  await fc.assert(
    fc.asyncProperty(fc.uniqueArray(fc.array(name, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/')), { minLength: 1, maxLength: 60 }), fc.array(fc.oneof(name, piece), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 20 }), async (paths, queries, limit) => {
      const contents = await openBackup(backupWith(paths, round++));
      try {
        const tree = new BackupTree(contents);
        // Queries taken from the names themselves (with a case change) find something.
        const all = [...queries, ...paths.slice(0, 3).map((p) => nameOf({ domain: '', relativePath: p }).toUpperCase())];
        for (const query of all) {
          const needle = query.toLowerCase();
          const expected = contents.entries().filter((entry) => nameOf(entry).toLowerCase().includes(needle));
          const found = tree.search(query, limit);
          assert.equal(found.total, expected.length, JSON.stringify(query));
          assert.deepEqual(
            found.items.map((item) => item.fileID),
            expected.slice(0, limit).map((entry) => entry.fileID),
            JSON.stringify(query),
          );
        }
      } finally {
        contents.close();
      }
    }),
    { numRuns: 60, seed: FUZZ_SEED },
  );
});
