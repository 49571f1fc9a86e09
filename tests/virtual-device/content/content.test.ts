import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { decodePlist } from '../plist.ts';
import { createDeviceStore } from '../store.ts';
import type { DeviceStore, Profile } from '../types.ts';
import { appsFor, isEncryptedOnly, keychainItemsFor, populateProfile, profilesFor, profileValues, PROFILES_DOMAIN } from './index.ts';

const UDID = '00008110-001C2D3E4F5A6B7C';

function withDevice(profile: Profile, options: { udid?: string; dataMb?: number; files?: number }, run: (store: DeviceStore) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cradle-content-'));
  try {
    const store = createDeviceStore(dir);
    populateProfile(store, profile, { udid: options.udid ?? UDID, dataMb: options.dataMb, files: options.files });
    store.save();
    run(store);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function query<T>(store: DeviceStore, domain: string, relativePath: string, run: (db: Database.Database) => T): T {
  assert.ok(store.get(domain, relativePath), `${domain}/${relativePath} exists`);
  const db = new Database(store.pathOf(domain, relativePath), { readonly: true, fileMustExist: true });
  try {
    return run(db);
  } finally {
    db.close();
  }
}

const count = (db: Database.Database, table: string): number => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

function plistOf(store: DeviceStore, domain: string, relativePath: string): Record<string, unknown> {
  return decodePlist(fs.readFileSync(store.pathOf(domain, relativePath))) as Record<string, unknown>;
}

function totalBytes(store: DeviceStore): number {
  return store.list().reduce((sum, e) => sum + (e.kind === 'file' ? e.size : 0), 0);
}

test('personal: real databases with personal rows, photos, encrypted-only entries', () => {
  withDevice('personal', {}, (store) => {
    query(store, 'HomeDomain', 'Library/AddressBook/AddressBook.sqlitedb', (db) => {
      assert.ok(count(db, 'ABPerson') >= 50);
      const phones = db.prepare(`SELECT ABMultiValue.value, ABMultiValueLabel.value AS label FROM ABMultiValue
        JOIN ABMultiValueLabel ON ABMultiValue.label = ABMultiValueLabel.ROWID WHERE property = 3`).all();
      assert.ok(phones.length >= 50);
    });
    query(store, 'HomeDomain', 'Library/SMS/sms.db', (db) => {
      assert.ok(count(db, 'chat') >= 3);
      assert.ok(count(db, 'message') >= 20);
      assert.ok(count(db, 'handle') >= 3);
      assert.equal(count(db, 'chat_message_join'), count(db, 'message'));
      assert.ok(count(db, 'chat_handle_join') >= 3);
      const date = (db.prepare('SELECT MAX(date) AS d FROM message').get() as { d: number }).d;
      assert.ok(date > 7e17 && date < 8e17, 'Apple-epoch nanoseconds');
      const attachments = db.prepare('SELECT filename FROM attachment JOIN message_attachment_join ON attachment.ROWID = attachment_id').all() as Array<{ filename: string }>;
      assert.ok(attachments.length >= 1);
      for (const a of attachments) {
        const file = fs.readFileSync(store.pathOf('MediaDomain', a.filename.replace(/^~\//, '')));
        assert.equal(file.readUInt16BE(0), 0xffd8);
      }
    });
    query(store, 'HomeDomain', 'Library/CallHistoryDB/CallHistory.storedata', (db) => assert.ok(count(db, 'ZCALLRECORD') >= 50));
    query(store, 'HomeDomain', 'Library/Safari/Bookmarks.db', (db) => assert.ok(count(db, "bookmarks WHERE type = 0") >= 5));
    query(store, 'HomeDomain', 'Library/Safari/History.db', (db) => {
      assert.ok(count(db, 'history_items') >= 10);
      assert.ok(count(db, 'history_visits') >= 100);
    });
    query(store, 'AppDomainGroup-group.com.apple.notes', 'NoteStore.sqlite', (db) => {
      const notes = db.prepare('SELECT ZTITLE1, ZDATA FROM ZICCLOUDSYNCINGOBJECT JOIN ZICNOTEDATA ON ZICNOTEDATA.ZNOTE = ZICCLOUDSYNCINGOBJECT.Z_PK').all() as Array<{ ZTITLE1: string; ZDATA: Buffer }>;
      assert.ok(notes.length >= 5);
      for (const note of notes) assert.ok(gunzipSync(note.ZDATA).includes(Buffer.from(note.ZTITLE1)));
    });
    query(store, 'HomeDomain', 'Library/Calendar/Calendar.sqlitedb', (db) => {
      assert.ok(count(db, 'Calendar') >= 2);
      assert.ok(count(db, 'CalendarItem') >= 50);
    });
    query(store, 'HomeDomain', 'Library/Accounts/Accounts3.sqlite', (db) => {
      const types = db.prepare('SELECT ZACCOUNTTYPE.ZIDENTIFIER AS id FROM ZACCOUNT JOIN ZACCOUNTTYPE ON ZACCOUNTTYPE.Z_PK = ZACCOUNT.ZACCOUNTTYPE').all() as Array<{ id: string }>;
      assert.ok(types.some((t) => t.id === 'com.apple.account.AppleAccount'));
    });
    query(store, 'HealthDomain', 'Health/healthdb_secure.sqlite', (db) => {
      assert.ok(count(db, 'samples WHERE data_type = 7') >= 100);
      assert.equal(count(db, 'samples'), count(db, 'quantity_samples'));
    });
    const photos = store.list().filter((e) => e.domain === 'CameraRollDomain' && /^Media\/DCIM\/\d{3}APPLE\/IMG_\d{4}\.JPG$/.test(e.relativePath));
    assert.ok(photos.length >= 10);
    const digests = new Set<string>();
    for (const photo of photos) {
      const data = fs.readFileSync(store.pathOf(photo.domain, photo.relativePath));
      assert.equal(data.readUInt16BE(0), 0xffd8);
      assert.equal(data.readUInt16BE(data.length - 2), 0xffd9);
      assert.equal(data.length, photo.size);
      digests.add(createHash('sha1').update(data).digest('hex'));
    }
    assert.equal(digests.size, photos.length, 'photos are distinct');
    query(store, 'CameraRollDomain', 'Media/PhotoData/Photos.sqlite', (db) => {
      const media = store.list().filter((e) => e.kind === 'file' && e.relativePath.startsWith('Media/DCIM/'));
      assert.equal(count(db, 'ZASSET'), media.length);
    });
    for (const [domain, relativePath] of [
      ['HomeDomain', 'Library/CallHistoryDB/CallHistory.storedata'], ['HomeDomain', 'Library/Safari/History.db'],
      ['HealthDomain', 'Health/healthdb_secure.sqlite'], ['SystemPreferencesDomain', 'SystemConfiguration/com.apple.wifi.plist'],
      ['SystemPreferencesDomain', 'SystemConfiguration/com.apple.wifi.known-networks.plist'],
    ] as const) {
      assert.equal(store.get(domain, relativePath)?.encryptedOnly, true, `${relativePath} is encrypted-only`);
    }
    assert.equal(store.get('HomeDomain', 'Library/SMS/sms.db')?.encryptedOnly, undefined);
    for (const e of store.list().filter((x) => x.kind === 'file')) assert.equal(isEncryptedOnly(e.domain, e.relativePath), e.encryptedOnly === true, `${e.domain}/${e.relativePath}`);
    assert.equal(store.list().filter((e) => e.excludedFromBackup).length, 0);
    const icons = plistOf(store, 'HomeDomain', 'Library/SpringBoard/IconState.plist') as { iconLists: unknown[][]; buttonBar: string[] };
    assert.ok(icons.buttonBar.includes('com.apple.mobilephone'));
    assert.ok(icons.iconLists.flat().includes('net.whatsapp.WhatsApp'));
    for (const e of store.list()) assert.ok(store.get(e.domain, '')?.kind === 'directory', `${e.domain} has a root entry`);
  });
});

test('golden: configured device without personal accounts or data', () => {
  withDevice('golden', {}, (store) => {
    query(store, 'HomeDomain', 'Library/Accounts/Accounts3.sqlite', (db) => {
      assert.equal(count(db, "ZACCOUNT JOIN ZACCOUNTTYPE ON ZACCOUNTTYPE.Z_PK = ZACCOUNT.ZACCOUNTTYPE WHERE ZACCOUNTTYPE.ZIDENTIFIER = 'com.apple.account.AppleAccount'"), 0);
    });
    query(store, 'HomeDomain', 'Library/SMS/sms.db', (db) => assert.equal(count(db, 'message'), 0));
    query(store, 'HomeDomain', 'Library/AddressBook/AddressBook.sqlitedb', (db) => assert.ok(count(db, 'ABPerson') <= 5));
    assert.equal(store.get('HealthDomain', 'Health/healthdb_secure.sqlite'), undefined);
    assert.ok(store.get('AppDomain-com.apple.Pages', 'Library/Preferences/com.apple.Pages.plist'));
    assert.ok(store.get('HomeDomain', 'Library/SpringBoard/IconState.plist'));
    assert.equal(store.get('SystemPreferencesDomain', 'SystemConfiguration/com.apple.wifi.plist')?.encryptedOnly, true);
    const cloud = plistOf(store, PROFILES_DOMAIN, 'Library/ConfigurationProfiles/CloudConfigurationDetails.plist');
    assert.equal(cloud.IsSupervised, false);
    assert.equal(store.get(PROFILES_DOMAIN, 'Library/ConfigurationProfiles/MDM.plist'), undefined);
  });
});

test('managed: supervised, MDM-enrolled, managed app data excluded from backups', () => {
  withDevice('managed', {}, (store) => {
    const cloud = plistOf(store, PROFILES_DOMAIN, 'Library/ConfigurationProfiles/CloudConfigurationDetails.plist');
    assert.equal(cloud.IsSupervised, true);
    const mdm = store.get(PROFILES_DOMAIN, 'Library/ConfigurationProfiles/MDM.plist');
    assert.equal(mdm?.encryptedOnly, true);
    assert.match(String(plistOf(store, PROFILES_DOMAIN, 'Library/ConfigurationProfiles/MDM.plist').ServerURL), /^https:\/\//);
    const stubs = store.list().filter((e) => /profile-[0-9a-f]{64}\.stub$/.test(e.relativePath));
    assert.equal(stubs.length, 3);
    assert.equal(stubs.filter((e) => e.encryptedOnly).length, 1, 'only the MDM enrollment profile is encrypted-only');
    const excluded = store.list().filter((e) => e.excludedFromBackup);
    assert.ok(excluded.some((e) => e.kind === 'file'));
    for (const e of excluded) assert.match(e.domain, /^AppDomain(Group)?-(group\.)?com\.contoso\.FieldService$/);
    for (const e of store.list().filter((x) => x.domain === 'AppDomain-com.contoso.FieldService')) assert.equal(e.excludedFromBackup, true);
    for (const e of store.list().filter((x) => x.kind === 'file')) assert.equal(isEncryptedOnly(e.domain, e.relativePath), e.encryptedOnly === true, `${e.domain}/${e.relativePath}`);
    assert.equal(store.get('AppDomain-com.microsoft.Office.Outlook', 'Library/Preferences/com.microsoft.Office.Outlook.plist')?.excludedFromBackup, undefined);
  });
});

test('the same udid gives the same device; another udid other photos', () => {
  const snapshot = (udid: string): Map<string, string> => {
    const out = new Map<string, string>();
    withDevice('personal', { udid }, (store) => {
      for (const e of store.list()) {
        const content = e.kind === 'file' ? createHash('sha1').update(fs.readFileSync(store.pathOf(e.domain, e.relativePath))).digest('hex') : '';
        out.set(`${e.domain}/${e.relativePath}`, `${e.kind} ${e.mode} ${e.size} ${e.lastModified} ${e.protectionClass} ${content}`);
      }
    });
    return out;
  };
  const first = snapshot(UDID);
  assert.deepEqual(snapshot(UDID), first);
  const other = snapshot('00008110-00FFEEDDCCBBAA99');
  assert.notEqual(other.get('CameraRollDomain/Media/DCIM/100APPLE/IMG_0001.JPG'), first.get('CameraRollDomain/Media/DCIM/100APPLE/IMG_0001.JPG'));
});

test('dataMb adds about that much, in videos, photos and app files', () => {
  let base = 0;
  withDevice('golden', {}, (store) => { base = totalBytes(store); });
  withDevice('golden', { dataMb: 50 }, (store) => {
    const added = totalBytes(store) - base;
    assert.ok(added > 45 * 1024 * 1024 && added < 55 * 1024 * 1024, `added ${added} bytes`);
    const media = store.list().filter((e) => e.domain === 'CameraRollDomain' && e.kind === 'file');
    assert.ok(media.some((e) => e.relativePath.endsWith('.MOV') && e.size > 1024 * 1024));
    const photos = media.filter((e) => e.relativePath.endsWith('.JPG'));
    assert.ok(photos.length >= 3 && photos.every((e) => e.size >= 1024 * 1024));
    const movie = fs.readFileSync(store.pathOf('CameraRollDomain', media.find((e) => e.relativePath.endsWith('.MOV'))!.relativePath));
    assert.equal(movie.subarray(4, 12).toString('latin1'), 'ftypqt  ');
    const appFiles = store.list().filter((e) => e.kind === 'file' && e.domain.startsWith('AppDomain-') && e.relativePath.includes('/Storage/'));
    assert.ok(appFiles.length > 100);
    for (const photo of photos) {
      const data = fs.readFileSync(store.pathOf(photo.domain, photo.relativePath));
      assert.equal(data.readUInt16BE(data.length - 2), 0xffd9);
    }
    query(store, 'CameraRollDomain', 'Media/PhotoData/Photos.sqlite', (db) => assert.equal(count(db, 'ZASSET'), media.length - 1));
  });
});

test('files tops the device up to about that many files', () => {
  withDevice('managed', { files: 3000 }, (store) => {
    const files = store.list().filter((e) => e.kind === 'file').length;
    assert.ok(files >= 3000 && files <= 3010, `${files} files`);
  });
});

test('apps, profiles, lockdown values and keychain items match the profile', () => {
  for (const profile of ['personal', 'golden', 'managed'] as const) {
    const apps = appsFor(profile);
    assert.ok(apps.length >= 4);
    for (const app of apps) {
      assert.equal(app.ApplicationType, 'User');
      assert.ok(Buffer.isBuffer(app.ApplicationSINF));
      const metadata = decodePlist(app.iTunesMetadata as Buffer) as Record<string, unknown>;
      assert.equal(metadata.softwareVersionBundleId, app.CFBundleIdentifier);
      assert.match(String(app.Container), /^\/private\/var\/mobile\/Containers\/Data\/Application\/[0-9A-F-]{36}$/);
    }
    const list = profilesFor(profile) as { OrderedIdentifiers: string[]; ProfileMetadata: Record<string, { PayloadUUID: string }>; ProfileManifest: Record<string, { IsActive: boolean }>; Status: string };
    assert.equal(list.Status, 'Acknowledged');
    assert.deepEqual(Object.keys(list.ProfileMetadata).sort(), [...list.OrderedIdentifiers].sort());
    assert.deepEqual(Object.keys(list.ProfileManifest).sort(), [...list.OrderedIdentifiers].sort());
    for (const item of keychainItemsFor(profile)) {
      assert.ok(item.protectionClass >= 6 && item.protectionClass <= 11);
      assert.ok(item.v_Data.length > 0);
      assert.ok(item.class === 'genp' ? item.svce : item.srvr);
    }
  }
  assert.deepEqual(profilesFor('personal').OrderedIdentifiers, []);
  assert.equal((profilesFor('managed').OrderedIdentifiers as string[]).length, 3);
  const wifi = keychainItemsFor('personal').filter((i) => i.svce === 'AirPort').map((i) => i.acct);
  assert.ok(wifi.includes('Keller Home'));
  const managed = profileValues('managed', UDID);
  assert.equal(managed['com.apple.mobile.backup']?.RequiresEncrypt, true);
  assert.equal(managed['com.apple.mobile.chaperone']?.DeviceIsChaperoned, true);
  assert.match(String(managed['']?.DeviceName), /^Loaner \d\d$/);
  const personal = profileValues('personal', UDID);
  assert.equal(personal['com.apple.fmip']?.IsAssociated, true);
  assert.equal(personal['com.apple.mobile.backup']?.RequiresEncrypt, false);
  assert.equal(personal['']?.DeviceName, "Anna's iPhone");
  assert.equal(profileValues('golden', UDID)['']?.DeviceClass, 'iPad');
});
