/**
 * Hostile backups end to end: backup folders built by hand with malicious names, planted links, absurd size
 * claims and hostile Manifest.db files, opened, browsed, verified and exported through the engine and the
 * CLI. Nothing may be written outside the export folder, every refusal is a CradleError with a clear
 * message, and a hostile manifest is refused instead of hanging. Special files (pipes, links, folders, sparse
 * giants) are generated at every name a backup reads.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { CradleError } from '../../shared/errors.ts';
import { BackupTree } from '../../electron/engine/library/browse.ts';
import { exportEntries } from '../../electron/engine/library/extract.ts';
import { openBackup } from '../../electron/engine/library/open-backup.ts';
import { verifyBackup } from '../../electron/engine/library/verify.ts';
import { encodeBinaryPlist, encodeXmlPlist } from '../../electron/engine/plist/codec.ts';
import { FUZZ_SEED, runIsolated } from '../helpers/hostile-input.ts';
import { scaled, tally } from '../helpers/reliability-tally.ts';
import { makeImmutable, makeMutable } from '../helpers/mounts.ts';
import { encodeMBFile } from '../virtual-device/backup/mbfile.ts';

const AREA = 'hostile backups';
const root = new URL('../..', import.meta.url).pathname;
let sandbox: string;

before(() => {
  sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'cradle-hostile-backup-'));
});
after(() => fs.rmSync(sandbox, { recursive: true, force: true }));

/** One Files row; any column may hold any SQLite value. */
interface Row {
  fileID?: unknown;
  domain: unknown;
  relativePath: unknown;
  flags?: unknown;
  file?: unknown;
  /** Content of the data file at `xx/<fileID>` (written only when the fileID is a valid one). */
  data?: Buffer;
}

const fileIdOf = (domain: string, relativePath: string) => createHash('sha1').update(`${domain}-${relativePath}`).digest('hex');

/** An MBFile archive for a file of `size` bytes (the size is only what the record claims). */
function mbfile(relativePath: string, size: number): Buffer {
  return encodeMBFile({ relativePath, mode: 0o100644, inode: 1, userId: 501, groupId: 501, lastModified: 1_700_000_000, lastStatusChange: 1_700_000_000, birth: 1_700_000_000, size, protectionClass: 3, flags: 0 });
}

/** A row for a plain file whose record claims its real size (or `claimed`). */
function fileRow(domain: string, relativePath: string, data: Buffer, claimed = data.length): Row {
  return { fileID: fileIdOf(domain, relativePath), domain, relativePath, flags: 1, file: mbfile(relativePath, claimed), data };
}

/** Writes a backup folder: the three plists and Manifest.db (`schema` replaces the real one). */
function writeBackup(name: string, rows: readonly Row[], schema = 'CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, flags INTEGER, file BLOB)'): string {
  const dir = path.join(sandbox, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'Info.plist'), encodeXmlPlist({ 'Device Name': 'Hostile', 'Product Type': 'iPhone14,2', 'Product Version': '17.0' }));
  fs.writeFileSync(path.join(dir, 'Status.plist'), encodeXmlPlist({ SnapshotState: 'finished', Date: new Date(), IsFullBackup: true, Version: '3.3' }));
  fs.writeFileSync(path.join(dir, 'Manifest.plist'), encodeXmlPlist({ IsEncrypted: false, Version: '10.0', Lockdown: { ProductVersion: '17.0' } }));
  const db = new Database(path.join(dir, 'Manifest.db'));
  db.exec(schema);
  // A schema without a Files table (or with a view) gets no rows.
  const insert = rows.length > 0 && db.prepare("SELECT type FROM sqlite_master WHERE name = 'Files'").pluck().get() === 'table' ? db.prepare('INSERT OR IGNORE INTO Files (fileID, domain, relativePath, flags, file) VALUES (?, ?, ?, ?, ?)') : undefined;
  for (const row of rows) {
    insert?.run(row.fileID ?? null, row.domain, row.relativePath, row.flags ?? 1, row.file ?? null);
    if (row.data && typeof row.fileID === 'string' && /^[0-9a-f]{40}$/.test(row.fileID)) {
      fs.mkdirSync(path.join(dir, row.fileID.slice(0, 2)), { recursive: true });
      fs.writeFileSync(path.join(dir, row.fileID.slice(0, 2), row.fileID), row.data);
    }
  }
  db.close();
  return dir;
}

/** Every path under `dir` (links not followed), for before/after comparisons. */
function listTree(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).map((name) => path.join(dir, name)).sort();
}

/** Runs `work` and checks that nothing appeared or changed under the sandbox outside `allowed`. */
async function confined<T>(allowed: string, work: () => Promise<T>): Promise<{ result: T; escaped: string[] }> {
  const before = new Set(listTree(sandbox));
  const result = await work();
  const escaped = listTree(sandbox).filter((file) => !before.has(file) && !file.startsWith(allowed + path.sep) && file !== allowed);
  return { result, escaped };
}

/** Opens, browses (every domain and folder, a search), verifies and exports every domain of a backup. */
async function exerciseBackup(dir: string, out: string) {
  const contents = await openBackup(dir);
  try {
    const tree = new BackupTree(contents);
    const domains = tree.domains();
    for (const { domain } of domains) {
      const pending = [''];
      while (pending.length > 0) {
        const page = tree.list(domain, pending.pop()!, 0, 1000, { key: 'size', ascending: false });
        for (const item of page.items) if (item.kind === 'directory') pending.push(item.relativePath);
      }
    }
    tree.search('a');
    const report = await verifyBackup(dir);
    const exported = await exportEntries(contents, tree, domains.map(({ domain }) => ({ domain, relativePath: '' })), out);
    return { domains, report, exported };
  } finally {
    contents.close();
  }
}

