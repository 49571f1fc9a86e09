/**
 * The backup browser end to end: an encrypted backup of a 'personal' virtual device made by the real
 * engine, served over the loopback bridge to the built renderer in Chromium. Backups → Browse → the locked
 * state → a wrong password (shaken and said) → the right one → the summary → Contacts (a name compared with
 * the device's own AddressBook) and Export vCard → Photos (thumbnails drawn, an original opened) → a photo
 * exported from the Files view (bytes equal to the device's file) and an SQLite preview → every category
 * drawn, Wi-Fi passwords revealed one at a time (the device's own) → Verify. Then an unencrypted backup of
 * a second device: no password asked, the encrypted-only categories locked and said so. Last, a synthetic
 * backup with a folder of 20,000 files: the list stays virtual, rows are fetched as they scroll into view,
 * sorting by size fetches them all.
 * The host's folder dialog answers with a temporary folder. Screenshots go to test-results/.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { createEngine, type Engine } from '../../electron/engine/api/handlers.ts';
import { CATEGORY_INFO, CATEGORY_NAMES } from '../../shared/categories.ts';
import type { JobEvent } from '../../shared/jobs.ts';
import { startFixture, type Fixture } from '../helpers/fixture.ts';
import { keychainCipher } from '../helpers/test-keychain.ts';
import { fileIdOf, writeManifestDb, type ManifestRow } from '../virtual-device/backup/manifest-db.ts';
import type { DeviceState } from '../virtual-device/device.ts';
import { encodeBinary } from '../virtual-device/plist.ts';
import { chromiumMissingReason, launchChromium, openApp, RENDERER_DIR, RESULTS_DIR, type AppPage } from './browser.ts';

const skip = chromiumMissingReason();
const CATEGORY_TITLES = Object.fromEntries(CATEGORY_NAMES.map((name) => [name, CATEGORY_INFO[name].title]));
const PASSWORD = 'browse-e2e ✓ 2718';
/** Files in the synthetic backup's one big folder, and the size each gets (distinct, not in name order). */
const MANY = 20_000;
const sizeOf = (index: number) => (index * 7919) % 20_011;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('the backup browser in Chromium: unlock an encrypted backup, contacts, photos, files, exports', { skip }, () => {
  let fixture: Fixture;
  let engine: Engine;
  let app: AppPage;
  let browser: Browser;
  let page: Page;
  let device: DeviceState;
  let golden: DeviceState;
  let exportDir: string;
  const ended = new Map<string, JobEvent>();

  async function finished(jobId: string): Promise<void> {
    while (!ended.has(jobId)) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(ended.get(jobId)?.type, 'done', JSON.stringify(ended.get(jobId)));
  }
  const shot = (name: string) => page.screenshot({ path: `${RESULTS_DIR}${name}.png` });
  const browserPane = (name = device.name) => page.getByRole('article', { name: new RegExp(`^Backup of ${escape(name)}`) });
  const column = () => page.getByRole('navigation', { name: 'Backup contents' });

  async function browse(name: string): Promise<void> {
    await page.getByRole('navigation', { name: 'Sidebar' }).getByRole('button', { name: 'All backups' }).click();
    await page.getByRole('table', { name: 'Backups by device' }).getByRole('row', { name: new RegExp(escape(name)) }).click();
    await page.getByRole('toolbar', { name: 'Backup actions' }).getByRole('button', { name: 'Browse' }).click();
  }

  before(async () => {
    assert.ok(existsSync(`${RENDERER_DIR}/index.html`), 'the renderer is not built: run `node scripts/build.mjs --renderer`');
    fixture = await startFixture({ devices: 2, profile: ['personal', 'golden'] });
    [device, golden] = fixture.server.devices as [DeviceState, DeviceState];
    process.env.USBMUXD_SOCKET_ADDRESS = fixture.server.address;
    exportDir = join(fixture.dir, 'exports');
    mkdirSync(exportDir);
    engine = createEngine({
      watchDevices: true,
      backupFolder: join(fixture.dir, 'backups'),
      settingsFile: join(fixture.dir, 'settings.json'),
      secretsFile: join(fixture.dir, 'secrets.json'),
      secretCipher: keychainCipher(),
      chooseFolder: async () => exportDir,
    });
    engine.events.subscribe((channel, payload) => {
      const event = payload as JobEvent;
      if (channel === 'jobs:event' && (event.type === 'done' || event.type === 'failed' || event.type === 'cancelled')) ended.set(event.jobId, event);
    });
    for (const { udid } of [device, golden]) await finished((await engine.handlers['devices:pair']({ udid })).jobId);
    await finished((await engine.handlers['encryption:change']({ udid: device.udid, action: 'on', newPassword: PASSWORD })).jobId);
    for (const { udid } of [device, golden]) await finished((await engine.handlers['backup:start']({ udid })).jobId);
    writeManyFilesBackup(join(fixture.dir, 'backups', '00008120-000A1B2C3D4E5F60'));
    browser = await launchChromium();
    app = await openApp(browser, engine);
    page = app.page;
  });

  after(async () => {
    await app?.close();
    await browser?.close();
    await engine?.close();
    await fixture?.close();
    delete process.env.USBMUXD_SOCKET_ADDRESS;
  });

  test('Browse opens the encrypted backup locked; a wrong password is refused and said; the right one unlocks', async () => {
    await browse(device.name);
    const pane = browserPane();
    await pane.getByRole('heading', { name: 'This backup is encrypted' }).waitFor();
    const field = pane.getByLabel('Backup password');
    // Runs in the page (the Node tsconfig has no DOM types, hence the cast).
    assert.ok(await field.evaluate((element) => element === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement), 'the password field has the focus');
    await pane.getByRole('checkbox', { name: 'Remember in Keychain' }).waitFor();
    assert.match(await column().innerText(), /Unlock the backup to see its files/);
    await shot('browser-locked');

    await field.fill('not the password');
    await pane.getByRole('button', { name: 'Unlock' }).click();
    await pane.getByRole('alert').filter({ hasText: 'That password is not right for this backup.' }).waitFor();
    assert.equal(await field.inputValue(), '', 'what was typed is gone');
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    await shot('browser-wrong-password');

    await field.fill(PASSWORD);
    await field.press('Enter');
    await pane.getByRole('heading', { name: 'What this backup holds' }).waitFor();
    await pane.getByRole('button', { name: /^Contacts 120 contacts$/ }).waitFor();
    assert.match(await pane.locator('.browser-title').innerText(), /Encrypted, unlocked/);
    await shot('browser-summary');
    assert.equal((await engine.handlers['encryption:status']({ udid: device.udid })).remembered, false, 'not remembered unless asked');
  });

  test('Contacts: the names of the device’s AddressBook, a card, and Export vCard writes them', async () => {
    const db = new Database(device.store.pathOf('HomeDomain', 'Library/AddressBook/AddressBook.sqlitedb'), { readonly: true });
    const person = db.prepare("SELECT First, Last FROM ABPerson WHERE First IS NOT NULL AND Last IS NOT NULL ORDER BY ROWID DESC LIMIT 1").get() as { First: string; Last: string };
    const count = (db.prepare('SELECT count(*) AS n FROM ABPerson').get() as { n: number }).n;
    db.close();
    const name = `${person.First} ${person.Last}`;

    const pane = browserPane();
    await column().getByRole('button', { name: /^Contacts/ }).click();
    await pane.getByRole('heading', { name: 'Contacts', level: 2 }).waitFor();
    assert.match(await pane.locator('.view-count').innerText(), new RegExp(`^${count} contacts$`));
    const list = pane.getByRole('listbox', { name: 'Contacts' });
    await list.getByRole('option').first().waitFor();
    await pane.getByRole('searchbox', { name: 'Search contacts' }).fill(person.Last);
    await list.getByRole('option', { name: name }).click();
    await pane.getByRole('article', { name }).getByRole('heading', { name }).waitFor();
    await shot('browser-contacts');

    await pane.getByRole('button', { name: 'Export vCard' }).click();
    const status = pane.getByRole('status').filter({ hasText: /^Saved to / });
    await status.waitFor();
    const vcf = readdirSync(exportDir).find((file) => file.endsWith('.vcf'));
    assert.ok(vcf, 'a .vcf file in the export folder');
    const vcard = readFileSync(join(exportDir, vcf), 'utf8');
    assert.equal(vcard.match(/^BEGIN:VCARD/gm)?.length, count);
    assert.match(vcard, new RegExp(`^FN:${escape(name)}\\r?$`, 'm'));
    await pane.getByRole('button', { name: 'Dismiss' }).click();
  });

  test('Photos: the grid draws thumbnails, a click opens the original, Previous/Next and the arrow keys step through', async () => {
    const pane = browserPane();
    await column().getByRole('button', { name: /^Photos/ }).click();
    const grid = pane.getByRole('list', { name: 'Photos and videos' });
    await grid.locator('img.photo-thumb').first().waitFor();
    // Every tile in view gets its picture; none is broken.
    await page.waitForFunction(() => {
      type Image = { complete: boolean; naturalWidth: number };
      const { document } = globalThis as unknown as { document: { querySelectorAll(selector: string): Iterable<Image> } };
      return [...document.querySelectorAll('img.photo-thumb')].filter((image) => image.complete && image.naturalWidth > 0).length >= 6;
    });
    await shot('browser-photos');

    await grid.getByRole('button', { name: /^IMG_0001\.JPG/ }).click();
    const dialog = page.getByRole('dialog', { name: 'IMG_0001.JPG' });
    await dialog.getByRole('img', { name: 'IMG_0001.JPG' }).waitFor();
    assert.ok(await dialog.getByRole('img').evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth > 0));
    await shot('browser-photo-original');
    // Previous and Next, and the arrow keys, step through the roll (its place shown as "k of n").
    const place = async () => Number(/(\d+) of \d+/.exec(await page.getByRole('dialog').innerText())?.[1]);
    const first = await place();
    const [forward, back] = first > 1 ? (['ArrowLeft', 'ArrowRight'] as const) : (['ArrowRight', 'ArrowLeft'] as const);
    await page.keyboard.press(forward);
    await page.getByRole('dialog', { name: 'IMG_0001.JPG' }).waitFor({ state: 'detached' });
    assert.equal(await place(), first > 1 ? first - 1 : first + 1);
    await page.keyboard.press(back);
    await page.getByRole('dialog', { name: 'IMG_0001.JPG' }).waitFor();
    await page.getByRole('dialog').getByRole('button', { name: first > 1 ? 'Previous' : 'Next' }).click();
    await page.getByRole('dialog', { name: 'IMG_0001.JPG' }).waitFor({ state: 'detached' });
    await page.getByRole('dialog').getByRole('button', { name: first > 1 ? 'Next' : 'Previous' }).click();
    await page.getByRole('dialog', { name: 'IMG_0001.JPG' }).waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  test('Files: the camera roll folder, a photo previewed and exported byte for byte; an SQLite database and a plist previewed', async () => {
    const pane = browserPane();
    const tree = column().getByRole('tree', { name: 'Files' });
    await tree.getByRole('treeitem', { name: 'CameraRollDomain' }).click();
    const list = pane.getByRole('listbox', { name: 'Folder contents' });
    for (const folder of ['Media', 'DCIM', '100APPLE']) await list.getByRole('option', { name: new RegExp(`^${folder}`) }).dblclick();
    await pane.getByRole('navigation', { name: 'Folder path' }).getByRole('button', { name: '100APPLE' }).waitFor();
    await list.getByRole('option', { name: /^IMG_0002\.JPG/ }).click();
    const details = pane.getByRole('complementary', { name: 'Details of IMG_0002.JPG' });
    await details.getByRole('img', { name: 'IMG_0002.JPG' }).waitFor();
    await details.getByText('Protection').waitFor();
    await shot('browser-files');

    await pane.getByRole('button', { name: 'Export…' }).click();
    await pane.getByRole('status').filter({ hasText: /^Exported 1 file/ }).waitFor();
    const original = device.store.pathOf('CameraRollDomain', 'Media/DCIM/100APPLE/IMG_0002.JPG');
    assert.deepEqual(readFileSync(join(exportDir, 'IMG_0002.JPG')), readFileSync(original), 'the exported photo is the device’s, byte for byte');

    await pane.getByRole('searchbox', { name: 'Search files by name' }).fill('AddressBook.sqlitedb');
    const results = pane.getByRole('listbox', { name: 'Search results' });
    await results.getByRole('option', { name: /^AddressBook\.sqlitedb/ }).click();
    const database = pane.getByRole('complementary', { name: 'Details of AddressBook.sqlitedb' });
    await database.getByRole('tab', { name: 'ABPerson' }).click();
    await database.getByRole('columnheader', { name: 'First', exact: true }).waitFor();
    await shot('browser-sqlite');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot('browser-sqlite-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    await pane.getByRole('searchbox', { name: 'Search files by name' }).fill('IconState.plist');
    await results.getByRole('option', { name: /^IconState\.plist/ }).click();
    const plist = pane.getByRole('complementary', { name: 'Details of IconState.plist' }).getByRole('group', { name: 'Property list' });
    await plist.getByText('iconLists', { exact: true }).click();
    await plist.getByText('Item 0', { exact: true }).first().waitFor();
    await shot('browser-plist');
  });

  test('every category draws; Wi-Fi passwords are the device’s, revealed one at a time', async () => {
    const pane = browserPane();
    for (const [name, title] of Object.entries(CATEGORY_TITLES)) {
      await column().getByRole('button', { name: new RegExp(`^${escape(title)}`) }).click();
      await pane.getByRole('heading', { name: title, level: 2 }).waitFor();
      await pane.getByRole('status').filter({ hasText: `Reading ${title}` }).waitFor({ state: 'detached' });
      assert.equal(await pane.locator('.category-view [role=alert]').count(), 0, `${title} read without an error`);
      if (name === 'messages') await pane.locator('.bubble').first().waitFor();
      if (name === 'home-screen') await pane.getByRole('region', { name: 'Dock' }).waitFor();
      await shot(`browser-category-${name}`);
    }

    await column().getByRole('button', { name: /^Wi-Fi/ }).click();
    const reveal = (network: string) => pane.getByRole('button', { name: `Reveal the password of ${network}` });
    const secret = (network: string) => pane.getByLabel(`Password of ${network}`, { exact: true });
    await reveal('Keller Home').click();
    assert.equal(await secret('Keller Home').innerText(), 'sunflower-tiger-42');
    await reveal('Office-5G').click();
    assert.equal(await secret('Office-5G').innerText(), 'Welcome2Office!');
    assert.equal(await secret('Keller Home').count(), 0, 'revealing one hides the other');
    await shot('browser-wifi-revealed');
    await pane.getByRole('button', { name: 'Hide the password of Office-5G' }).click();
    assert.equal(await pane.locator('.secret-value').count(), 0);
  });

  test('Verify reports the unlocked backup sound', async () => {
    const pane = browserPane();
    await pane.getByRole('button', { name: 'Verify' }).click();
    const dialog = page.getByRole('dialog', { name: 'Verify backup' });
    await dialog.getByText(/^No problems found\./).waitFor();
    await shot('browser-verify');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    // Activity names the backup's device, not "the device", and says the backup was verified.
    await page.getByRole('button', { name: /^Activity/ }).click();
    const activity = page.getByRole('dialog', { name: 'Activity' });
    await activity.getByText(`Backup of ${device.name} verified`).waitFor();
    assert.equal(await activity.getByText(/the device/).count(), 0, 'every job there names its backup’s device');
    await shot('browser-verify-activity');
    await page.keyboard.press('Escape');
    await activity.waitFor({ state: 'hidden' });
    await pane.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('heading', { name: 'Backups', level: 1 }).waitFor();
  });

  test('an unencrypted backup opens without a password; what only encrypted backups hold is locked and says so', async () => {
    await browse(golden.name);
    const pane = browserPane(golden.name);
    await pane.getByRole('heading', { name: 'What this backup holds' }).waitFor();
    assert.equal(await pane.getByLabel('Backup password').count(), 0);
    await pane.getByText(/This backup is not encrypted/).waitFor();
    await pane.getByRole('list').filter({ has: page.locator('.overview-tile') }).getByRole('button', { name: /^Wi-Fi Only in encrypted backups$/ }).waitFor();
    assert.equal(await column().getByRole('button', { name: /^Passwords/ }).getAttribute('aria-description'), 'Only in encrypted backups');
    await shot('browser-unencrypted-summary');

    await column().getByRole('button', { name: /^Passwords/ }).click();
    await pane.getByText(/^Only in encrypted backups\. This backup is not encrypted/).waitFor();
    assert.equal(await pane.getByRole('table').count(), 0, 'nothing listed');
    await column().getByRole('button', { name: /^Profiles & Management/ }).click();
    await pane.getByText('Northwind School District Wi-Fi').waitFor();
    await shot('browser-unencrypted-management');
    await column().getByRole('button', { name: 'Summary' }).click();
    await pane.getByRole('button', { name: 'Review what it carries…' }).click();
    const review = page.getByRole('dialog', { name: 'What this backup carries' });
    await review.locator('.fact').first().waitFor();
    await shot('browser-golden-review');
    await review.getByRole('button', { name: 'Done' }).click();
  });

  test(`a folder of ${MANY.toLocaleString('en-US')} files: only rows in view exist, End fetches the last page, sorting by size fetches all`, async () => {
    await browse('Many Files');
    const pane = browserPane('Many Files');
    await column().getByRole('tree', { name: 'Files' }).getByRole('treeitem', { name: 'HomeDomain' }).click();
    const list = pane.getByRole('listbox', { name: 'Folder contents' });
    await list.getByRole('option', { name: /^Library/ }).dblclick();
    await list.getByRole('option', { name: /^Many/ }).dblclick();
    const first = list.getByRole('option').first();
    await first.filter({ hasText: 'file-000000.dat' }).waitFor();
    assert.equal(await first.getAttribute('aria-setsize'), String(MANY));
    assert.ok((await list.getByRole('option').count()) < 100, 'only the rows in view (and a few more) are drawn');

    await first.click();
    await page.keyboard.press('End');
    const last = list.getByRole('option', { name: new RegExp(`^file-0${MANY - 1}\\.dat`) });
    await last.waitFor();
    assert.equal(await last.getAttribute('aria-selected'), 'true');
    assert.equal(await last.getAttribute('aria-posinset'), String(MANY));
    const details = pane.getByRole('complementary', { name: `Details of file-0${MANY - 1}.dat` });
    await details.waitFor();
    await shot('browser-many-files-end');

    const largest = Array.from({ length: MANY }, (_, index) => index).reduce((best, index) => (sizeOf(index) > sizeOf(best) ? index : best), 0);
    await pane.getByRole('button', { name: 'Sort by size' }).click();
    await pane.getByRole('button', { name: 'Sort by size, ascending' }).click();
    await list.getByRole('option').first().filter({ hasText: `file-${String(largest).padStart(6, '0')}.dat` }).waitFor();
    assert.ok(await details.isVisible(), 'the selection stays on the same file when the order changes');
    await shot('browser-many-files-by-size');
  });

  test('the page ran without errors or CSP violations', () => {
    assert.deepEqual(app.errors, []);
  });
});

/** A backup (no data files: listing needs none) with one folder of MANY files, as the library finds it. */
function writeManyFilesBackup(folder: string): void {
  mkdirSync(folder, { recursive: true });
  const meta = { mode: 0o100644, inode: 1, userId: 501, groupId: 501, lastModified: 1_700_000_000, lastStatusChange: 1_700_000_000, birth: 1_700_000_000, protectionClass: 3, flags: 0 };
  const folderRow = (path: string): ManifestRow => ({ fileID: fileIdOf('HomeDomain', path), domain: 'HomeDomain', relativePath: path, flags: 2, file: { ...meta, relativePath: path, mode: 0o40755, size: 0 } });
  const rows = [folderRow('Library'), folderRow('Library/Many')];
  for (let index = 0; index < MANY; index++) {
    const path = `Library/Many/file-${String(index).padStart(6, '0')}.dat`;
    rows.push({ fileID: fileIdOf('HomeDomain', path), domain: 'HomeDomain', relativePath: path, flags: 1, file: { ...meta, relativePath: path, size: sizeOf(index) } });
  }
  writeManifestDb(join(folder, 'Manifest.db'), rows);
  writeFileSync(join(folder, 'Manifest.plist'), encodeBinary({ IsEncrypted: false, Version: '10.0', Lockdown: { DeviceName: 'Many Files', ProductVersion: '17.5', UniqueDeviceID: '00008120-000A1B2C3D4E5F60' } }));
}
