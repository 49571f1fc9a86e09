import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { CradleError } from '../../../../shared/errors.ts';
import { makeProfileDevice, testJpeg, type ProfileDevice } from '../../../../tests/helpers/store-contents.ts';
import { attributedBodyText } from './attributed-body.ts';
import { readCategory, readOverview, readThumbnail } from './index.ts';
import { applyWal, openMemoryDatabase } from './memory-database.ts';
import { noteText } from './note-body.ts';
import { exifThumbnail } from './thumbnails.ts';

let device: ProfileDevice;
let scratch: string;

before(() => {
  device = makeProfileDevice('managed');
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cradle-robustness-'));
});
after(() => {
  device.remove();
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** Replaces a file of the device, runs `check`, then puts the original back. */
async function withReplaced(domain: string, relativePath: string, data: Buffer, check: () => Promise<void>): Promise<void> {
  const original = fs.readFileSync(device.store.pathOf(domain, relativePath));
  const meta = device.store.get(domain, relativePath)!;
  device.store.writeFile(domain, relativePath, data, meta);
  try {
    await check();
  } finally {
    device.store.writeFile(domain, relativePath, original, meta);
  }
}

/** Changes a copy of one of the device's databases with SQL and puts the copy in its place for `check`. */
async function withEditedDatabase(domain: string, relativePath: string, sql: (db: Database.Database) => void, check: () => Promise<void>): Promise<void> {
  const copy = path.join(scratch, 'edited.sqlite');
  fs.copyFileSync(device.store.pathOf(domain, relativePath), copy);
  const db = new Database(copy);
  sql(db);
  db.close();
  await withReplaced(domain, relativePath, fs.readFileSync(copy), check);
}

test('a corrupt, truncated or foreign database gives an empty category with a problem, never an exception', async () => {
  const book = ['HomeDomain', 'Library/AddressBook/AddressBook.sqlitedb'] as const;
  const original = fs.readFileSync(device.store.pathOf(...book));
  const cases: Array<[string, Buffer]> = [
    ['garbage', Buffer.from('this is not a database at all '.repeat(200))],
    ['empty', Buffer.alloc(0)],
    ['truncated', original.subarray(0, Math.floor(original.length / 3))],
    ['header only', original.subarray(0, 100)],
  ];
  for (const [label, data] of cases) {
    await withReplaced(...book, data, async () => {
      const result = await readCategory(device.contents(false), 'contacts');
      assert.equal(result.status, 'unreadable', label);
      assert.deepEqual(result.data, { contacts: [], groups: [] }, label);
      assert.match(result.problem ?? '', /address book/, label);
    });
  }
  await withEditedDatabase('HomeDomain', 'Library/SMS/sms.db', (db) => db.exec('DROP TABLE chat_message_join'), async () => {
    const result = await readCategory(device.contents(false), 'messages');
    assert.equal(result.status, 'unreadable');
    assert.match(result.problem ?? '', /chat_message_join/);
  });
  await withReplaced('HomeDomain', 'Library/SpringBoard/IconState.plist', Buffer.from('bplist00 broken'), async () => {
    const result = await readCategory(device.contents(false), 'home-screen');
    assert.deepEqual([result.status, result.data], ['unreadable', { dock: [], pages: [] }]);
  });
  await withReplaced('CameraRollDomain', 'Media/PhotoData/Photos.sqlite', Buffer.from('broken'), async () => {
    const result = await readCategory(device.contents(false), 'photos');
    assert.equal(result.status, 'ok', 'the camera roll is still listed');
    assert.equal(result.data.items.length, 6);
    assert.match(result.problem ?? '', /Dates come from the files/);
  });
});

test('a file the backup cannot decrypt or read is a problem of its category; the overview of a damaged backup still answers', async () => {
  const contents = device.contents(true);
  const failing = { ...contents, readFile: () => Promise.reject(new CradleError('BACKUP_CORRUPT', 'bad padding')) };
  const overview = await readOverview(failing, device.classKeys);
  const unreadable = overview.categories.filter((c) => c.status === 'unreadable').map((c) => c.name);
  assert.deepEqual(unreadable, ['contacts', 'messages', 'calls', 'safari', 'notes', 'calendar', 'wifi', 'passwords', 'home-screen', 'accounts', 'management']);
  const photos = overview.categories.find((c) => c.name === 'photos')!;
  assert.deepEqual([photos.status, photos.count], ['ok', 6], 'the camera roll is listed from the manifest');
  assert.match(overview.categories.find((c) => c.name === 'contacts')?.problem ?? '', /bad padding/);
  const emptyBackup = { ...contents, entries: () => [], find: () => undefined };
  const empty = await readOverview(emptyBackup, device.classKeys);
  assert.deepEqual(empty.categories.filter((c) => c.status !== 'missing' && c.status !== 'ok').map((c) => c.name), []);
  assert.equal(empty.categories.find((c) => c.name === 'calls')?.countText, 'None in this backup');
});

test('a database in WAL mode is read with the committed transactions of its -wal file', async () => {
  const dir = fs.mkdtempSync(path.join(scratch, 'wal-'));
  const file = path.join(dir, 'AddressBook.sqlitedb');
  fs.copyFileSync(device.store.pathOf('HomeDomain', 'Library/AddressBook/AddressBook.sqlitedb'), file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.prepare("INSERT INTO ABPerson (First, Last) VALUES ('Walter', 'Log')").run();
  db.prepare("INSERT INTO ABPerson (First, Last) VALUES ('Wendy', 'Log')").run();
  const main = fs.readFileSync(file);
  const wal = fs.readFileSync(`${file}-wal`);
  db.close();
  const count = (image: Database.Database) => (image.prepare('SELECT COUNT(*) AS n FROM ABPerson').get() as { n: number }).n;
  const before = count(openMemoryDatabase(main));
  assert.equal(count(openMemoryDatabase(main, wal)), before + 2);
  const torn = Buffer.from(wal);
  torn[torn.length - 10] = (torn[torn.length - 10] ?? 0) ^ 0xff;
  assert.equal(count(openMemoryDatabase(main, torn)), before + 1, 'a damaged last frame drops only the last transaction');
  assert.deepEqual(applyWal(main, Buffer.alloc(64)), main, 'not a WAL: the database as it is');

  device.store.writeFile('HomeDomain', 'Library/AddressBook/AddressBook.sqlitedb-wal', wal);
  await withReplaced('HomeDomain', 'Library/AddressBook/AddressBook.sqlitedb', main, async () => {
    const names = (await readCategory(device.contents(false), 'contacts')).data.contacts.map((c) => c.displayName);
    assert.ok(names.includes('Walter Log') && names.includes('Wendy Log'));
  });
  device.store.remove('HomeDomain', 'Library/AddressBook/AddressBook.sqlitedb-wal');
});

/** A typedstream attributedBody as iOS 16+ writes it, holding `text`. */
function attributedBody(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const length = bytes.length < 0x80 ? Buffer.from([bytes.length]) : Buffer.from([0x81, bytes.length & 0xff, bytes.length >> 8]);
  return Buffer.concat([Buffer.from('\x04\x0bstreamtyped\x81\xe8\x03\x84\x01@\x84\x84\x84\x12NSAttributedString\x00\x84\x84\x08NSObject\x00\x85\x92\x84\x84\x84\x08NSString\x01\x94\x84\x01+', 'latin1'),
    length, bytes, Buffer.from('\x86\x84\x02iI\x01', 'latin1')]);
}

test('message text kept only in attributedBody (iOS 16+) is read; hostile blobs give nothing', async () => {
  assert.equal(attributedBodyText(attributedBody('Hello 👋')), 'Hello 👋');
  const long = 'x'.repeat(300) + ' ünïcödé';
  assert.equal(attributedBodyText(attributedBody(long)), long);
  assert.equal(attributedBodyText(Buffer.from('NSString\x01\x94\x84\x01+\x7fshort', 'latin1')), undefined, 'length past the end');
  assert.equal(attributedBodyText(Buffer.from('no marker here')), undefined);
  assert.equal(attributedBodyText(Buffer.from('NSString', 'latin1')), undefined);
  await withEditedDatabase('HomeDomain', 'Library/SMS/sms.db', (db) => {
    db.prepare("UPDATE message SET text = NULL, attributedBody = ? WHERE ROWID = (SELECT MAX(ROWID) FROM message)").run(attributedBody('Only in the body ✅'));
  }, async () => {
    const threads = (await readCategory(device.contents(false), 'messages')).data.threads;
    assert.ok(threads.some((t) => t.lastMessage?.text === 'Only in the body ✅'));
  });
});

test('notes: a locked note shows no body; a body that is not a NoteStore protobuf gives no text', async () => {
  assert.equal(noteText(Buffer.from([0x1f, 0x8b, 0, 1, 2])), undefined, 'broken gzip');
  assert.equal(noteText(Buffer.from([0x12, 0x7f, 0x01])), undefined, 'length past the end');
  assert.equal(noteText(Buffer.from([0x0f])), undefined, 'unknown wire type');
  await withEditedDatabase('AppDomainGroup-group.com.apple.notes', 'NoteStore.sqlite', (db) => {
    db.exec('UPDATE ZICCLOUDSYNCINGOBJECT SET ZISPASSWORDPROTECTED = 1 WHERE Z_PK = 3');
    db.exec("UPDATE ZICNOTEDATA SET ZDATA = X'DEADBEEF' WHERE ZNOTE = 4");
  }, async () => {
    const notes = (await readCategory(device.contents(false), 'notes')).data.notes;
    const locked = notes.find((n) => n.id === 3)!;
    assert.deepEqual([locked.locked, locked.body], [true, undefined]);
    const garbled = notes.find((n) => n.id === 4)!;
    assert.equal(garbled.body, undefined);
    assert.ok(garbled.title.length > 0, 'the title still comes from the database');
  });
});

/** A JPEG whose Exif segment carries `thumbnail` in IFD1, in either byte order. */
function jpegWithExifThumbnail(thumbnail: Buffer, order: 'II' | 'MM'): Buffer {
  const le = order === 'II';
  const u16 = (v: number) => { const b = Buffer.alloc(2); if (le) b.writeUInt16LE(v); else b.writeUInt16BE(v); return b; };
  const u32 = (v: number) => { const b = Buffer.alloc(4); if (le) b.writeUInt32LE(v); else b.writeUInt32BE(v); return b; };
  const entry = (tag: number, type: number, value: number) => Buffer.concat([u16(tag), u16(type), u32(1), type === 3 ? Buffer.concat([u16(value), u16(0)]) : u32(value)]);
  const ifd0At = 8;
  const ifd1At = ifd0At + 2 + 12 + 4;
  const thumbAt = ifd1At + 2 + 3 * 12 + 4;
  const tiff = Buffer.concat([
    Buffer.from(order, 'latin1'), u16(42), u32(ifd0At),
    u16(1), entry(0x0112, 3, 1), u32(ifd1At),
    u16(3), entry(0x0103, 3, 6), entry(0x0201, 4, thumbAt), entry(0x0202, 4, thumbnail.length), u32(0),
    thumbnail,
  ]);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1]), Buffer.from([(body.length + 2) >> 8, (body.length + 2) & 0xff]), body]);
  const main = testJpeg(320, 240, 'exif-test');
  return Buffer.concat([main.subarray(0, 2), app1, main.subarray(2)]);
}