test('malicious names are skipped and reported; nothing is written outside the export folder', async () => {
  const marker = `escaped-${process.pid}`;
  const rows: Row[] = [
    fileRow('HomeDomain', 'Library/ok.txt', Buffer.from('fine')),
    fileRow('HomeDomain', `../../${marker}`, Buffer.from('climb')),
    fileRow('HomeDomain', `Library/../../../${marker}`, Buffer.from('climb inside')),
    fileRow('HomeDomain', `/tmp/${marker}`, Buffer.from('absolute')),
    fileRow('HomeDomain', `nul\0${marker}`, Buffer.from('nul')),
    fileRow('HomeDomain', `back\\..\\..\\${marker}`, Buffer.from('backslash')),
    fileRow('HomeDomain', `${'x'.repeat(300)}/${'y'.repeat(5000)}`, Buffer.from('long')),
    fileRow('HomeDomain', 'Library/dup.txt', Buffer.from('first')),
    { ...fileRow('HomeDomain', 'Library/dup.txt', Buffer.from('second')), fileID: fileIdOf('HomeDomain', 'Library/dup.txt#2') },
    fileRow('HomeDomain', 'Library/DUP.txt', Buffer.from('upper')),
    fileRow('HomeDomain', 'Library/ok.txt.cradle-part', Buffer.from('part')),
    { fileID: fileIdOf('HomeDomain', 'Library/both'), domain: 'HomeDomain', relativePath: 'Library/both', flags: 2 },
    fileRow('HomeDomain', 'Library/both', Buffer.from('file named like a folder')),
    fileRow('..', 'up.txt', Buffer.from('domain climbs')),
    fileRow(`/tmp/${marker}-domain`, 'abs.txt', Buffer.from('absolute domain')),
  ];
  const dir = writeBackup('names', rows);
  const out = path.join(sandbox, 'names-out');
  const { result, escaped } = await confined(out, () => exerciseBackup(dir, out));
  assert.deepEqual(escaped, [], 'nothing is written outside the export folder');
  for (const place of [path.dirname(sandbox), '/tmp', path.join(out, '..', '..', '..')]) {
    assert.ok(!fs.readdirSync(place).some((name) => name.startsWith(marker)), `nothing named ${marker} in ${place}`);
  }
  const written = result.exported.written.sort();
  assert.ok(written.includes(path.join('HomeDomain', 'Library', 'ok.txt')));
  assert.equal(fs.readFileSync(path.join(out, 'HomeDomain', 'Library', 'ok.txt'), 'utf8'), 'fine');
  const skipped = result.exported.skipped.map(({ relativePath, reason }) => `${relativePath.slice(0, 40)}: ${reason}`);
  // An absolute path is listed at the domain's top, so its export lands inside the folder (HomeDomain/tmp/…).
  assert.ok(written.includes(path.join('HomeDomain', 'tmp', marker)));
  for (const name of [`../../${marker}`, `Library/../../../${marker}`, `nul\0${marker}`, `back\\..\\..\\${marker}`]) {
    assert.ok(skipped.some((line) => line.startsWith(name.slice(0, 40)) && /unsafe name/.test(line)), `${JSON.stringify(name)} skipped as unsafe in ${JSON.stringify(skipped)}`);
  }
  // The two rows named Library/dup.txt both land, the second under a new name; nothing was replaced.
  const dups = written.filter((file) => /dup( \d+)?\.txt$/i.test(file)).map((file) => fs.readFileSync(path.join(out, file), 'utf8')).sort();
  assert.deepEqual(dups, ['first', 'second', 'upper']);
  tally(AREA, 'malicious names through browse, verify and export', { cases: rows.length, faults: rows.length - 1 });
});

test('links planted in the backup folder and the export folder are refused, never followed', async () => {
  const secret = path.join(sandbox, 'secret.txt');
  fs.writeFileSync(secret, 'must not be read');
  const outsideFolder = path.join(sandbox, 'outside-folder');
  fs.mkdirSync(outsideFolder, { recursive: true });
  const linked = fileRow('HomeDomain', 'Library/linked-file', Buffer.from('x'));
  const viaFolder = fileRow('MediaDomain', 'Media/in-linked-folder', Buffer.from('y'));
  const plain = fileRow('HomeDomain', 'Library/plain', Buffer.from('plain'));
  const dir = writeBackup('links', [linked, viaFolder, plain]);
  const id = (row: Row) => row.fileID as string;
  // The data file itself is a link to a secret; the xx folder of another is a link to a folder outside.
  fs.rmSync(path.join(dir, id(linked).slice(0, 2), id(linked)));
  fs.symlinkSync(secret, path.join(dir, id(linked).slice(0, 2), id(linked)));
  const folder = path.join(dir, id(viaFolder).slice(0, 2));
  fs.writeFileSync(path.join(outsideFolder, id(viaFolder)), 'outside content');
  if (id(viaFolder).slice(0, 2) !== id(linked).slice(0, 2) && id(viaFolder).slice(0, 2) !== id(plain).slice(0, 2)) {
    fs.rmSync(folder, { recursive: true });
    fs.symlinkSync(outsideFolder, folder);
  }
  // The export folder already holds a link where a domain folder will go.
  const out = path.join(sandbox, 'links-out');
  fs.mkdirSync(out);
  fs.symlinkSync(outsideFolder, path.join(out, 'MediaDomain'));
  const contents = await openBackup(dir);
  try {
    await assert.rejects(contents.readFile(contents.find('HomeDomain', 'Library/linked-file')!), (error: CradleError) => error.code === 'BACKUP_CORRUPT' && /link/.test(error.message));
    await assert.rejects(contents.readFile(contents.find('MediaDomain', 'Media/in-linked-folder')!), (error: CradleError) => error.code === 'BACKUP_CORRUPT' && /link/.test(error.message));
  } finally {
    contents.close();
  }
  const before = fs.readdirSync(outsideFolder).sort();
  const { result, escaped } = await confined(out, () => exerciseBackup(dir, out));
  assert.deepEqual(escaped, []);
  assert.deepEqual(fs.readdirSync(outsideFolder).sort(), before, 'nothing written through the planted link');
  assert.equal(fs.readFileSync(path.join(out, 'HomeDomain', 'Library', 'plain'), 'utf8'), 'plain');
  const readAnywhere = result.exported.written.map((file) => fs.readFileSync(path.join(out, file), 'utf8'));
  assert.ok(!readAnywhere.includes('must not be read') && !readAnywhere.includes('outside content'), 'no linked content exported');
  assert.ok(result.report.issues.some((issue) => issue.relativePath === 'Library/linked-file' && /link/.test(issue.message)));
  // Manifest.db itself replaced by a link: refused as missing, not followed.
  fs.renameSync(path.join(dir, 'Manifest.db'), path.join(sandbox, 'moved.db'));
  fs.symlinkSync(path.join(sandbox, 'moved.db'), path.join(dir, 'Manifest.db'));
  await assert.rejects(openBackup(dir), (error: CradleError) => error.code === 'BACKUP_CORRUPT');
  tally(AREA, 'planted links: data file, xx folder, Manifest.db, export folder', { cases: 4, faults: 4 });
});

test('absurd size claims (a 1 TB file) are only numbers: browse, verify and export use the real bytes', async () => {
  const terabyte = 2 ** 40;
  const rows = [fileRow('HomeDomain', 'Library/huge.bin', Buffer.from('tiny'), terabyte), fileRow('HomeDomain', 'Library/empty-claim', Buffer.alloc(0), terabyte)];
  const dir = writeBackup('sizes', rows);
  const out = path.join(sandbox, 'sizes-out');
  const { result, escaped } = await confined(out, () => exerciseBackup(dir, out));
  assert.deepEqual(escaped, []);
  assert.equal(fs.readFileSync(path.join(out, 'HomeDomain', 'Library', 'huge.bin'), 'utf8'), 'tiny');
  assert.ok(result.report.issues.some((issue) => issue.relativePath === 'Library/huge.bin' && /differs from the record/.test(issue.message)));
  tally(AREA, '1 TB size claims through browse, verify, export', { cases: rows.length, faults: rows.length });
});

