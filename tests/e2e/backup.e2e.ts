/**
 * Backups end to end: the virtual devices (in-process, throttled so a backup takes a while) behind the real
 * engine and the loopback bridge, the built renderer in Chromium. Back Up Now with progress and the
 * Activity popover, Cancel, the encryption checkbox and its password dialogs (a wrong password included),
 * a device whose profile requires encryption, and a device prompt as a banner.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import type { JobEvent } from '../../shared/jobs.ts';
import { createEngine, type Engine } from '../../electron/engine/api/handlers.ts';
import { startFixture, type Fixture } from '../helpers/fixture.ts';
import type { DeviceStatus } from '../virtual-device/server.ts';
import { keychainCipher } from '../helpers/test-keychain.ts';
import { chromiumMissingReason, launchChromium, openApp, RENDERER_DIR, RESULTS_DIR, type AppPage } from './browser.ts';

const skip = chromiumMissingReason();
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'tr0ub4dor&3';

describe('backups in Chromium over the bridge, with a personal and a managed virtual device', { skip }, () => {
  let fixture: Fixture;
  let engine: Engine;
  let app: AppPage;
  let browser: Browser;
  let page: Page;
  let personal: DeviceStatus;
  let managed: DeviceStatus;
  let backupFolder: string;
  const ended = new Map<string, JobEvent>();

  /** Pairs a device through the engine (the virtual devices tap Trust by themselves). */
  async function pair(udid: string): Promise<void> {
    const { jobId } = await engine.handlers['devices:pair']({ udid });
    while (!ended.has(jobId)) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(ended.get(jobId)?.type, 'done', `pairing ${udid}: ${JSON.stringify(ended.get(jobId))}`);
  }

  before(async () => {
    assert.ok(existsSync(`${RENDERER_DIR}/index.html`), 'the renderer is not built: run `node scripts/build.mjs --renderer`');
    // About 40 MB at 10 MB/s: a backup lasts a few seconds, long enough to show its progress.
    fixture = await startFixture({ devices: 2, profile: ['personal', 'managed'], dataMb: 40, throttleMbps: 10 });
    [personal, managed] = fixture.server.status() as [DeviceStatus, DeviceStatus];
    assert.equal(managed.profile, 'managed');
    backupFolder = join(fixture.dir, 'backups');
    process.env.USBMUXD_SOCKET_ADDRESS = fixture.server.address;
    engine = createEngine({ watchDevices: true, backupFolder, secretsFile: join(fixture.dir, 'secrets.json'), secretCipher: keychainCipher() });
    engine.events.subscribe((channel, payload) => {
      const event = payload as JobEvent;
      if (channel === 'jobs:event' && (event.type === 'done' || event.type === 'failed' || event.type === 'cancelled')) ended.set(event.jobId, event);
    });
    await pair(personal.udid);
    await pair(managed.udid);
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

  const sidebar = () => page.getByRole('navigation', { name: 'Sidebar' });
  const row = (name: string) => sidebar().getByRole('button', { name: new RegExp(`^${escape(name)}`) });
  const devicePage = (device: DeviceStatus) => page.getByRole('article', { name: device.name });
  const lastBackup = (device: DeviceStatus) => devicePage(device).locator('.fact', { hasText: 'Last backup to this computer' });
  const checkbox = (device: DeviceStatus) => devicePage(device).getByRole('checkbox', { name: 'Encrypt local backup' });
  const noun = (device: DeviceStatus) => (device.productType.startsWith('iPad') ? 'iPad' : 'iPhone');
  const isFocused = (locator: Locator) => locator.evaluate((element) => element.matches(':focus'));

  async function openGeneral(device: DeviceStatus): Promise<void> {
    await row(device.name).click();
    await devicePage(device).getByRole('tab', { name: 'General', selected: true }).waitFor();
    await lastBackup(device).waitFor();
  }

  test('Back Up Now: the bar with bytes and rate, the sidebar badge, then "Backup finished" and the date', async () => {
    await openGeneral(personal);
    const device = devicePage(personal);
    assert.match(await lastBackup(personal).innerText(), /Never/);
    assert.equal(await checkbox(personal).isChecked(), false);
    await device.getByRole('button', { name: 'Back Up Now' }).click();
    await device.getByTestId('backup-numbers').filter({ hasText: /MB\/s/ }).waitFor();
    await device.getByRole('progressbar', { name: `Backup of this ${noun(personal)}` }).waitFor();
    await row(personal.name).filter({ hasText: /Backing up/ }).waitFor();
    await page.screenshot({ path: `${RESULTS_DIR}backup-progress.png` });

    await device.getByRole('status').filter({ hasText: 'Backup finished' }).waitFor();
    await lastBackup(personal).filter({ hasNotText: 'Never' }).waitFor();
    assert.match(await device.locator('.backup-job').innerText(), /\d+ files, [\d.]+ MB in \d/);
    assert.ok(existsSync(join(backupFolder, personal.udid, 'Status.plist')), 'the backup is in the engine’s folder');
    assert.equal(await device.getByRole('button', { name: 'Back Up Now' }).isEnabled(), true);
    await page.screenshot({ path: `${RESULTS_DIR}backup-done.png` });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: `${RESULTS_DIR}backup-done-dark.png` });
    await page.emulateMedia({ colorScheme: 'light' });

    // The library lists the new backup.
    await sidebar().getByRole('button', { name: 'All backups' }).click();
    const listed = page.getByRole('table').getByRole('row', { name: new RegExp(escape(personal.name)) });
    await listed.waitFor();
    assert.match(await listed.innerText(), /Complete/);
    await page.screenshot({ path: `${RESULTS_DIR}library.png` });
    await openGeneral(personal);
  });

  test('Encrypt local backup: the Set Password dialog (Esc, mismatch, then set), checked afterwards', async () => {
    const device = devicePage(personal);
    await checkbox(personal).click();
    const dialog = page.getByRole('dialog', { name: 'Encrypt local backups' });
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /cannot be recovered/);
    assert.equal(await dialog.getAttribute('aria-modal'), 'true');
    assert.ok(await isFocused(dialog.getByLabel('Password', { exact: true })), 'the first field has the focus');
    await page.keyboard.press('Shift+Tab');
    assert.ok(await isFocused(dialog.getByRole('button', { name: 'Set Password' })), 'Shift+Tab wraps to the last button');
    await page.keyboard.press('Tab');
    assert.ok(await isFocused(dialog.getByLabel('Password', { exact: true })), 'Tab wraps back to the first field');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.ok(await isFocused(checkbox(personal)), 'focus returns to the checkbox');
    assert.equal(await checkbox(personal).isChecked(), false);

    await checkbox(personal).press('Space');
    await dialog.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await dialog.getByLabel('Verify password').fill(`${PASSWORD}!`);
    await dialog.getByLabel('Verify password').press('Enter');
    await dialog.getByRole('alert').filter({ hasText: 'don’t match' }).waitFor();
    await dialog.getByLabel('Verify password').fill(PASSWORD);
    await dialog.getByRole('checkbox', { name: /Remember this password/ }).check();
    await page.screenshot({ path: `${RESULTS_DIR}backup-encrypt-dialog.png` });
    await dialog.getByRole('button', { name: 'Set Password' }).click();
    await dialog.waitFor({ state: 'detached' });
    await device.getByRole('checkbox', { name: 'Encrypt local backup', checked: true }).waitFor();
    const remembered = await engine.handlers['encryption:status']({ udid: personal.udid });
    assert.equal(remembered.remembered, true, 'the password was remembered in the (test) keychain');
    assert.equal(await device.getByRole('button', { name: 'Change Password…' }).isEnabled(), true);
  });

  test('a wrong password keeps the dialog open and says so; Change Password… with the right one works', async () => {
    const device = devicePage(personal);
    await checkbox(personal).click();
    const off = page.getByRole('dialog', { name: 'Turn off backup encryption' });
    await off.getByLabel('Password', { exact: true }).fill('not the password');
    await off.getByRole('button', { name: 'Turn Off Encryption' }).click();
    await off.getByRole('alert').filter({ hasText: /password is wrong/ }).waitFor();
    assert.equal(await off.getByLabel('Password', { exact: true }).inputValue(), '', 'what was typed is gone');
    await page.screenshot({ path: `${RESULTS_DIR}backup-wrong-password.png` });
    await off.getByRole('button', { name: 'Cancel' }).click();
    await off.waitFor({ state: 'detached' });
    assert.equal(await checkbox(personal).isChecked(), true);

    await device.getByRole('button', { name: 'Change Password…' }).click();
    const change = page.getByRole('dialog', { name: 'Change backup password' });
    await change.getByLabel('Current password').fill(PASSWORD);
    await change.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await change.getByLabel('Verify new password').fill(NEW_PASSWORD);
    await change.getByRole('button', { name: 'Change Password' }).click();
    await change.waitFor({ state: 'detached' });
    assert.equal(await checkbox(personal).isChecked(), true);
  });

  test('Cancel: the Activity popover lists the running backup; cancelled, the previous backup stays', async () => {
    const device = devicePage(personal);
    const before = await lastBackup(personal).innerText();
    // New content and 1 MB/s: this backup runs until it is cancelled.
    const state = fixture.server.device(personal.udid);
    state.store.writeFile('HomeDomain', 'Library/Notes/cancel-me.bin', randomBytes(30_000_000));
    state.store.save();
    fixture.server.setThrottle(personal.udid, 1);
    try {
      await device.getByRole('button', { name: 'Back Up Now' }).click();
      await device.getByTestId('backup-numbers').filter({ hasText: /MB\/s/ }).waitFor();
      assert.equal(await device.getByRole('button', { name: 'Back Up Now' }).isDisabled(), true);
      assert.equal(await checkbox(personal).isDisabled(), true);

      await sidebar().getByRole('button', { name: /^Activity: 1 job running/ }).click();
      const activity = page.getByRole('dialog', { name: 'Activity' });
      await activity.getByText(`Backing up ${personal.name}`).waitFor();
      await activity.getByRole('progressbar', { name: `Backing up ${personal.name}` }).waitFor();
      await activity.getByRole('button', { name: `Cancel: Backing up ${personal.name}` }).waitFor();
      await page.screenshot({ path: `${RESULTS_DIR}backup-activity.png` });
      await page.keyboard.press('Escape');
      await activity.waitFor({ state: 'hidden' });

      await device.getByRole('button', { name: 'Cancel' }).click();
      await device.getByRole('status').filter({ hasText: /Backup cancelled\. Your previous backup from .+ is untouched\./ }).waitFor();
      assert.equal(await lastBackup(personal).innerText(), before);
      await device.getByRole('button', { name: 'Back Up Now', disabled: false }).waitFor();
      assert.ok(existsSync(join(backupFolder, personal.udid, 'Status.plist')), 'the previous backup is still there');
      await page.screenshot({ path: `${RESULTS_DIR}backup-cancelled.png` });
    } finally {
      fixture.server.setThrottle(personal.udid, 10);
    }
  });

  test('a profile requires encryption: Back Up Now asks for a password first, then backs up; the box locks on', async () => {
    await openGeneral(managed);
    const device = devicePage(managed);
    assert.equal(await checkbox(managed).isChecked(), false, 'required, but not on yet');
    assert.match(await device.locator('.encryption-control').innerText(), new RegExp(`Required by a profile on this ${noun(managed)}`));
    await page.screenshot({ path: `${RESULTS_DIR}backup-required.png` });
    await device.getByRole('button', { name: 'Back Up Now' }).click();
    const dialog = page.getByRole('dialog', { name: 'Encrypt local backups' });
    assert.match(await dialog.innerText(), /requires encrypted backups/);
    await dialog.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await dialog.getByLabel('Verify password').fill(PASSWORD);
    await page.screenshot({ path: `${RESULTS_DIR}backup-required-dialog.png` });
    await dialog.getByRole('button', { name: 'Set Password and Back Up' }).click();
    await dialog.waitFor({ state: 'detached' });
    await device.getByRole('status').filter({ hasText: 'Backup finished' }).waitFor();
    await device.getByRole('checkbox', { name: 'Encrypt local backup', checked: true, disabled: true }).waitFor();
    await lastBackup(managed).filter({ hasNotText: 'Never' }).waitFor();
    await page.screenshot({ path: `${RESULTS_DIR}backup-required-done.png` });
  });

  test('a device prompt shows as a banner on the device page and goes with the job', async () => {
    // The virtual device never asks for its passcode, so the engine's event is emitted here as it would be.
    const jobId = randomUUID();
    engine.events.emit('jobs:event', { jobId, type: 'queued', kind: 'backup', udid: managed.udid });
    engine.events.emit('jobs:event', { jobId, type: 'prompt', prompt: 'passcode', message: 'Enter the passcode on the device to start the backup.' });
    const device = devicePage(managed);
    const banner = device.getByRole('status').filter({ hasText: `Enter the passcode on the ${noun(managed)} to start the backup` });
    await banner.waitFor();
    await page.screenshot({ path: `${RESULTS_DIR}backup-passcode-prompt.png` });
    engine.events.emit('jobs:event', { jobId, type: 'cancelled' });
    await banner.waitFor({ state: 'detached' });
  });

  test('the page ran without errors or CSP violations', () => {
    assert.deepEqual(app.errors, []);
  });
});
