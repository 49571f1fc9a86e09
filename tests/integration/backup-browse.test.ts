/**
 * Browsing, verifying and extracting plain backups written by Cradle and by idevicebackup2, compared byte
 * for byte with the virtual device's files; damaged and hostile backups give clear reports, never a write
 * outside the chosen folder.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import type { DomainItem, TreeItem, VerifyReport } from '../../shared/browse.ts';
import { BackupTree } from '../../electron/engine/library/browse.ts';
import { openBackup } from '../../electron/engine/library/open-backup.ts';
import type { DeviceState } from '../virtual-device/device.ts';
import { peerToolsMissing, startFixture, type Fixture } from '../helpers/fixture.ts';
import { makeLegacyBackup } from '../helpers/legacy-backup.ts';
import { runCradle } from './cradle-cli.ts';
import { pairAll, runOk } from './idevicebackup2.ts';

let fixture: Fixture;
let dir: string;
let devices: [DeviceState, DeviceState];

/** Files of a device that an unencrypted backup carries. */
function backedUpFiles(device: DeviceState) {
  return device.store.list().filter((e) => e.kind === 'file' && !e.excludedFromBackup && !e.encryptedOnly && e.domain !== 'KeychainDomain');
}

before(async () => {
  if (peerToolsMissing) return;
  fixture = await startFixture({ devices: 2 });
  devices = fixture.server.devices as [DeviceState, DeviceState];
  dir = path.join(fixture.dir, 'backups');
  await pairAll(fixture.server);
  assert.equal((await runCradle(fixture.server, ['backup', devices[0].udid, '--dir', dir])).code, 0);
  await runOk(fixture.server, 'idevicebackup2', ['-u', devices[1].udid, 'backup', '--full', dir]);
});

after(async () => fixture?.close());

test('every file of both backups reads back byte for byte through openBackup', { skip: peerToolsMissing }, async () => {
  for (const device of devices) {
    const contents = await openBackup(path.join(dir, device.udid));
    try {
      assert.equal(contents.format, 'modern');
      let compared = 0;
      for (const file of backedUpFiles(device)) {
        const entry = contents.find(file.domain, file.relativePath);
        assert.ok(entry, `${file.domain}/${file.relativePath} is listed`);
        assert.deepEqual(await contents.readFile(entry), fs.readFileSync(device.store.pathOf(file.domain, file.relativePath)));
        compared += 1;
      }
      assert.ok(compared > 20, `compared ${compared}`);
      const tree = new BackupTree(contents);
      const dcim = tree.list('CameraRollDomain', 'Media/DCIM');
      assert.ok(dcim.total >= 1 && dcim.items.every((item) => item.kind === 'directory'));
      const bySize = tree.list('CameraRollDomain', 'Media/DCIM/100APPLE', 0, 500, { key: 'size', ascending: false }).items.map((item) => item.size ?? 0);
      assert.ok(bySize.length > 3);
      assert.deepEqual(bySize, [...bySize].sort((x, y) => y - x), 'the engine sorts a folder by size, largest first');
      const found = tree.search('addressbook.sqlitedb');
      assert.deepEqual(found.items.map((item) => `${item.domain}/${item.relativePath}`), ['HomeDomain/Library/AddressBook/AddressBook.sqlitedb']);
    } finally {
      contents.close();
    }
  }
});

test('cradle backups verify, browse ls and cat, by UDID in --dir', { skip: peerToolsMissing }, async () => {
  for (const device of devices) {
    const verify = await runCradle(fixture.server, ['backups', 'verify', device.udid, '--dir', dir, '--json']);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    const report = JSON.parse(verify.stdout) as VerifyReport;
    assert.deepEqual([report.errors, report.contentsChecked], [0, true]);
    assert.ok(report.files >= backedUpFiles(device).length);

    const domains = JSON.parse((await runCradle(fixture.server, ['browse', device.udid, 'ls', '--dir', dir, '--json'])).stdout) as DomainItem[];
    assert.ok(domains.some((d) => d.domain === 'HomeDomain') && domains.some((d) => d.domain === 'CameraRollDomain'));
    const folder = await runCradle(fixture.server, ['browse', device.udid, 'ls', 'HomeDomain/Library/AddressBook/', '--dir', dir, '--json']);
    assert.equal(folder.code, 0, folder.stderr);
    const items = JSON.parse(folder.stdout) as TreeItem[];
    const book = items.find((item) => item.name === 'AddressBook.sqlitedb');
    assert.equal(book?.size, device.store.get('HomeDomain', 'Library/AddressBook/AddressBook.sqlitedb')?.size);

    const cat = await runCradle(fixture.server, ['browse', device.udid, 'cat', 'HomeDomain', 'Library/AddressBook/AddressBook.sqlitedb', '--dir', dir]);
    assert.equal(cat.code, 0, cat.stderr);
    assert.deepEqual(cat.stdoutBytes, fs.readFileSync(device.store.pathOf('HomeDomain', 'Library/AddressBook/AddressBook.sqlitedb')));
  }
  const missing = await runCradle(fixture.server, ['browse', 'nowhere', 'ls', '--dir', dir]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /No backup "nowhere" was found/);
});