/** Manifest.db files that are not what they claim, each with what opening must say. */
const HOSTILE_MANIFESTS: Array<[label: string, schema: string]> = [
  ['a recursive view named Files (never ends)', "CREATE VIEW Files AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT printf('%040x', x) AS fileID, 'HomeDomain' AS domain, 'f' || x AS relativePath, 1 AS flags, NULL AS file FROM c"],
  ['a computed domain column of 200 MB per row', "CREATE TABLE Files (fileID TEXT, relativePath TEXT, flags INTEGER, file BLOB, domain TEXT GENERATED ALWAYS AS (hex(zeroblob(100000000))) VIRTUAL); INSERT INTO Files (fileID) VALUES ('a'), ('b'), ('c')"],
  ['a full-text virtual table named Files', 'CREATE VIRTUAL TABLE Files USING fts5(fileID, domain, relativePath, flags, file)'],
  ['no Files table', 'CREATE TABLE Other (x)'],
];

test('a Manifest.db with a hostile schema is refused with BACKUP_CORRUPT, quickly', async () => {
  // First in a child with a deadline and a small heap: a manifest that hangs the reader must fail this test, not hang it.
  const isolated = runIsolated(HOSTILE_MANIFESTS.map(([label, schema]) => {
    const db = new Database(':memory:');
    db.exec(schema);
    const bytes = db.serialize();
    db.close();
    return { label, parser: 'manifestDb' as const, bytes };
  }), { heapMb: 256, timeoutMs: 60_000 });
  for (const result of isolated) assert.equal(result.outcome, 'refused:BACKUP_CORRUPT', `${result.label}: ${result.failure ?? result.outcome}`);
  for (const [label, schema] of HOSTILE_MANIFESTS) {
    const dir = writeBackup(`schema-${HOSTILE_MANIFESTS.findIndex(([name]) => name === label)}`, [], schema);
    await assert.rejects(openBackup(dir), (error: CradleError) => error instanceof CradleError && error.code === 'BACKUP_CORRUPT' && /Manifest\.db/.test(error.message), label);
    const report = await verifyBackup(dir);
    assert.ok(report.errors > 0 && report.issues.some((issue) => /Manifest\.db/.test(issue.message)), label);
  }
  // Triggers in the schema: reading never writes, so they never fire and the file is unchanged.
  const dir = writeBackup('schema-triggers', [fileRow('HomeDomain', 'a', Buffer.from('a'))], 'CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, flags INTEGER, file BLOB); CREATE TABLE Log (x); CREATE TRIGGER t AFTER UPDATE ON Files BEGIN INSERT INTO Log VALUES (1); END; CREATE VIEW V AS SELECT * FROM Files');
  const before = fs.readFileSync(path.join(dir, 'Manifest.db'));
  const out = path.join(sandbox, 'triggers-out');
  const { result } = await confined(out, () => exerciseBackup(dir, out));
  assert.equal(result.exported.files, 1);
  assert.ok(fs.readFileSync(path.join(dir, 'Manifest.db')).equals(before), 'Manifest.db untouched');
  // Not SQLite at all.
  fs.writeFileSync(path.join(dir, 'Manifest.db'), 'this is not a database '.repeat(100));
  await assert.rejects(openBackup(dir), (error: CradleError) => error.code === 'BACKUP_CORRUPT');
  tally(AREA, 'hostile Manifest.db schemas (recursive view, computed column, virtual table, triggers, not SQLite)', { cases: HOSTILE_MANIFESTS.length + 2, faults: HOSTILE_MANIFESTS.length + 2 });
});

/** Any SQLite value, as a hostile row may hold it. */
const sqliteValue = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
  fc.string({ maxLength: 30 }),
  fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes)),
);
const hostileName = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('..', '../x', '/abs', 'a/../../b', 'n\0ul', '', '.', 'a//b'), fc.integer({ min: 256, max: 3000 }).map((n) => 'z'.repeat(n)));
const hostileRow: fc.Arbitrary<Row> = fc.record({
  domain: fc.oneof(fc.constantFrom('HomeDomain', 'AppDomain-x', '..'), hostileName, sqliteValue),
  relativePath: fc.oneof(hostileName, sqliteValue),
  flags: fc.oneof(fc.constantFrom(1, 2, 4), sqliteValue),
  claimed: fc.oneof(fc.nat(100), fc.constantFrom(2 ** 40, 2 ** 53 - 1, -1)),
  fileKind: fc.constantFrom('mbfile', 'junk', 'other'),
  junk: sqliteValue,
  data: fc.option(fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)), { nil: undefined }),
  badId: fc.option(sqliteValue, { nil: undefined, freq: 4 }),
}).map(({ domain, relativePath, flags, claimed, fileKind, junk, data, badId }) => {
  const validId = typeof domain === 'string' && typeof relativePath === 'string' ? fileIdOf(domain, relativePath) : fileIdOf(String(domain), String(relativePath));
  const file = fileKind === 'mbfile' ? mbfile(String(relativePath), claimed) : fileKind === 'junk' ? junk : Buffer.from('bplist00junk');
  return { fileID: badId ?? validId, domain, relativePath, flags, file, data };
});

test('Manifest.db rows of any type, size and name browse, verify and export confined, or fail with a CradleError', async () => {
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(hostileRow, { minLength: 1, maxLength: 12 }), async (rows) => {
      runs += 1;
      const dir = writeBackup(`rows-${runs}`, rows);
      const out = path.join(sandbox, `rows-${runs}-out`);
      try {
        const { escaped } = await confined(out, () => exerciseBackup(dir, out).catch((error: unknown) => {
          assert.ok(error instanceof CradleError, `not a CradleError: ${String((error as Error)?.stack ?? error)}`);
        }));
        assert.deepEqual(escaped, []);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.rmSync(out, { recursive: true, force: true });
      }
    }),
    { seed: FUZZ_SEED, numRuns: scaled(150, 2_500) },
  );
  tally(AREA, 'Manifest.db rows of odd types, sizes, fileIDs and paths, end to end', { cases: runs, inputs: runs });
});