test('thumbnails: the Exif thumbnail when a JPEG has one (both byte orders); hostile Exif gives none', async () => {
  const small = testJpeg(32, 24, 'thumb');
  for (const order of ['II', 'MM'] as const) assert.deepEqual(exifThumbnail(jpegWithExifThumbnail(small, order)), small, order);
  const hostile = jpegWithExifThumbnail(small, 'II');
  const tiffStart = hostile.indexOf('Exif\0\0') + 6;
  hostile.writeUInt32LE(0xfffffff0, tiffStart + 4);
  assert.equal(exifThumbnail(hostile), undefined, 'IFD0 offset past the end');
  assert.equal(exifThumbnail(Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x01])), undefined, 'segment length below 2');
  assert.equal(exifThumbnail(Buffer.from('not a jpeg')), undefined);

  const photo = jpegWithExifThumbnail(small, 'MM');
  device.store.writeFile('CameraRollDomain', 'Media/DCIM/100APPLE/IMG_9001.JPG', photo);
  try {
    const thumbnail = await readThumbnail(device.contents(false), { domain: 'CameraRollDomain', relativePath: 'Media/DCIM/100APPLE/IMG_9001.JPG' });
    assert.deepEqual([thumbnail?.source, thumbnail?.mime], ['exif', 'image/jpeg']);
    assert.deepEqual(Buffer.from(thumbnail!.bytes), small);
  } finally {
    device.store.remove('CameraRollDomain', 'Media/DCIM/100APPLE/IMG_9001.JPG');
  }
});
