import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { GoldenReview } from '../../../shared/categories.ts';
import { keychainItemsFor, makeProfileDevice, personaOf, type Profile, type ProfileDevice } from '../../../tests/helpers/store-contents.ts';
import { reviewGoldenBackup } from './golden-review.ts';

const devices = new Map<Profile, ProfileDevice>();
before(() => {
  for (const profile of ['personal', 'golden', 'managed'] as const) devices.set(profile, makeProfileDevice(profile));
});
after(() => {
  for (const device of devices.values()) device.remove();
});

const messages = (review: GoldenReview) => review.warnings.map((w) => w.message);
const levels = ['danger', 'caution', 'info'];

test('personal device: the Apple Account, personal data, and what only an encrypted backup adds', async () => {
  const device = devices.get('personal')!;
  const plain = await reviewGoldenBackup(device.contents(false));
  assert.deepEqual(plain.device, { name: "Anna's iPhone", productType: 'iPhone15,2', iosVersion: '17.5.1' });
  assert.equal(plain.accounts.appleAccount, 'anna.keller@icloud.com');
  assert.deepEqual(plain.accounts.others.filter((a) => a.username), [{ typeName: 'Gmail', username: 'anna.keller.sf@gmail.com', description: 'Gmail' }]);
  const amounts = personaOf('personal').amounts;
  assert.deepEqual(plain.personalData, {
    contacts: amounts.contacts, messageThreads: amounts.threads, messages: plain.personalData.messages, calls: null,
    photos: amounts.photos, videos: amounts.videos, notes: amounts.notes, calendarEvents: amounts.events + 6,
  });
  assert.ok(plain.personalData.messages > 0);
  assert.deepEqual([plain.passwords, plain.wifiNetworks, plain.browser.historyItems], [null, null, null]);
  assert.equal(plain.warnings[0]?.message, 'This backup is signed in to an Apple Account (anna.keller@icloud.com): every clone will carry it.');
  assert.equal(plain.warnings[0]?.level, 'danger');
  assert.ok(messages(plain).some((m) => m.startsWith('This backup is not encrypted')));
  assert.deepEqual(plain.warnings.map((w) => levels.indexOf(w.level)), plain.warnings.map((w) => levels.indexOf(w.level)).sort(), 'most serious first');
  assert.deepEqual(plain.problems, []);

  const locked = await reviewGoldenBackup(device.contents(true));
  assert.equal(locked.passwords, null);
  assert.ok(messages(locked).some((m) => m.startsWith('Unlock the backup to check its saved passwords')));

  const full = await reviewGoldenBackup(device.contents(true), device.classKeys);
  assert.equal(full.unlocked, true);
  assert.equal(full.personalData.calls, amounts.calls);
  assert.equal(full.passwords, keychainItemsFor('personal').filter((i) => i.protectionClass <= 8).length);
  assert.deepEqual([...full.wifiNetworks!].sort(), personaOf('personal').networks.map((n) => n.ssid).sort());
  assert.ok((full.browser.historyItems ?? 0) > 0);
  assert.ok(messages(full).includes(`Its keychain holds ${full.passwords} saved passwords and sign-ins: every clone will get them.`));
  assert.ok(messages(full).some((m) => m.startsWith('Safari history (')));
  assert.ok(!messages(full).some((m) => m.startsWith('This backup is not encrypted')));
});

test('golden device: no account, little data, its profiles; managed device: supervision, MDM and excluded app data', async () => {
  const golden = await reviewGoldenBackup(devices.get('golden')!.contents(true), devices.get('golden')!.classKeys);
  assert.equal(golden.accounts.appleAccount, undefined);
  assert.ok(!golden.warnings.some((w) => w.category === 'accounts'));
  assert.equal(golden.warnings.find((w) => w.message.startsWith('It holds personal data'))?.level, 'caution', 'no messages, calls or photos');
  assert.deepEqual([...golden.management.profiles].sort(), ['Classroom Restrictions', 'Northwind School District Wi-Fi']);
  assert.deepEqual([golden.management.supervised, golden.management.mdmEnrolled], [false, false]);
  assert.equal(golden.apps, 6);

  const device = devices.get('managed')!;
  const managed = await reviewGoldenBackup(device.contents(true), device.classKeys);
  assert.deepEqual(managed.management, {
    supervised: true, mdmEnrolled: true, mdmProfileIncluded: true, mdmServer: 'https://mdm.contoso.example/mdm/server', organization: 'Contoso Ltd.',
    profiles: ['MDM Profile', 'Contoso Ltd. Wi-Fi', 'Restrictions'], forceEncryptedBackup: true, appsExcludedFromBackup: ['com.contoso.FieldService'],
  });
  assert.ok(messages(managed).includes('The device was supervised: this backup restores only onto supervised devices.'));
  assert.ok(messages(managed).includes('The device is enrolled in MDM (https://mdm.contoso.example/mdm/server). Restoring onto another device removes the enrollment: each clone has to enroll again.'));
  assert.ok(messages(managed).some((m) => m.includes('com.contoso.FieldService') && m.includes('without their data')));
  assert.ok(messages(managed).includes('It is signed in to Exchange (loaner01@contoso.example): every clone will carry this account.'));
  const plain = await reviewGoldenBackup(device.contents(false));
  assert.deepEqual([plain.management.mdmEnrolled, plain.management.mdmProfileIncluded], [true, false]);
});