test('the CLI reports hostile backups in plain words and writes nothing outside --out', () => {
  const view = writeBackup('cli-view', [], HOSTILE_MANIFESTS[0]![1]);
  const names = writeBackup('cli-names', [fileRow('HomeDomain', 'Library/ok.txt', Buffer.from('fine')), fileRow('HomeDomain', '../../cli-escape', Buffer.from('climb'))]);
  const cli = (args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin/cradle.mjs'), ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, USBMUXD_SOCKET_ADDRESS: path.join(sandbox, 'no-usbmuxd') } });
  const verify = cli(['backups', 'verify', view, '--json']);
  assert.equal(verify.status, 1, verify.stderr);
  assert.match(verify.stdout + verify.stderr, /Manifest\.db/);
  const out = path.join(sandbox, 'cli-out');
  const before = new Set(listTree(sandbox));
  const extract = cli(['extract', names, 'HomeDomain', '--out', out, '--json']);
  assert.equal(extract.status, 1, `some entries were refused: ${extract.stdout} ${extract.stderr}`);
  assert.match(extract.stdout + extract.stderr, /unsafe name/);
  assert.equal(fs.readFileSync(path.join(out, 'HomeDomain', 'Library', 'ok.txt'), 'utf8'), 'fine');
  assert.deepEqual(listTree(sandbox).filter((file) => !before.has(file) && !file.startsWith(out)), []);
  const browse = cli(['browse', view, 'ls', '--json']);
  assert.notEqual(browse.status, 0);
  assert.match(browse.stderr, /"code":"BACKUP_CORRUPT"/);
  tally(AREA, 'CLI verify/extract/browse on hostile backups', { cases: 3, faults: 3 });
});

test('special files where a backup has files (named pipes, a link to /dev/zero) are refused at once; the backups beside them still list', () => {
  const udid = (n: number) => `0000810${n}-0000000000000${n}AA`;
  const healthy = writeBackup(`special-lib/${udid(0)}`, [fileRow('HomeDomain', 'Library/ok.txt', Buffer.from('fine'))]);
  const hostile: string[] = [];
  for (const [index, name] of ['Info.plist', 'Status.plist', 'Manifest.plist'].entries()) {
    const dir = writeBackup(`special-lib/${udid(index + 1)}`, []);
    fs.rmSync(path.join(dir, name));
    assert.equal(spawnSync('mkfifo', [path.join(dir, name)]).status, 0);
    hostile.push(dir);
  }
  const endless = writeBackup(`special-lib/${udid(4)}`, []);
  fs.rmSync(path.join(endless, 'Info.plist'));
  fs.symlinkSync('/dev/zero', path.join(endless, 'Info.plist'));
  hostile.push(endless);
  const pipeData = writeBackup(`special-lib/${udid(5)}`, [fileRow('HomeDomain', 'Library/pipe.txt', Buffer.from('data'))]);
  const dataFile = path.join(pipeData, fileIdOf('HomeDomain', 'Library/pipe.txt').slice(0, 2), fileIdOf('HomeDomain', 'Library/pipe.txt'));
  fs.rmSync(dataFile);
  assert.equal(spawnSync('mkfifo', [dataFile]).status, 0);
  // A hang is a failure here, not a stuck run: each command gets a deadline.
  const cli = (args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin/cradle.mjs'), ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, USBMUXD_SOCKET_ADDRESS: path.join(sandbox, 'no-usbmuxd') } });

  const list = cli(['backups', 'list', '--dir', path.dirname(healthy), '--json']);
  assert.equal(list.error, undefined, 'backups list ends');
  assert.equal(list.status, 0, list.stderr);
  const listed = JSON.parse(list.stdout) as { path: string; complete?: boolean; state?: string; problems?: string[] }[];
  assert.ok(listed.some((backup) => backup.path === healthy), 'the healthy backup is listed');
  for (const dir of [...hostile, pipeData]) assert.ok(listed.some((backup) => backup.path === dir), `${path.basename(dir)} is one row of the list`);
  for (const dir of hostile) {
    const verify = cli(['backups', 'verify', dir, '--json']);
    assert.equal(verify.error, undefined, `verify of ${path.basename(dir)} ends`);
    assert.notEqual(verify.status, 0, `${path.basename(dir)} is reported: ${verify.stdout} ${verify.stderr}`);
    const summary = cli(['browse', dir, 'summary', '--json']);
    assert.equal(summary.error, undefined, `browse summary of ${path.basename(dir)} ends`);
  }
  const verify = cli(['backups', 'verify', pipeData, '--json']);
  assert.equal(verify.error, undefined, 'verify of a backup with a piped data file ends');
  assert.equal(verify.status, 1);
  assert.match(verify.stdout, /Not a regular file/);
  const cat = cli(['browse', pipeData, 'cat', 'HomeDomain', 'Library/pipe.txt']);
  assert.equal(cat.error, undefined, 'cat of a piped data file ends');
  assert.notEqual(cat.status, 0);
  assert.match(cat.stderr, /named pipe/);
  tally(AREA, 'special files in backup folders (named pipes, a link to /dev/zero)', { cases: 5, faults: 5 });
});

test('a Manifest.db in WAL mode is read without writing anything next to the backup, changes still in -wal included', async () => {
  const rows = [fileRow('HomeDomain', 'Library/a.txt', Buffer.from('first')), fileRow('HomeDomain', 'Library/b.txt', Buffer.from('second'))];
  const checkpointed = writeBackup('wal-checkpointed', rows);
  const converted = new Database(path.join(checkpointed, 'Manifest.db'));
  converted.pragma('journal_mode = WAL');
  converted.close();
  // A WAL whose last rows were never checkpointed: the files are copied while the writer still holds them.
  const pending = writeBackup('wal-pending', rows.slice(0, 1));
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cradle-wal-'));
  fs.copyFileSync(path.join(pending, 'Manifest.db'), path.join(scratch, 'Manifest.db'));
  const writer = new Database(path.join(scratch, 'Manifest.db'));
  writer.pragma('journal_mode = WAL');
  writer.pragma('wal_autocheckpoint = 0');
  const late = rows[1]!;
  writer.prepare('INSERT INTO Files (fileID, domain, relativePath, flags, file) VALUES (?, ?, ?, ?, ?)').run(late.fileID, late.domain, late.relativePath, 1, late.file);
  fs.mkdirSync(path.join(pending, (late.fileID as string).slice(0, 2)), { recursive: true });
  fs.writeFileSync(path.join(pending, (late.fileID as string).slice(0, 2), late.fileID as string), late.data!);
  fs.copyFileSync(path.join(scratch, 'Manifest.db'), path.join(pending, 'Manifest.db'));
  fs.copyFileSync(path.join(scratch, 'Manifest.db-wal'), path.join(pending, 'Manifest.db-wal'));
  writer.close();
  fs.rmSync(scratch, { recursive: true, force: true });
  assert.equal(fs.readFileSync(path.join(checkpointed, 'Manifest.db'))[18], 2, 'the test database is in WAL mode');

  for (const dir of [checkpointed, pending]) {
    const before = listTree(dir);
    const contents = await openBackup(dir);
    try {
      assert.deepEqual(contents.entries().map((entry) => entry.relativePath).sort(), ['Library/a.txt', 'Library/b.txt'], path.basename(dir));
      assert.equal((await contents.readFile(contents.find('HomeDomain', 'Library/b.txt')!)).toString(), 'second');
    } finally {
      contents.close();
    }
    const report = await verifyBackup(dir);
    assert.equal(report.errors, 0, JSON.stringify(report.issues));
    assert.deepEqual(listTree(dir), before, `nothing appeared in ${path.basename(dir)}`);
  }
  tally(AREA, 'Manifest.db in WAL mode, with and without a -wal file', { cases: 2 });
});

test('names of the longest length a file system allows (255 bytes, 83 CJK characters) export whole', async () => {
  const longest = `${'n'.repeat(251)}.txt`;
  const cjk = '漢'.repeat(83);
  assert.equal(Buffer.byteLength(longest), 255);
  assert.equal(Buffer.byteLength(cjk), 249);
  const dir = writeBackup('long-names', [fileRow('HomeDomain', `Library/${longest}`, Buffer.from('long')), fileRow('HomeDomain', `Library/${cjk}`, Buffer.from('wide'))]);
  const out = path.join(sandbox, 'long-names-out');
  const { result } = await confined(out, async () => {
    const contents = await openBackup(dir);
    try {
      return await exportEntries(contents, new BackupTree(contents), [{ domain: 'HomeDomain', relativePath: 'Library' }], out);
    } finally {
      contents.close();
    }
  });
  assert.deepEqual(result.skipped, []);
  assert.equal(fs.readFileSync(path.join(out, 'Library', longest), 'utf8'), 'long');
  assert.equal(fs.readFileSync(path.join(out, 'Library', cjk), 'utf8'), 'wide');
  assert.deepEqual(fs.readdirSync(path.join(out, 'Library')).filter((name) => name.includes('cradle-part')), [], 'no temporary file is left');
  tally(AREA, 'exports of the longest file names', { cases: 2 });
});

test('huge top-level plists (millions of elements, shared strings) are read or refused within bounded memory; the list still shows the other backups', () => {
  const lib = path.join(sandbox, 'huge-lib');
  const healthy = writeBackup(`huge-lib/${'00008110-0000000000000001'}`, []);
  const forty = 'x'.repeat(40 * 1024 * 1024);
  const cases: [string, string | Buffer][] = [
    // Five million empty strings (45 MB, under the byte cap): plain, then written unusually (a DOM per element).
    ['Info.plist', `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><array>${'<string/>'.repeat(5_000_000)}</array></plist>`],
    ['Status.plist', `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><!-- x --><array>${'<string/><!---->'.repeat(300_000)}</array></plist>`],
    // Binary: one 40 MB string named fifteen times (600 MB decoded), and one honest 40 MB string.
    ['Info.plist', encodeBinaryPlist(Array.from({ length: 15 }, () => forty))],
    ['Manifest.plist', encodeBinaryPlist({ IsEncrypted: false, Padding: forty })],
  ];
  const dirs = cases.map(([name, contents], index) => {
    const dir = writeBackup(`huge-lib/0000811${index}-00000000000000AA`, []);
    fs.writeFileSync(path.join(dir, name), contents);
    return dir;
  });
  const cli = (args: string[]) => spawnSync('/usr/bin/time', ['-f', 'PEAK-RSS-KB %M', process.execPath, path.join(root, 'bin/cradle.mjs'), ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, USBMUXD_SOCKET_ADDRESS: path.join(sandbox, 'no-usbmuxd') } });
  const peakMb = (stderr: string) => Number(/PEAK-RSS-KB (\d+)/.exec(stderr)?.[1]) / 1024;
  const list = cli(['backups', 'list', '--dir', lib, '--json']);
  assert.equal(list.status, 0, list.stderr);
  const listed = JSON.parse(list.stdout) as { path: string; problems?: string[] }[];
  assert.ok(listed.some((backup) => backup.path === healthy));
  for (const dir of dirs) assert.ok(listed.some((backup) => backup.path === dir), `${path.basename(dir)} is a row of the list`);
  assert.ok(peakMb(list.stderr) < 256, `backups list peaked at ${peakMb(list.stderr).toFixed(0)} MB`);
  for (const dir of dirs) {
    const verify = cli(['backups', 'verify', dir, '--json']);
    assert.ok(verify.status === 0 || verify.status === 1, verify.stderr);
    assert.ok(peakMb(verify.stderr) < 256, `verify of ${path.basename(dir)} peaked at ${peakMb(verify.stderr).toFixed(0)} MB`);
  }
  tally(AREA, 'huge top-level plists: millions of XML elements, a binary string named many times, an honest 40 MB one', { cases: 4, faults: 3 });
});

test('file-system errors are said in words with the path (a file where a folder should be, a folder nobody may write)', (t) => {
  const backup = writeBackup('fs-errors', [fileRow('HomeDomain', 'Library/ok.txt', Buffer.from('fine'))]);
  const aFile = path.join(sandbox, 'fs-errors-file');
  fs.writeFileSync(aFile, 'not a folder');
  const cli = (args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin/cradle.mjs'), ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, USBMUXD_SOCKET_ADDRESS: path.join(sandbox, 'no-usbmuxd') } });
  const underFile = cli(['extract', backup, 'HomeDomain', '--out', path.join(aFile, 'out')]);
  assert.notEqual(underFile.status, 0);
  assert.match(underFile.stderr, /A part of the path is a file, not a folder\. Check the path\. \(.*fs-errors-file/);
  assert.doesNotMatch(underFile.stderr, /Something went wrong/);
  const locked = path.join(sandbox, 'fs-errors-locked');
  fs.mkdirSync(locked);
  const cannot = makeImmutable(locked);
  if (cannot) {
    t.skip(cannot);
    return;
  }
  try {
    const refused = cli(['extract', backup, 'HomeDomain', '--out', path.join(locked, 'out')]);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /Cradle is not allowed to (use|change) this file or folder\. .* \(.*fs-errors-locked/);
  } finally {
    makeMutable(locked);
  }
  tally(AREA, 'file-system errors in words (ENOTDIR, EPERM)', { cases: 2, faults: 2 });
});

test('the engine stays responsive with hostile folders in its library: the list comes back, a healthy backup opens, settings answer', () => {
  const lib = path.join(sandbox, 'engine-lib');
  const healthy = writeBackup(`engine-lib/00008101-0000000000000C01`, [fileRow('HomeDomain', 'Library/ok.txt', Buffer.from('fine'))]);
  // More special files than libuv has threads (4): each read of one used to hold a thread for good.
  for (let index = 0; index < 6; index += 1) {
    const dir = writeBackup(`engine-lib/00008101-00000000000000F${index}`, []);
    const name = ['Info.plist', 'Status.plist', 'Manifest.plist'][index % 3]!;
    fs.rmSync(path.join(dir, name));
    assert.equal(spawnSync('mkfifo', [path.join(dir, name)]).status, 0);
  }
  const script = `
    const { createEngine } = await import(${JSON.stringify(path.join(root, 'electron/engine/api/handlers.ts'))});
    const { dispatch } = await import(${JSON.stringify(path.join(root, 'electron/engine/api/dispatch.ts'))});
    const { backupId } = await import(${JSON.stringify(path.join(root, 'electron/engine/library/backup-id.ts'))});
    const engine = createEngine({ backupFolder: ${JSON.stringify(lib)} });
    const list = await dispatch(engine.handlers, 'library:list', {});
    const opened = await dispatch(engine.handlers, 'browse:open', { id: backupId(${JSON.stringify(healthy)}) });
    const settings = await dispatch(engine.handlers, 'settings:get', {});
    console.log(JSON.stringify({ listed: list.ok ? list.value.length : list.error, opened: opened.ok, settings: settings.ok }));
    process.exit(0);`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, USBMUXD_SOCKET_ADDRESS: `UNIX:${path.join(sandbox, 'no-usbmuxd')}` } });
  assert.equal(child.error, undefined, `the engine answered within the deadline: ${child.stderr.slice(-500)}`);
  assert.deepEqual(JSON.parse(child.stdout.trim().split('\n').pop()!), { listed: 7, opened: true, settings: true }, child.stderr);
  tally(AREA, 'an engine with six folders of named pipes in its library: list, open and settings answer', { cases: 1, faults: 6 });
});

