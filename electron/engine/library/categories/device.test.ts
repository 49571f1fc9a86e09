import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  addKeychainItem, catalogFor, devicePlist, keychainItemsFor, makeProfileDevice, manifestFor, personaOf, storeContents, type ProfileDevice, type Profile,
} from '../../../../tests/helpers/store-contents.ts';
import { readCategory, readOverview, revealPassword } from './index.ts';

const devices = new Map<Profile, ProfileDevice>();

before(() => {
  for (const profile of ['personal', 'golden', 'managed'] as const) devices.set(profile, makeProfileDevice(profile));
});
after(() => {
  for (const device of devices.values()) device.remove();
});

const device = (profile: Profile): ProfileDevice => devices.get(profile)!;

test('passwords: only in encrypted backups, listed once unlocked, without secrets; one secret revealed on request', async () => {
  const personal = device('personal');
  assert.equal((await readCategory(personal.contents(false), 'passwords')).status, 'needs-encryption');
  assert.equal((await readCategory(personal.contents(true), 'passwords')).status, 'locked');
  for (const [profile, d] of devices) {
    const result = await readCategory(d.contents(true), 'passwords', d.classKeys);
    assert.equal(result.status, 'ok', profile);
    const expected = keychainItemsFor(profile);
    const readable = expected.filter((item) => item.protectionClass <= 8);
    assert.equal(result.data.items.length, readable.length, profile);
    assert.equal(result.data.deviceOnlyCount, expected.length - readable.length, 'ThisDeviceOnly items cannot be read off the device');
    assert.ok(!JSON.stringify(result.data).includes(readable[0]!.v_Data.toString()), 'no secret in the list');
    for (const item of readable) {
      const listed = result.data.items.find((i) => i.where === (item.svce === 'AirPort' ? item.acct : item.srvr ?? item.svce) && i.accessGroup === item.agrp)!;
      assert.ok(listed, `${profile} ${item.srvr ?? item.svce}`);
      assert.equal(listed.kind, item.class === 'inet' ? 'website' : item.svce === 'AirPort' ? 'wifi' : item.svce?.startsWith('com.apple.account.') ? 'account' : 'app');
      assert.equal(listed.created, item.cdat.toISOString());
      const secret = await revealPassword(d.contents(true), d.classKeys, listed.id);
      assert.deepEqual(secret, { id: listed.id, value: item.v_Data.toString('utf8'), encoding: 'text' });
    }
  }
  const contents = personal.contents(true);
  await assert.rejects(revealPassword(contents, personal.classKeys, 'genp:999'), { code: 'BACKUP_NOT_FOUND' });
  await assert.rejects(revealPassword(contents, undefined, 'genp:0'), { code: 'PASSWORD_REQUIRED' });
  await assert.rejects(revealPassword(personal.contents(false), personal.classKeys, 'genp:0'), { code: 'BACKUP_NOT_FOUND' });
});

test('passwords: a secret that is not text is revealed as base64', async () => {
  const golden = device('golden');
  const secret = Buffer.from([0, 1, 2, 0xfe, 0xff]);
  addKeychainItem(golden, 'genp', { acct: 'device-key', svce: 'com.example.binary', agrp: 'com.example', pdmn: 'ck', v_Data: secret });
  const contents = golden.contents(true);
  const item = (await readCategory(contents, 'passwords', golden.classKeys)).data.items.find((i) => i.where === 'com.example.binary')!;
  assert.deepEqual(await revealPassword(contents, golden.classKeys, item.id), { id: item.id, value: secret.toString('base64'), encoding: 'base64' });
});

