/**
 * The backup browser's categories, read from real backups of the virtual devices (Cradle's and
 * idevicebackup2's, encrypted and not) through openBackup, equal the categories read straight from the
 * devices' own files; the keychain's secrets, the golden review and the photo export come out right too.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { CATEGORY_NAMES, type CategoryName } from '../../shared/categories.ts';
import { parseKeybag } from '../../electron/engine/crypto/keybag.ts';
import { unlockKeybag, type ClassKeys } from '../../electron/engine/crypto/unlock.ts';
import type { BackupContents } from '../../electron/engine/library/backup-reader.ts';
import { BackupTree } from '../../electron/engine/library/browse.ts';
import { readCategory, readOverview, revealPassword } from '../../electron/engine/library/categories/index.ts';
import { photoExportSelections } from '../../electron/engine/library/exports/photos.ts';
import { exportEntries } from '../../electron/engine/library/extract.ts';
import { reviewGoldenBackup } from '../../electron/engine/library/golden-review.ts';
import { openBackup, readManifestPlist } from '../../electron/engine/library/open-backup.ts';
import { peerToolsMissing, startFixture, type Fixture } from '../helpers/fixture.ts';
import { makeLegacyBackup } from '../helpers/legacy-backup.ts';
import { storeContents } from '../helpers/store-contents.ts';
import type { DeviceState } from '../virtual-device/device.ts';
import { runCradle } from './cradle-cli.ts';
import { pairAll, runOk } from './idevicebackup2.ts';

const PASSWORD = 'categories: correct horse';
/** Categories whose data depends on nothing but the backed-up files (the keychain ones are checked apart). */
const FILE_CATEGORIES = CATEGORY_NAMES.filter((name) => name !== 'passwords' && name !== 'wifi');

let fixture: Fixture;
let personal: DeviceState;
let golden: DeviceState;
let managed: DeviceState;
let dir: string;

before(async () => {
  if (peerToolsMissing) return;
  fixture = await startFixture({ devices: 3, profile: ['personal', 'golden', 'managed'] });
  [personal, golden, managed] = fixture.server.devices as [DeviceState, DeviceState, DeviceState];
  dir = fixture.dir;
  await pairAll(fixture.server);
  assert.equal((await runCradle(fixture.server, ['backup', personal.udid, '--dir', path.join(dir, 'plain')])).code, 0);
  await runOk(fixture.server, 'idevicebackup2', ['-u', golden.udid, 'backup', '--full', path.join(dir, 'plain')]);
  for (const device of [personal, managed]) {
    const on = await runCradle(fixture.server, ['encryption', device.udid, 'on', '--password-stdin'], `${PASSWORD}\n`);
    assert.equal(on.code, 0, on.stderr);
  }
  assert.equal((await runCradle(fixture.server, ['backup', personal.udid, '--dir', path.join(dir, 'encrypted')])).code, 0);
  await runOk(fixture.server, 'idevicebackup2', ['-u', managed.udid, 'backup', '--full', path.join(dir, 'encrypted')]);
});

after(async () => fixture?.close());

/** Opens a backup folder, unlocking it with the password when it is encrypted. */
async function open(folder: string): Promise<{ contents: BackupContents; classKeys?: ClassKeys }> {
  const plist = await readManifestPlist(folder);
  if (plist.IsEncrypted !== true) return { contents: await openBackup(folder) };
  const classKeys = await unlockKeybag(parseKeybag(plist.BackupKeyBag as Buffer), PASSWORD);
  return { contents: await openBackup(folder, { classKeys }), classKeys };
}

/** Each file category of the backup equals the same category read from the device's files. */
async function assertSameAsDevice(device: DeviceState, contents: BackupContents, names: readonly CategoryName[]): Promise<void> {
  const fromDevice = storeContents(device.store, contents.manifestPlist, contents.encrypted, { folder: contents.path });
  for (const name of names) {
    const fromBackup = await readCategory(contents, name);
    assert.equal(fromBackup.status, !contents.encrypted && name === 'calls' ? 'needs-encryption' : 'ok', `${device.profile} ${name}`);
    assert.deepEqual(fromBackup, await readCategory(fromDevice, name), `${device.profile} ${name} as on the device`);
  }
}

test('plain backups (Cradle, idevicebackup2, legacy layout): every category as on the device; encrypted-only ones marked', { skip: peerToolsMissing }, async () => {
  for (const device of [personal, golden]) {
    const { contents } = await open(path.join(dir, 'plain', device.udid));
    try {
      assert.equal(contents.encrypted, false);
      await assertSameAsDevice(device, contents, FILE_CATEGORIES);
      const overview = await readOverview(contents);
      for (const name of ['calls', 'wifi', 'passwords']) {
        assert.equal(overview.categories.find((c) => c.name === name)?.status, 'needs-encryption', `${device.profile} ${name}`);
      }
      assert.equal((await readCategory(contents, 'safari')).data.historyIncluded, false);
    } finally {
      contents.close();
    }
  }
  const legacy = path.join(dir, 'legacy', personal.udid);
  makeLegacyBackup(path.join(dir, 'plain', personal.udid), legacy);
  const opened = await open(legacy);
  try {
    assert.equal(opened.contents.format, 'legacy');
    await assertSameAsDevice(personal, opened.contents, FILE_CATEGORIES);
  } finally {
    opened.contents.close();
  }
  const { contents } = await open(path.join(dir, 'plain', personal.udid));
  try {
    const contacts = (await readCategory(contents, 'contacts')).data.contacts;
    assert.ok(contacts.length >= 50 && contacts.some((c) => c.displayName === 'Anna Keller'));
    const photos = (await readCategory(contents, 'photos')).data;
    assert.ok(photos.photoCount >= 10 && photos.videoCount >= 1);
  } finally {
    contents.close();
  }
});