/** What can stand where a backup has a file: each must be refused at once, never read, followed or written. */
const SPECIAL_KINDS: Array<[kind: string, plant: (file: string) => void]> = [
  ['named pipe', (file) => assert.equal(spawnSync('mkfifo', [file]).status, 0)],
  ['link to /dev/zero', (file) => fs.symlinkSync('/dev/zero', file)],
  ['link to a healthy file elsewhere', (file) => fs.symlinkSync(path.join(sandbox, 'elsewhere.plist'), file)],
  ['folder', (file) => fs.mkdirSync(file)],
  [
    '2 GiB sparse file',
    (file) => {
      // Sparse: stat and the bytes agree (2 GiB of zeros) and nothing is allocated on the disk.
      fs.writeFileSync(file, '');
      fs.truncateSync(file, 2 * 1024 ** 3);
    },
  ],
];

/** Regular files whose bytes are hostile: too many elements, a decoding bomb, garbage, cut short. */
const HOSTILE_CONTENTS: Array<[kind: string, plant: (file: string) => void]> = [
  ['XML past the element cap (1.1 million elements)', (file) => fs.writeFileSync(file, `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><array>${'<true/>'.repeat(1_100_000)}</array></plist>`)],
  ['binary string of 8 MiB named 64 times (512 MiB decoded)', (file) => fs.writeFileSync(file, encodeBinaryPlist(Array.from({ length: 64 }, () => 'x'.repeat(8 * 1024 * 1024))))],
  ['1 MiB of random bytes', (file) => fs.writeFileSync(file, createHash('sha512').update(file).digest().toString('hex').repeat(8192))],
  ['a binary plist cut in half', (file) => {
    const whole = encodeBinaryPlist({ SnapshotState: 'finished', IsEncrypted: false, Items: Array.from({ length: 500 }, (_, i) => `item ${i}`) });
    fs.writeFileSync(file, whole.subarray(0, whole.length >> 1));
  }],
];