test('cradle extract writes a folder with its original names and times, never replacing a file', { skip: peerToolsMissing }, async () => {
  const [device] = devices;
  const out = path.join(fixture.dir, 'export');
  const run = () => runCradle(fixture.server, ['extract', path.join(dir, device.udid), 'CameraRollDomain', 'Media/DCIM', '--out', out, '--json']);
  const first = await run();
  assert.equal(first.code, 0, first.stderr);
  const photos = backedUpFiles(device).filter((e) => e.domain === 'CameraRollDomain' && e.relativePath.startsWith('Media/DCIM/'));
  assert.ok(photos.length > 3);
  for (const photo of photos) {
    const exported = path.join(out, 'DCIM', photo.relativePath.slice('Media/DCIM/'.length));
    assert.deepEqual(fs.readFileSync(exported), fs.readFileSync(device.store.pathOf(photo.domain, photo.relativePath)));
    assert.equal(Math.round(fs.statSync(exported).mtimeMs / 1000), photo.lastModified);
  }
  assert.equal((await run()).code, 0);
  const again = photos[0]!.relativePath.slice('Media/DCIM/'.length).replace(/(\.[^.]+)$/, ' 2$1');
  assert.ok(fs.existsSync(path.join(out, 'DCIM', again)), 'a second export adds "name 2.ext" instead of replacing');
});

test('a damaged backup: verify names the missing and cut files; a garbage Manifest.db is a clear error', { skip: peerToolsMissing }, async () => {
  const [device] = devices;
  const damaged = path.join(fixture.dir, 'damaged', device.udid);
  fs.cpSync(path.join(dir, device.udid), damaged, { recursive: true });
  const contents = await openBackup(damaged);
  const files = contents.entries().filter((e) => e.kind === 'file' && e.relativePath.endsWith('.plist'));
  contents.close();
  const [gone, cut] = [files[0]!, files[1]!];
  fs.rmSync(path.join(damaged, gone.fileID.slice(0, 2), gone.fileID));
  fs.writeFileSync(path.join(damaged, cut.fileID.slice(0, 2), cut.fileID), 'bplist00 cut short');
  const verify = await runCradle(fixture.server, ['backups', 'verify', damaged, '--json']);
  assert.equal(verify.code, 1);
  const report = JSON.parse(verify.stdout) as VerifyReport;
  const byPath = new Map(report.issues.filter((i) => i.severity === 'error').map((i) => [i.relativePath, i.message]));
  assert.match(byPath.get(gone.relativePath) ?? '', /missing/);
  assert.match(byPath.get(cut.relativePath) ?? '', /plist/);

  fs.writeFileSync(path.join(damaged, 'Manifest.db'), Buffer.alloc(4096, 7));
  const listed = await runCradle(fixture.server, ['browse', damaged, 'ls']);
  assert.equal(listed.code, 1);
  assert.match(listed.stderr, /Manifest\.db\) cannot be read/);
});