test('wifi: only in encrypted backups; every known network with security, dates and its keychain password', async () => {
  assert.equal((await readCategory(device('personal').contents(false), 'wifi')).status, 'needs-encryption');
  for (const [profile, d] of devices) {
    const contents = d.contents(true);
    const result = await readCategory(contents, 'wifi', d.classKeys);
    assert.equal(result.status, 'ok', profile);
    const list = devicePlist(d, 'SystemPreferencesDomain', 'SystemConfiguration/com.apple.wifi.plist')['List of known networks'] as Array<Record<string, unknown>>;
    assert.deepEqual(result.data.networks.map((n) => n.ssid).sort(), list.map((n) => n.SSID_STR).sort());
    for (const known of list) {
      const network = result.data.networks.find((n) => n.ssid === known.SSID_STR)!;
      assert.equal(network.security, known.SecurityMode);
      assert.equal(network.lastJoined, (known.lastJoined as Date).toISOString());
      const password = personaOf(profile).networks.find((n) => n.ssid === known.SSID_STR)?.password;
      assert.equal(network.passwordId !== undefined, password !== undefined, `${profile} ${network.ssid}`);
      if (password) assert.equal((await revealPassword(contents, d.classKeys, network.passwordId!)).value, password);
    }
  }
  const withoutKeys = await readCategory(device('personal').contents(true), 'wifi');
  assert.ok(withoutKeys.data.networks.length > 0 && withoutKeys.data.networks.every((n) => n.passwordId === undefined));
  assert.deepEqual((await readCategory(device('golden').contents(true), 'wifi')).data.networks.map((n) => n.addedBy), ['profile', 'user']);
});

test('home screen: the dock, pages, folders and app names (App Store names, built-in names, else the app folder)', async () => {
  for (const [profile, d] of devices) {
    const result = await readCategory(d.contents(false), 'home-screen');
    const state = devicePlist(d, 'HomeDomain', 'Library/SpringBoard/IconState.plist') as { buttonBar: string[]; iconLists: unknown[][] };
    assert.deepEqual(result.data.dock.map((i) => (i.type === 'app' ? i.bundleId : i.type)), state.buttonBar, profile);
    assert.equal(result.data.pages.length, state.iconLists.length);
    const folder = result.data.pages[0]!.find((i) => i.type === 'folder');
    assert.equal(folder?.type === 'folder' && folder.pages[0]?.map((app) => app.name).join(','), 'Calculator,Compass,Voice Memos,Measure,Magnifier');
    for (const app of catalogFor(profile).filter((a) => state.iconLists[1]!.includes(a.bundleId))) {
      assert.ok(result.data.pages[1]!.some((i) => i.type === 'app' && i.bundleId === app.bundleId && i.name === app.name), `${profile} ${app.name}`);
    }
  }
  const personal = device('personal');
  assert.deepEqual((await readCategory(personal.contents(false), 'home-screen')).data.dock.map((i) => i.type === 'app' && i.name), ['Phone', 'Safari', 'Messages', 'Music']);
  const noInfo = storeContents(personal.store, manifestFor(personal.store, 'personal', false), false);
  const page = (await readCategory(noInfo, 'home-screen')).data.pages[1]!;
  assert.ok(page.some((i) => i.type === 'app' && i.bundleId === 'com.google.Maps' && i.name === 'GoogleMaps'), 'named after the .app folder without Info.plist');
});

test('accounts: the Apple Account, mail accounts and their services', async () => {
  const personal = (await readCategory(device('personal').contents(false), 'accounts')).data;
  assert.equal(personal.appleAccount, 'anna.keller@icloud.com');
  assert.equal(personal.accounts.length, personaOf('personal').accounts.length + 1, 'plus the holiday calendar');
  assert.equal(personal.accounts[0]?.kind, 'apple-account');
  assert.ok(personal.accounts[0]?.services.includes('Contacts') && personal.accounts[0]?.services.includes('Find My'));
  assert.deepEqual(personal.accounts.filter((a) => a.kind === 'mail').map((a) => [a.typeName, a.username]), [['Gmail', 'anna.keller.sf@gmail.com']]);
  assert.ok(personal.accounts.filter((a) => a.type === 'com.apple.account.IdentityServices').every((a) => a.parentId === personal.accounts[0]?.id));
  const golden = (await readCategory(device('golden').contents(false), 'accounts')).data;
  assert.equal(golden.appleAccount, undefined);
  const managed = (await readCategory(device('managed').contents(false), 'accounts')).data;
  assert.deepEqual(managed.accounts.filter((a) => a.kind === 'mail').map((a) => [a.username, a.services]),
    [['loaner01@contoso.example', ['Contacts', 'Calendars', 'Notes', 'Mail']]]);
});