const DATA_FILE = 'a data file (.plist)';

/**
 * Plants each kind at each name of a fresh backup and runs every reader over it: the list (the healthy backup
 * beside it still lists, the hostile one is one row), verify (reports it or refuses with a CradleError), the
 * summary, the restore pre-flight (stops a restore from it) and reads; memory peaks under 256 MB above the
 * start; nothing appears in or next to the backup. Returns the number of cases.
 */
async function everyReaderOver(location: string, kinds: typeof SPECIAL_KINDS, names: readonly string[], options: { readsRefused: boolean }): Promise<number> {
  const { listBackups } = await import('../../electron/engine/library/scan.ts');
  const { checkBackup } = await import('../../electron/engine/restore/preflight.ts');
  const { readOverview } = await import('../../electron/engine/library/categories/index.ts');
  const settle = async (work: () => Promise<unknown>): Promise<unknown> => {
    try {
      return await work();
    } catch (error) {
      assert.ok(error instanceof CradleError, `a CradleError, not ${String(error)}`);
      return error;
    }
  };
  const healthy = writeBackup(`${path.basename(location)}/00008110-000000000000000A`, [fileRow('HomeDomain', 'Library/ok.txt', Buffer.from('fine'))]);
  const peakBefore = process.resourceUsage().maxRSS;
  let cases = 0;
  for (const [kindIndex, [kind, plant]] of kinds.entries()) {
    for (const [nameIndex, name] of names.entries()) {
      const label = `${kind} as ${name}`;
      const dataPath = 'Library/Preferences/hostile.plist';
      const dir = writeBackup(`${path.basename(location)}/00008110-00000000000${kindIndex}${nameIndex}B0`, [fileRow('HomeDomain', dataPath, encodeBinaryPlist({ ok: true }))]);
      const target = name === DATA_FILE ? path.join(dir, fileIdOf('HomeDomain', dataPath).slice(0, 2), fileIdOf('HomeDomain', dataPath)) : path.join(dir, name);
      fs.rmSync(target);
      plant(target);
      const before = listTree(location);

      const listed = await listBackups([location]);
      assert.ok(listed.some((backup) => backup.path === healthy), `${label}: the healthy backup still lists`);
      assert.ok(listed.some((backup) => backup.path === dir), `${label}: the hostile backup is one row of the list`);
      const verified = await settle(() => verifyBackup(dir));
      if (!(verified instanceof CradleError)) {
        const report = verified as Awaited<ReturnType<typeof verifyBackup>>;
        assert.ok(report.errors + report.warnings > 0, `${label}: verify reports it (${JSON.stringify(report.issues.slice(0, 2))})`);
      }
      await settle(async () => {
        const contents = await openBackup(dir);
        try {
          await readOverview(contents);
          if (name === DATA_FILE && options.readsRefused) {
            const entry = contents.find('HomeDomain', dataPath)!;
            await assert.rejects(contents.readFile(entry, 1024 * 1024), CradleError, `${label}: reading it is refused`);
          }
        } finally {
          contents.close();
        }
      });
      const checked = await settle(() => checkBackup(dir));
      if (!(checked instanceof CradleError) && name !== DATA_FILE) {
        const checks = (checked as Awaited<ReturnType<typeof checkBackup>>).checks;
        assert.ok(checks.some((check) => check.status === 'error'), `${label}: the pre-flight stops a restore from it`);
      }
      assert.deepEqual(listTree(location), before, `${label}: nothing appeared in or next to the backup`);
      cases += 1;
    }
  }
  const grownMb = (process.resourceUsage().maxRSS - peakBefore) / 1024;
  assert.ok(grownMb < 256, `memory peaked ${grownMb.toFixed(0)} MB above the start`);
  return cases;
}

test('generated: every special kind at every name a backup reads ends at once in list, verify, summary, pre-flight and reads; memory stays bounded; nothing is written', { timeout: 600_000 }, async () => {
  fs.writeFileSync(path.join(sandbox, 'elsewhere.plist'), encodeXmlPlist({ SnapshotState: 'finished', 'Device Name': 'Not this backup' }));
  const cases = await everyReaderOver(path.join(sandbox, 'generated-special'), SPECIAL_KINDS, ['Info.plist', 'Status.plist', 'Manifest.plist', 'Manifest.db', DATA_FILE], { readsRefused: true });
  tally(AREA, 'generated: 5 special kinds × 5 names (plists, Manifest.db, a data file) through list, verify, summary, pre-flight, reads', { cases, faults: cases });
});