test('encrypted backups, unlocked: call history, Safari history, Wi-Fi and the keychain; secrets revealed one at a time', { skip: peerToolsMissing }, async () => {
  for (const device of [personal, managed]) {
    const { contents, classKeys } = await open(path.join(dir, 'encrypted', device.udid));
    try {
      assert.equal(contents.encrypted, true);
      await assertSameAsDevice(device, contents, FILE_CATEGORIES);
      const calls = await readCategory(contents, 'calls');
      assert.ok(calls.data.calls.length >= 10, `${device.profile} calls`);
      assert.equal((await readCategory(contents, 'safari')).data.historyIncluded, true);
      const wifi = await readCategory(contents, 'wifi', classKeys);
      assert.equal(wifi.status, 'ok');
      const passwords = await readCategory(contents, 'passwords', classKeys);
      assert.equal(passwords.status, 'ok');
      assert.ok(passwords.data.items.length >= 3);
      assert.equal((await readOverview(contents, classKeys)).unlocked, true);
      assert.equal((await readCategory(contents, 'passwords')).status, 'locked', 'no secrets without the class keys');
      if (device === personal) {
        const home = wifi.data.networks.find((n) => n.ssid === 'Keller Home')!;
        assert.deepEqual(await revealPassword(contents, classKeys, home.passwordId!), { id: home.passwordId, value: 'sunflower-tiger-42', encoding: 'text' });
        const amazon = passwords.data.items.find((i) => i.where === 'www.amazon.com')!;
        assert.deepEqual([amazon.kind, amazon.account], ['website', 'anna.keller@icloud.com']);
        assert.equal((await revealPassword(contents, classKeys, amazon.id)).value, 'Amaz0n-shopping!');
      } else {
        assert.ok(passwords.data.deviceOnlyCount >= 1, 'the managed app token is ThisDeviceOnly');
        const management = (await readCategory(contents, 'management')).data;
        assert.deepEqual([management.supervised, management.mdmEnrolled, management.mdmProfileIncluded], [true, true, true]);
        assert.deepEqual(management.restrictions.appsExcludedFromBackup, ['com.contoso.FieldService']);
      }
    } finally {
      contents.close();
    }
  }
});

test('an encrypted legacy (iOS 9 layout) backup: categories and keychain as in the modern one', { skip: peerToolsMissing }, async () => {
  const legacy = path.join(dir, 'legacy-encrypted', personal.udid);
  makeLegacyBackup(path.join(dir, 'encrypted', personal.udid), legacy, PASSWORD);
  const { contents, classKeys } = await open(legacy);
  const modern = await open(path.join(dir, 'encrypted', personal.udid));
  try {
    assert.deepEqual([contents.format, contents.encrypted], ['legacy', true]);
    await assertSameAsDevice(personal, contents, FILE_CATEGORIES);
    const passwords = await readCategory(contents, 'passwords', classKeys);
    assert.deepEqual(passwords, await readCategory(modern.contents, 'passwords', modern.classKeys));
    const wifi = await readCategory(contents, 'wifi', classKeys);
    const home = wifi.data.networks.find((n) => n.ssid === 'Keller Home')!;
    assert.equal((await revealPassword(contents, classKeys, home.passwordId!)).value, 'sunflower-tiger-42');
  } finally {
    contents.close();
    modern.contents.close();
  }
});

test('golden review of real backups, and photos exported as their original files', { skip: peerToolsMissing }, async () => {
  const { contents, classKeys } = await open(path.join(dir, 'encrypted', personal.udid));
  try {
    const review = await reviewGoldenBackup(contents, classKeys);
    assert.equal(review.accounts.appleAccount, 'anna.keller@icloud.com');
    assert.equal(review.warnings[0]?.level, 'danger');
    assert.ok((review.passwords ?? 0) > 0 && (review.personalData.calls ?? 0) > 0);
    assert.ok(review.wifiNetworks?.includes('Keller Home'));

    const out = path.join(dir, 'photos-out');
    const selections = photoExportSelections(contents);
    const result = await exportEntries(contents, new BackupTree(contents), selections, out);
    assert.deepEqual(result.skipped, []);
    assert.equal(result.files, selections.length);
    for (const selection of selections) {
      const written = path.join(out, path.basename(selection.relativePath));
      assert.deepEqual(fs.readFileSync(written), fs.readFileSync(personal.store.pathOf(selection.domain, selection.relativePath)), selection.relativePath);
    }
  } finally {
    contents.close();
  }
  const plainGolden = await open(path.join(dir, 'plain', golden.udid));
  try {
    const review = await reviewGoldenBackup(plainGolden.contents);
    assert.equal(review.accounts.appleAccount, undefined);
    assert.deepEqual([review.passwords, review.wifiNetworks, review.personalData.calls], [null, null, null]);
    assert.ok(review.warnings.some((w) => w.message.startsWith('This backup is not encrypted')));
  } finally {
    plainGolden.contents.close();
  }
});