test('apps: names, versions and the size of their data; managed apps excluded from backups are not there', async () => {
  for (const [profile, d] of devices) {
    const apps = (await readCategory(d.contents(false), 'apps')).data.apps;
    const backedUp = catalogFor(profile).filter((a) => !a.managedNoBackup);
    assert.deepEqual(apps.map((a) => a.bundleId).sort(), backedUp.map((a) => a.bundleId).sort(), profile);
    for (const fact of backedUp) {
      const app = apps.find((a) => a.bundleId === fact.bundleId)!;
      assert.equal(app.name, fact.name);
      assert.equal(app.version, fact.shortVersion);
      const files = d.store.list().filter((e) => e.kind === 'file' && (e.domain === `AppDomain-${fact.bundleId}`
        || fact.plugins.some((p) => e.domain === `AppDomainPlugin-${p}`) || fact.groups.some((g) => e.domain === `AppDomainGroup-${g}` && g.startsWith(`group.${fact.bundleId}`))));
      assert.equal(app.fileCount, files.length, fact.bundleId);
      assert.equal(app.dataSize, files.reduce((sum, e) => sum + e.size, 0));
    }
  }
});

test('management: supervision, MDM enrollment (encrypted only), profiles and the restrictions that matter', async () => {
  const managed = device('managed');
  const full = (await readCategory(managed.contents(true), 'management')).data;
  assert.deepEqual([full.supervised, full.mdmEnrolled, full.mdmProfileIncluded, full.automatedEnrollment], [true, true, true, true]);
  assert.equal(full.mdmServer, 'https://mdm.contoso.example/mdm/server');
  assert.equal(full.organization?.name, 'Contoso Ltd.');
  assert.deepEqual(full.profiles.map((p) => [p.name, p.mdmEnrollment, p.removalDisallowed]),
    [['MDM Profile', true, true], ['Contoso Ltd. Wi-Fi', false, true], ['Restrictions', false, true]]);
  assert.deepEqual(full.restrictions, { forceEncryptedBackup: true, cloudBackupDisabled: true, appsExcludedFromBackup: ['com.contoso.FieldService'], enterpriseBooksExcluded: true });
  const plain = (await readCategory(managed.contents(false), 'management')).data;
  assert.deepEqual([plain.supervised, plain.mdmEnrolled, plain.mdmProfileIncluded, plain.profiles.length], [true, true, false, 2]);
  assert.equal(plain.mdmServer, undefined);
  const golden = (await readCategory(device('golden').contents(true), 'management')).data;
  assert.deepEqual([golden.supervised, golden.mdmEnrolled, golden.automatedEnrollment], [false, false, true]);
  assert.deepEqual(golden.profiles.map((p) => p.payloadTypes[0]).sort(), ['com.apple.applicationaccess', 'com.apple.wifi.managed']);
  const personal = await readCategory(device('personal').contents(true), 'management');
  assert.equal(personal.status, 'ok');
  assert.deepEqual([personal.data.supervised, personal.data.mdmEnrolled, personal.data.profiles], [false, false, []]);
});

test('overview: a count per category, encrypted-only categories marked, locked passwords until unlocked', async () => {
  const personal = device('personal');
  const plain = await readOverview(personal.contents(false));
  assert.deepEqual([plain.encrypted, plain.unlocked], [false, false]);
  const line = (overview: typeof plain, name: string) => overview.categories.find((c) => c.name === name)!;
  assert.deepEqual(plain.categories.map((c) => c.name), ['contacts', 'messages', 'calls', 'photos', 'safari', 'notes', 'calendar',
    'wifi', 'passwords', 'home-screen', 'accounts', 'apps', 'management']);
  for (const name of ['calls', 'wifi', 'passwords']) {
    assert.deepEqual([line(plain, name).status, line(plain, name).encryptedOnly, line(plain, name).countText], ['needs-encryption', 'all', 'Only in encrypted backups']);
  }
  assert.deepEqual([line(plain, 'safari').encryptedOnly, line(plain, 'safari').encryptedOnlyPart], ['part', 'Website history']);
  assert.equal(line(plain, 'contacts').countText, '120 contacts');
  assert.equal(line(plain, 'photos').countText, '24 photos, 2 videos');
  const locked = await readOverview(personal.contents(true));
  assert.equal(line(locked, 'passwords').status, 'locked');
  assert.equal(line(locked, 'calls').countText, '150 calls');
  const unlocked = await readOverview(personal.contents(true), personal.classKeys);
  assert.equal(unlocked.unlocked, true);
  assert.equal(line(unlocked, 'passwords').count, keychainItemsFor('personal').filter((i) => i.protectionClass <= 8).length);
  assert.equal(line(await readOverview(device('managed').contents(true)), 'management').countText, 'Supervised, enrolled in MDM, 3 profiles');
});