test('generated: hostile plist bytes (past the element cap, a decoding bomb, garbage, cut short) at every plist name are refused or reported within bounded memory', { timeout: 600_000 }, async () => {
  const cases = await everyReaderOver(path.join(sandbox, 'generated-contents'), HOSTILE_CONTENTS, ['Info.plist', 'Status.plist', 'Manifest.plist', DATA_FILE], { readsRefused: false });
  tally(AREA, 'generated: 4 hostile plist contents × 4 names (the three plists, a data file) through list, verify, summary, pre-flight', { cases, faults: cases });
});

/** Characters names are made of: every UTF-8 width, combining marks, look-alikes, and what other systems forbid. */
const NAME_PIECES = ['a', 'Z', '0', ' ', '.', '-', '_', '#', '%', 'é', 'ß', 'İ', 'ﬁ', '漢', '字', '😀', '👨‍👩‍👧', 'e\u0301', '\u200b', ':', '\\', '*', '?', '"', '<', '>', '|', '\u0001', '\u007f', '.txt', '.tar.gz'];
/** Most bytes a file name may have on the file systems a backup or an export lands on. */
const NAME_MAX_BYTES = 255;
/** A name the device's file system could hold: 1–255 UTF-8 bytes, no separator or NUL, not `.` or `..`. */
const legalName = fc
  .tuple(fc.array(fc.constantFrom(...NAME_PIECES), { minLength: 1, maxLength: 90 }), fc.integer({ min: 0, max: 255 }))
  .map(([pieces, pad]) => {
    // Half the names are padded towards the longest length allowed.
    let name = pieces.join('');
    if (pad > 128) name = 'n'.repeat(Math.max(0, NAME_MAX_BYTES - Buffer.byteLength(name) - (pad % 3))) + name;
    return name;
  })
  .filter((name) => Buffer.byteLength(name) <= NAME_MAX_BYTES && name !== '.' && name !== '..');

test('generated: long and odd names export whole, and again beside the first copies with numbered names that fit', { timeout: 600_000 }, async () => {
  let run = 0;
  let names = 0;
  await fc.assert(
    fc.asyncProperty(fc.uniqueArray(legalName, { minLength: 1, maxLength: 6 }), async (generated) => {
      run += 1;
      names += generated.length;
      const dir = writeBackup(`odd-names-${run}`, generated.map((name, index) => fileRow('HomeDomain', `Library/${name}`, Buffer.from(`file ${index}`))));
      const out = path.join(sandbox, `odd-names-${run}-out`);
      const exportAll = () =>
        confined(out, async () => {
          const contents = await openBackup(dir);
          try {
            return await exportEntries(contents, new BackupTree(contents), [{ domain: 'HomeDomain', relativePath: 'Library' }], out);
          } finally {
            contents.close();
          }
        });
      // A backslash is a folder separator on Windows: such names are refused as unsafe everywhere, and said so.
      const refused = generated.filter((name) => name.includes('\\'));
      const kept = generated.filter((name) => !name.includes('\\'));
      const skippedOf = (result: Awaited<ReturnType<typeof exportAll>>['result']) => result.skipped.map((skip) => `${skip.relativePath} ${/^unsafe name/.test(skip.reason)}`).sort();
      const expectedSkips = refused.map((name) => `Library/${name} true`).sort();
      const first = await exportAll();
      assert.deepEqual(first.escaped, []);
      assert.deepEqual(skippedOf(first.result), expectedSkips, 'every other legal name exports');
      const contentOf = (name: string) => `file ${generated.indexOf(name)}`;
      for (const name of kept) assert.equal(fs.readFileSync(path.join(out, 'Library', name), 'utf8'), contentOf(name), name);
      // Exported again into the same folder (as people do): nothing is replaced, every file gets a numbered name.
      const second = await exportAll();
      assert.deepEqual(second.escaped, []);
      assert.deepEqual(skippedOf(second.result), expectedSkips, 'a second export never fails on the length of a numbered name');
      const written = kept.length > 0 ? fs.readdirSync(path.join(out, 'Library')) : [];
      assert.equal(written.length, kept.length * 2, 'each name twice, none replaced');
      for (const name of written) assert.ok(Buffer.byteLength(name) <= NAME_MAX_BYTES, `${Buffer.byteLength(name)}-byte name`);
      assert.deepEqual(written.filter((name) => name.startsWith('.cradle-part')), [], 'no temporary file is left');
      for (const name of kept) assert.equal(fs.readFileSync(path.join(out, 'Library', name), 'utf8'), contentOf(name), 'the first copy is untouched');
      const copies = written.filter((name) => !kept.includes(name));
      assert.deepEqual(copies.map((name) => fs.readFileSync(path.join(out, 'Library', name), 'utf8')).sort(), kept.map(contentOf).sort(), 'the numbered copies hold the same files');
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(out, { recursive: true, force: true });
    }),
    { seed: FUZZ_SEED, numRuns: scaled(40, 1000) },
  );
  tally(AREA, 'generated long and odd names, exported twice into one folder', { cases: run, inputs: names });
});

/** How a generated Manifest.db is left on disk, as other tools and interrupted writers leave it. */
interface ManifestState {
  journal: 'wal' | 'delete' | 'truncate' | 'persist';
  /** Rows written after the last checkpoint (WAL: they live only in -wal). */
  pending: number;
  pageSize: 1024 | 4096 | 16384;
  /** A stale -shm beside it (a crashed reader's). */
  staleShm: boolean;
  /** A rollback database whose writer died inside a transaction: a hot -journal beside it. */
  leftoverJournal: boolean;
}

const manifestState: fc.Arbitrary<ManifestState> = fc.record({
  journal: fc.constantFrom('wal', 'delete', 'truncate', 'persist'),
  pending: fc.integer({ min: 0, max: 3 }),
  pageSize: fc.constantFrom(1024, 4096, 16384),
  staleShm: fc.boolean(),
  leftoverJournal: fc.boolean(),
});

/**
 * A backup whose Manifest.db was written in `state`'s way by a writer working in a scratch folder (its files
 * copied over as they were, the writer still open: nothing checkpointed); returns the rows it holds.
 */