test('manifest rows naming .., absolute paths or a traversing fileID are never written outside the export folder', { skip: peerToolsMissing }, async () => {
  const [device] = devices;
  const hostile = path.join(fixture.dir, 'hostile', device.udid);
  fs.cpSync(path.join(dir, device.udid), hostile, { recursive: true });
  const db = new Database(path.join(hostile, 'Manifest.db'));
  const template = db.prepare("SELECT file FROM Files WHERE domain = 'HomeDomain' AND flags = 1 LIMIT 1").pluck().get() as Buffer;
  const insert = db.prepare("INSERT INTO Files (fileID, domain, relativePath, flags, file) VALUES (?, 'HomeDomain', ?, 1, ?)");
  insert.run('a'.repeat(40), '../../../escaped-dots', template);
  insert.run('b'.repeat(40), 'Library/../../../../escaped-inner', template);
  insert.run('../../../../tmp/escaped-id', 'Library/fine-name', template);
  db.close();
  for (const id of ['a'.repeat(40), 'b'.repeat(40)]) fs.mkdirSync(path.join(hostile, id.slice(0, 2)), { recursive: true });
  for (const id of ['a'.repeat(40), 'b'.repeat(40)]) fs.copyFileSync(path.join(hostile, 'Manifest.plist'), path.join(hostile, id.slice(0, 2), id));
  const out = path.join(fixture.dir, 'hostile-out', 'inner');
  const run = await runCradle(fixture.server, ['extract', hostile, 'HomeDomain', '--out', out, '--json']);
  assert.equal(run.code, 1, 'skipped entries make the exit code 1');
  const done = JSON.parse(run.stdout.trim().split('\n').pop()!) as { done: { skipped: { relativePath: string; reason: string }[]; files: number } };
  assert.deepEqual(done.done.skipped.map((s) => s.relativePath).sort(), ['../../../escaped-dots', 'Library/../../../../escaped-inner']);
  assert.ok(done.done.skipped.every((s) => /unsafe name/.test(s.reason)));
  assert.ok(done.done.files >= 5, run.stdout.slice(-600));
  const outside = fs.readdirSync(path.join(fixture.dir, 'hostile-out'));
  assert.deepEqual(outside, ['inner'], 'nothing was written next to the export folder');
  assert.ok(!fs.existsSync(path.join(fixture.dir, 'escaped-dots')) && !fs.existsSync('/tmp/escaped-id'));
});

test('cradle browse summary counts what the device holds and marks what needs an encrypted backup', { skip: peerToolsMissing }, async () => {
  for (const device of devices) {
    const run = await runCradle(fixture.server, ['browse', device.udid, 'summary', '--dir', dir, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout) as { encrypted: boolean; categories: { name: string; status: string; count: number }[] };
    const byName = new Map(summary.categories.map((c) => [c.name, c]));
    const book = new Database(device.store.pathOf('HomeDomain', 'Library/AddressBook/AddressBook.sqlitedb'), { readonly: true });
    const people = (book.prepare('SELECT count(*) AS n FROM ABPerson').get() as { n: number }).n;
    book.close();
    assert.deepEqual([byName.get('contacts')?.status, byName.get('contacts')?.count], ['ok', people]);
    assert.equal(byName.get('calls')?.status, 'needs-encryption');
    assert.equal(byName.get('passwords')?.status, 'needs-encryption');
  }
  const text = await runCradle(fixture.server, ['browse', devices[0].udid, 'summary', '--dir', dir]);
  // Said once, in words: the category's own explanation.
  assert.match(text.stdout, /\n {2}Call History +Only encrypted backups hold the call history\.\n/);
});

test('an iOS 9 style backup (flat files, Manifest.mbdb) lists, reads and verifies', { skip: peerToolsMissing }, async () => {
  const [device] = devices;
  const legacy = path.join(fixture.dir, 'legacy', device.udid);
  makeLegacyBackup(path.join(dir, device.udid), legacy);
  const contents = await openBackup(legacy);
  try {
    assert.equal(contents.format, 'legacy');
    for (const file of backedUpFiles(device)) {
      const entry = contents.find(file.domain, file.relativePath);
      assert.ok(entry, `${file.domain}/${file.relativePath}`);
      assert.deepEqual(await contents.readFile(entry), fs.readFileSync(device.store.pathOf(file.domain, file.relativePath)));
    }
  } finally {
    contents.close();
  }
  const verify = await runCradle(fixture.server, ['backups', 'verify', legacy, '--json']);
  assert.equal(verify.code, 0, verify.stdout);
  const cat = await runCradle(fixture.server, ['browse', legacy, 'cat', 'HomeDomain', 'Library/AddressBook/AddressBook.sqlitedb']);
  assert.deepEqual(cat.stdoutBytes, fs.readFileSync(device.store.pathOf('HomeDomain', 'Library/AddressBook/AddressBook.sqlitedb')));
});
