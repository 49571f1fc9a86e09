import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { makeProfileDevice, type Profile, type ProfileDevice } from '../../../../tests/helpers/store-contents.ts';
import { readAllThreadMessages, readCategory, readThreadMessages, readThumbnail } from './index.ts';

const APPLE_EPOCH = 978_307_200;
const devices = new Map<Profile, ProfileDevice>();
const PROFILES: Profile[] = ['personal', 'golden', 'managed'];

before(() => {
  for (const profile of PROFILES) devices.set(profile, makeProfileDevice(profile));
});
after(() => {
  for (const device of devices.values()) device.remove();
});

/** Queries a database straight from the device's files: the reference the readers are checked against. */
function query<T>(device: ProfileDevice, domain: string, relativePath: string, sql: string): T[] {
  const db = new Database(device.store.pathOf(domain, relativePath), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

const iso = (appleSeconds: number): string => new Date((appleSeconds + APPLE_EPOCH) * 1000).toISOString();

test('contacts: every card with its names, phones, emails, birthday and address, for each profile', async () => {
  for (const [profile, device] of devices) {
    const result = await readCategory(device.contents(false), 'contacts');
    assert.equal(result.status, 'ok', profile);
    const rows = query<{ ROWID: number; First: string; Last: string; Organization: string | null; Birthday: string | null }>(device,
      'HomeDomain', 'Library/AddressBook/AddressBook.sqlitedb', 'SELECT ROWID, First, Last, Organization, Birthday FROM ABPerson');
    assert.equal(result.data.contacts.length, rows.length, profile);
    const phones = query<{ record_id: number; value: string }>(device, 'HomeDomain', 'Library/AddressBook/AddressBook.sqlitedb',
      'SELECT record_id, value FROM ABMultiValue WHERE property = 3');
    const byId = new Map(result.data.contacts.map((c) => [c.id, c]));
    for (const row of rows) {
      const contact = byId.get(row.ROWID);
      assert.ok(contact, `${profile} contact ${row.ROWID}`);
      assert.equal(contact.firstName, row.First);
      assert.equal(contact.lastName, row.Last);
      assert.equal(contact.displayName, `${row.First} ${row.Last}`);
      assert.equal(contact.organization, row.Organization ?? undefined);
      assert.deepEqual(contact.phones.map((p) => p.value), phones.filter((p) => p.record_id === row.ROWID).map((p) => p.value));
      assert.equal(contact.birthday, row.Birthday === null ? undefined : iso(Number(row.Birthday)).slice(0, 10));
    }
  }
  const personal = (await readCategory(devices.get('personal')!.contents(false), 'contacts')).data;
  const anna = personal.contacts.find((c) => c.displayName === 'Anna Keller');
  assert.deepEqual(anna?.phones, [{ label: 'iPhone', value: '+14155550134' }]);
  assert.deepEqual(anna?.emails, [{ label: 'home', value: 'anna.keller@icloud.com' }]);
  const withAddress = personal.contacts.find((c) => c.addresses.length > 0);
  assert.deepEqual(Object.keys(withAddress?.addresses[0] ?? {}).sort(), ['city', 'country', 'countryCode', 'label', 'postalCode', 'state', 'street']);
  assert.equal(withAddress?.addresses[0]?.city, 'San Francisco');
  assert.ok(personal.contacts.some((c) => c.phones[0]?.label === 'mobile'));
  assert.deepEqual(personal.groups, [{ name: 'Family', memberCount: 4 }]);
  assert.equal(personal.contacts.filter((c) => c.groups.includes('Family')).length, 4);
});

test('messages: threads with participants named from the address book, counts, last message; a thread with its attachment', async () => {
  const device = devices.get('personal')!;
  const contents = device.contents(false);
  const result = await readCategory(contents, 'messages');
  assert.equal(result.status, 'ok');
  const chats = query<{ ROWID: number; n: number }>(device, 'HomeDomain', 'Library/SMS/sms.db',
    'SELECT c.ROWID, (SELECT COUNT(*) FROM chat_message_join j WHERE j.chat_id = c.ROWID) AS n FROM chat c');
  const total = query<{ n: number }>(device, 'HomeDomain', 'Library/SMS/sms.db', 'SELECT COUNT(*) AS n FROM message')[0]!.n;
  assert.equal(result.data.threads.length, chats.length);
  assert.equal(result.data.messageCount, total);
  for (const chat of chats) assert.equal(result.data.threads.find((t) => t.id === chat.ROWID)?.messageCount, chat.n);
  const group = result.data.threads.find((t) => t.chatName === 'Lisbon Trip 🇵🇹');
  assert.equal(group?.participants.length, 3);
  const contacts = (await readCategory(contents, 'contacts')).data.contacts.map((c) => c.displayName);
  for (const name of group!.participants) assert.ok(contacts.includes(name), `${name} is a contact`);
  const dates = result.data.threads.map((t) => t.lastMessage?.date ?? '');
  assert.deepEqual(dates, [...dates].sort().reverse(), 'newest conversation first');

  const attachments = query<{ chat_id: number; filename: string }>(device, 'HomeDomain', 'Library/SMS/sms.db', `SELECT j.chat_id, a.filename
    FROM attachment a JOIN message_attachment_join maj ON maj.attachment_id = a.ROWID JOIN chat_message_join j ON j.message_id = maj.message_id`);
  assert.ok(attachments.length >= 1);
  const { chat_id: chatId, filename } = attachments[0]!;
  const thread = await readThreadMessages(contents, chatId);
  assert.equal(thread.messages.length, chats.find((c) => c.ROWID === chatId)?.n);
  const times = thread.messages.map((m) => m.date ?? '');
  assert.deepEqual(times, [...times].sort(), 'oldest first');
  const withPhoto = thread.messages.find((m) => m.attachments.length > 0);
  assert.equal(withPhoto?.text, '', 'the attachment placeholder character is not text');
  const attachment = withPhoto!.attachments[0]!;
  assert.equal(attachment.domain, 'MediaDomain');
  assert.equal(`~/${attachment.relativePath}`, filename);
  const entry = contents.find(attachment.domain!, attachment.relativePath!)!;
  assert.deepEqual(await contents.readFile(entry), fs.readFileSync(device.store.pathOf('MediaDomain', attachment.relativePath!)));
  const first = query<{ date: number; text: string }>(device, 'HomeDomain', 'Library/SMS/sms.db',
    `SELECT m.date, m.text FROM message m JOIN chat_message_join j ON j.message_id = m.ROWID WHERE j.chat_id = ${chatId} ORDER BY m.date LIMIT 1`)[0]!;
  assert.equal(thread.messages[0]?.date?.slice(0, 19), iso(Math.floor(first.date / 1e9)).slice(0, 19), 'nanoseconds since 2001');
  assert.equal(thread.messages[0]?.text, first.text.replace(/\uFFFC/g, ''));
  await assert.rejects(readThreadMessages(contents, 99_999), { code: 'BACKUP_NOT_FOUND' });

  const progress: number[] = [];
  const all = await readAllThreadMessages(contents, undefined, (done, count) => progress.push(done / count));
  assert.deepEqual(all.map((t) => t.thread), result.data.threads, 'every thread, in the list order');
  assert.equal(all.reduce((sum, t) => sum + t.messages.length, 0), total);
  assert.deepEqual(all.find((t) => t.thread.id === chatId), thread);
  assert.equal(progress.at(-1), 1);
  assert.equal(progress.length, chats.length);
  assert.deepEqual((await readAllThreadMessages(contents, [chatId])).map((t) => t.thread.id), [chatId]);
  const abort = new AbortController();
  abort.abort();
  await assert.rejects(readAllThreadMessages(contents, undefined, () => abort.signal.throwIfAborted()), { name: 'AbortError' }, 'a cancelled export stays a cancellation');
  assert.equal((await readCategory(devices.get('golden')!.contents(false), 'messages')).data.threads.length, 0);
});

test('call history: only in encrypted backups; every record with direction, duration and the contact name', async () => {
  const device = devices.get('personal')!;
  const plain = await readCategory(device.contents(false), 'calls');
  assert.equal(plain.status, 'needs-encryption');
  assert.deepEqual(plain.data.calls, []);
  const result = await readCategory(device.contents(true), 'calls');
  assert.equal(result.status, 'ok');
  const rows = query<{ Z_PK: number; ZDATE: number; ZDURATION: number; ZORIGINATED: number; ZANSWERED: number; ZADDRESS: string; ZCALLTYPE: number }>(
    device, 'HomeDomain', 'Library/CallHistoryDB/CallHistory.storedata', 'SELECT * FROM ZCALLRECORD');
  assert.equal(result.data.calls.length, rows.length);
  const contacts = new Map((await readCategory(device.contents(true), 'contacts')).data.contacts.map((c) => [c.phones[0]?.value, c.displayName]));
  for (const row of rows) {
    const call = result.data.calls.find((c) => c.id === row.Z_PK)!;
    assert.equal(call.number, row.ZADDRESS);
    assert.equal(call.date, iso(row.ZDATE));
    assert.equal(call.durationSeconds, Math.round(row.ZDURATION));
    assert.equal(call.direction, row.ZORIGINATED ? 'outgoing' : 'incoming');
    assert.equal(call.answered, row.ZANSWERED === 1);
    assert.equal(call.service, row.ZCALLTYPE === 1 ? 'phone' : row.ZCALLTYPE === 8 ? 'facetime-video' : 'facetime-audio');
    assert.equal(call.name, contacts.get(row.ZADDRESS));
  }
});

test('photos: every camera roll file, dated by Photos.sqlite; thumbnails are the small originals; videos have none', async () => {
  for (const [profile, device] of devices) {
    const contents = device.contents(false);
    const result = await readCategory(contents, 'photos');
    assert.equal(result.status, 'ok', profile);
    const files = device.store.list().filter((e) => e.domain === 'CameraRollDomain' && e.kind === 'file' && e.relativePath.startsWith('Media/DCIM/'));
    assert.equal(result.data.items.length, files.length, profile);
    const assets = query<{ ZDIRECTORY: string; ZFILENAME: string; ZKIND: number; ZDATECREATED: number; ZWIDTH: number }>(device,
      'CameraRollDomain', 'Media/PhotoData/Photos.sqlite', 'SELECT ZDIRECTORY, ZFILENAME, ZKIND, ZDATECREATED, ZWIDTH FROM ZASSET');
    assert.equal(result.data.photoCount, assets.filter((a) => a.ZKIND === 0).length);
    assert.equal(result.data.videoCount, assets.filter((a) => a.ZKIND === 1).length);
    for (const asset of assets) {
      const item = result.data.items.find((i) => i.relativePath === `Media/${asset.ZDIRECTORY}/${asset.ZFILENAME}`)!;
      assert.equal(item.date, iso(asset.ZDATECREATED));
      assert.equal(item.width, asset.ZWIDTH);
      assert.equal(item.size, fs.statSync(device.store.pathOf(item.domain, item.relativePath)).size);
    }
  }
  const device = devices.get('personal')!;
  const contents = device.contents(false);
  const items = (await readCategory(contents, 'photos')).data.items;
  const photo = items.find((i) => i.kind === 'photo')!;
  const thumbnail = await readThumbnail(contents, photo);
  assert.equal(thumbnail?.source, 'original');
  assert.equal(thumbnail?.mime, 'image/jpeg');
  assert.deepEqual(Buffer.from(thumbnail!.bytes), fs.readFileSync(device.store.pathOf(photo.domain, photo.relativePath)));
  assert.equal(await readThumbnail(contents, items.find((i) => i.kind === 'video')!), undefined);
  assert.equal(await readThumbnail(contents, { domain: 'CameraRollDomain', relativePath: 'Media/DCIM/100APPLE/NOPE.JPG' }), undefined);
});

test('safari: bookmarks in their folders; history only in encrypted backups, with visit counts', async () => {
  const device = devices.get('personal')!;
  const plain = await readCategory(device.contents(false), 'safari');
  assert.equal(plain.status, 'ok');
  const bookmarks = query<{ title: string; url: string }>(device, 'HomeDomain', 'Library/Safari/Bookmarks.db', 'SELECT title, url FROM bookmarks WHERE type = 0 ORDER BY order_index');
  assert.deepEqual(plain.data.bookmarks.map((b) => [b.title, b.url]), bookmarks.map((b) => [b.title, b.url]));
  assert.ok(plain.data.bookmarks.every((b) => b.folder.join('/') === 'Favorites' && !b.readingList));
  assert.equal(plain.data.historyIncluded, false);
  assert.deepEqual(plain.data.history, []);
  const encrypted = await readCategory(device.contents(true), 'safari');
  const items = query<{ url: string; visit_count: number }>(device, 'HomeDomain', 'Library/Safari/History.db', 'SELECT url, visit_count FROM history_items');
  assert.equal(encrypted.data.historyIncluded, true);
  assert.equal(encrypted.data.history.length, items.length);
  for (const item of items) assert.equal(encrypted.data.history.find((h) => h.url === item.url)?.visitCount, item.visit_count);
  const visits = encrypted.data.history.map((h) => h.lastVisited ?? '');
  assert.deepEqual(visits, [...visits].sort().reverse());
});

test('notes: title, folder, account and the plain text of the gzipped protobuf body', async () => {
  for (const [profile, device] of devices) {
    const result = await readCategory(device.contents(false), 'notes');
    assert.equal(result.status, 'ok', profile);
    const rows = query<{ ZTITLE1: string; ZSNIPPET: string; ZDATA: Buffer }>(device, 'AppDomainGroup-group.com.apple.notes', 'NoteStore.sqlite',
      'SELECT n.ZTITLE1, n.ZSNIPPET, d.ZDATA FROM ZICNOTEDATA d JOIN ZICCLOUDSYNCINGOBJECT n ON n.Z_PK = d.ZNOTE');
    assert.equal(result.data.notes.length, rows.length, profile);
    for (const row of rows) {
      const note = result.data.notes.find((n) => n.title === row.ZTITLE1)!;
      assert.equal(note.snippet, row.ZSNIPPET);
      assert.equal(note.folder, 'Notes');
      assert.ok(note.body?.startsWith(`${row.ZTITLE1}\n`), note.body);
      assert.ok(gunzipSync(row.ZDATA).includes(Buffer.from(note.body!.split('\n').pop()!)), 'the last line is in the stored body');
    }
  }
  const golden = (await readCategory(devices.get('golden')!.contents(false), 'notes')).data.notes;
  assert.deepEqual(golden.map((n) => [n.title, n.body, n.account, n.pinned]),
    [['Device setup checklist', 'Device setup checklist\nWi-Fi profile installed\nApps assigned\nWallpaper set\nBackup encrypted', 'On My iPad', true]]);
});

test('calendar: calendars with their event counts and every event with its dates', async () => {
  for (const [profile, device] of devices) {
    const result = await readCategory(device.contents(false), 'calendar');
    assert.equal(result.status, 'ok', profile);
    const calendars = query<{ ROWID: number; title: string }>(device, 'HomeDomain', 'Library/Calendar/Calendar.sqlitedb', 'SELECT ROWID, title FROM Calendar');
    const events = query<{ ROWID: number; calendar_id: number; summary: string; start_date: number; all_day: number }>(device,
      'HomeDomain', 'Library/Calendar/Calendar.sqlitedb', 'SELECT ROWID, calendar_id, summary, start_date, all_day FROM CalendarItem');
    assert.deepEqual(result.data.calendars.map((c) => c.title).sort(), calendars.map((c) => c.title).sort());
    assert.equal(result.data.events.length, events.length);
    for (const calendar of result.data.calendars) assert.equal(calendar.eventCount, events.filter((e) => e.calendar_id === calendar.id).length);
    for (const row of events) {
      const event = result.data.events.find((e) => e.id === row.ROWID)!;
      assert.deepEqual([event.title, event.start, event.allDay], [row.summary, iso(row.start_date), row.all_day === 1]);
    }
  }
});