function writeManifestState(name: string, state: ManifestState, fileCount: number): { dir: string; rows: Row[] } {
  const rows = Array.from({ length: fileCount + state.pending }, (_, index) => fileRow('HomeDomain', `Library/f${index}.txt`, Buffer.from(`content ${index}`)));
  const dir = writeBackup(name, []);
  fs.rmSync(path.join(dir, 'Manifest.db'));
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cradle-wal-gen-'));
  const file = path.join(scratch, 'Manifest.db');
  const writer = new Database(file);
  writer.pragma(`page_size = ${state.pageSize}`);
  writer.pragma(`journal_mode = ${state.journal}`);
  writer.exec('CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, flags INTEGER, file BLOB)');
  const insert = writer.prepare('INSERT INTO Files (fileID, domain, relativePath, flags, file) VALUES (?, ?, ?, ?, ?)');
  for (const row of rows.slice(0, fileCount)) insert.run(row.fileID, row.domain, row.relativePath, 1, row.file);
  if (state.journal === 'wal') {
    writer.pragma('wal_checkpoint(TRUNCATE)');
    writer.pragma('wal_autocheckpoint = 0');
  }
  // A writer that dies inside a transaction leaves a hot journal: its rows were never committed.
  const dying = state.leftoverJournal && state.journal !== 'wal';
  if (dying) {
    writer.exec('BEGIN IMMEDIATE');
    writer.prepare('DELETE FROM Files WHERE rowid = 1').run();
  }
  for (const row of rows.slice(fileCount)) insert.run(row.fileID, row.domain, row.relativePath, 1, row.file);
  if (dying) writer.pragma('cache_spill = 1');
  for (const suffix of ['', '-wal', '-journal']) if (fs.existsSync(file + suffix)) fs.copyFileSync(file + suffix, path.join(dir, `Manifest.db${suffix}`));
  if (dying) writer.exec('ROLLBACK');
  writer.close();
  fs.rmSync(scratch, { recursive: true, force: true });
  if (state.staleShm) fs.writeFileSync(path.join(dir, 'Manifest.db-shm'), Buffer.alloc(32768, 0x5a));
  for (const row of rows) {
    const id = row.fileID as string;
    fs.mkdirSync(path.join(dir, id.slice(0, 2)), { recursive: true });
    fs.writeFileSync(path.join(dir, id.slice(0, 2), id), row.data!);
  }
  return { dir, rows: dying ? rows.slice(0, fileCount) : rows };
}

/** Every file under `dir` with its size and modification time: a read must change none of them. */
function snapshot(dir: string): string[] {
  return listTree(dir).map((file) => {
    const info = fs.lstatSync(file);
    return `${path.relative(dir, file)} ${info.size} ${info.mtimeMs}`;
  });
}

test('generated: Manifest.db in every journal mode and state (WAL with rows only in -wal, stale -shm, leftover journals, page sizes) reads every row and writes nothing next to the backup', { timeout: 600_000 }, async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(manifestState, fc.integer({ min: 1, max: 12 }), async (state, fileCount) => {
      run += 1;
      const { dir, rows } = writeManifestState(`manifest-state-${run}`, state, fileCount);
      const before = snapshot(dir);
      const contents = await openBackup(dir);
      try {
        assert.deepEqual(contents.entries().map((entry) => entry.relativePath).sort(), rows.map((row) => row.relativePath as string).sort(), JSON.stringify(state));
        const last = rows.at(-1)!;
        assert.equal((await contents.readFile(contents.find('HomeDomain', last.relativePath as string)!)).toString(), last.data!.toString());
        const tree = new BackupTree(contents);
        assert.equal(tree.search('f').total, rows.length);
      } finally {
        contents.close();
      }
      const report = await verifyBackup(dir);
      assert.equal(report.errors, 0, `${JSON.stringify(state)}: ${JSON.stringify(report.issues)}`);
      assert.deepEqual(snapshot(dir), before, `nothing in the backup folder changed (${JSON.stringify(state)})`);
      fs.rmSync(dir, { recursive: true, force: true });
    }),
    { seed: FUZZ_SEED, numRuns: scaled(40, 1000) },
  );
  tally(AREA, 'generated Manifest.db journal modes and states', { cases: run, inputs: run });
});

/** `cradle <args>` as its own process, not waited for: several run at once. */
function cradleAt(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'bin/cradle.mjs'), ...args], { env: { ...process.env, USBMUXD_SOCKET_ADDRESS: path.join(sandbox, 'no-usbmuxd') } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** What two processes may do to one backup folder without knowing about each other. */
const FOLDER_OPERATIONS = {
  delete: (folder: string) => ['backups', 'delete', folder, '--yes'],
  archive: (folder: string) => ['backups', 'archive', folder],
  verify: (folder: string) => ['backups', 'verify', folder],
  list: (folder: string) => ['backups', 'list', '--dir', path.dirname(folder)],
} as const;
type FolderOperation = keyof typeof FOLDER_OPERATIONS;

/** Every file under `folder` with its content, to compare a backup (or an archive of it) with the original. */
function contentsOf(folder: string): string[] {
  return listTree(folder).map((file) => `${path.relative(folder, file)}=${fs.lstatSync(file).isFile() ? fs.readFileSync(file, 'utf8') : '/'}`);
}

test('generated: two processes acting on one backup folder at once (delete, archive, verify, list) each finish or are refused in words; the folder is whole or gone, every archive whole, nothing left behind', { timeout: 600_000 }, async () => {
  let run = 0;
  const operation = fc.constantFrom(...(Object.keys(FOLDER_OPERATIONS) as FolderOperation[]));
  await fc.assert(
    fc.asyncProperty(fc.array(operation, { minLength: 2, maxLength: 3 }), async (operations) => {
      run += 1;
      const location = path.join(sandbox, `concurrent-${run}`);
      const udid = `00008101-${run.toString(16).padStart(16, '0').toUpperCase()}`;
      const folder = path.join(location, udid);
      writeBackup(path.relative(sandbox, folder), [fileRow('HomeDomain', 'Library/a.txt', Buffer.from('first')), fileRow('MediaDomain', 'Media/b.jpg', Buffer.alloc(70_000, 3))]);
      const original = contentsOf(folder);
      const results = await Promise.all(operations.map((name) => cradleAt(FOLDER_OPERATIONS[name](folder))));
      const what = JSON.stringify(operations);
      for (const [index, result] of results.entries()) {
        const said = `${operations[index]} in ${what}: ${result.stderr}`;
        assert.doesNotMatch(result.stderr, /Something went wrong|INTERNAL|\n\s+at /, said);
        if (result.status !== 0) assert.match(result.stderr, /Another Cradle is using|No backup|was deleted/, said);
      }
      const deleted = operations.some((name, index) => name === 'delete' && results[index]!.status === 0);
      const deletes = operations.filter((name, index) => name === 'delete' && results[index]!.status === 0).length;
      assert.ok(deletes <= 1, `one delete at most succeeds (${what})`);
      if (deleted) assert.equal(fs.existsSync(folder), false, `deleted means gone (${what})`);
      else assert.deepEqual(contentsOf(folder), original, `not deleted means untouched (${what})`);
      const leftovers = fs.readdirSync(location).filter((name) => name.startsWith('.cradle-'));
      assert.deepEqual(leftovers, [], `no lock or half-made archive left (${what})`);
      const archives = fs.readdirSync(location).filter((name) => name !== udid);
      const archived = operations.filter((name, index) => name === 'archive' && results[index]!.status === 0).length;
      assert.equal(archives.length, archived, `one archive per archive that succeeded (${what})`);
      for (const archive of archives) assert.deepEqual(contentsOf(path.join(location, archive)), original, `every archive whole (${what})`);
      fs.rmSync(location, { recursive: true, force: true });
    }),
    { seed: FUZZ_SEED, numRuns: scaled(12, 200) },
  );
  tally(AREA, 'generated concurrent processes on one backup folder', { cases: run });
});
