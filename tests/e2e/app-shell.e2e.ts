import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createEngine, type Engine, type EngineHost } from '../../electron/engine/api/handlers.ts';
import { startFakeUsbmuxd, type FakeUsbmuxd } from '../helpers/fake-usbmuxd.ts';
import { chromiumMissingReason, launchChromium, openApp, RENDERER_DIR, RESULTS_DIR, type AppPage } from './browser.ts';

const skip = chromiumMissingReason();

describe('app shell in Chromium over the bridge', { skip }, () => {
  let browser: Browser;
  let engine: Engine;
  let app: AppPage;
  let usbmuxd: FakeUsbmuxd | undefined;
  const pageErrors: string[] = [];

  const emptyBackups = mkdtempSync(join(tmpdir(), 'cradle-e2e-no-backups-'));

  before(async () => {
    assert.ok(existsSync(`${RENDERER_DIR}/index.html`), 'the renderer is not built: run `node scripts/build.mjs --renderer`');
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    rmSync(emptyBackups, { recursive: true, force: true });
  });

  async function open(usbmuxdAddress: string, host: EngineHost = {}): Promise<Page> {
    process.env.USBMUXD_SOCKET_ADDRESS = usbmuxdAddress;
    // An empty backup folder of its own, so "No backups yet" does not depend on this computer's backups.
    engine = createEngine({ backupFolder: emptyBackups, ...host });
    app = await openApp(browser, engine, { width: 1100, height: 720 });
    return app.page;
  }

  async function close(): Promise<void> {
    pageErrors.push(...app.errors);
    await app.close();
    await engine.close();
    await usbmuxd?.close();
    usbmuxd = undefined;
    delete process.env.USBMUXD_SOCKET_ADDRESS;
  }

  test('no usbmuxd: sidebar, the empty state and how to get the device service', async () => {
    const page = await open('UNIX:/nonexistent/cradle-e2e/usbmuxd');
    try {
      const sidebar = page.getByRole('navigation', { name: 'Sidebar' });
      await sidebar.getByRole('heading', { name: 'Devices' }).waitFor();
      await sidebar.getByRole('heading', { name: 'Backups' }).waitFor();
      // The headline says what is wrong, not "Connect an iPhone…", which would not help.
      await page.getByRole('heading', { name: 'Cradle can’t reach the device service' }).waitFor();
      assert.equal(await page.getByRole('heading', { name: 'Connect an iPhone or iPad with a USB cable' }).count(), 0);
      const hint = page.getByTestId('usbmuxd-hint');
      await hint.waitFor();
      const hintText = await hint.innerText();
      assert.match(hintText, /usbmuxd/);
      // The browser mode runs from a checkout, where the virtual iPhone is one command away (the app never says so).
      assert.match(hintText, /No iPhone at hand\? Run npm run demo to try Cradle with a virtual iPhone\./);
      const status = await page.getByTestId('app-status').innerText();
      assert.match(status, /Cradle \d+\.\d+\.\d+/);
      assert.match(status, /Device service not found/);
      await page.screenshot({ path: `${RESULTS_DIR}app-shell-no-usbmuxd.png` });
    } finally {
      await close();
    }
  });

  test('usbmuxd answers: the status says ready, no hint; devices:changed fills the sidebar', async () => {
    usbmuxd = await startFakeUsbmuxd('device-list');
    const page = await open(usbmuxd.address);
    try {
      await page.getByText('Device service ready').waitFor();
      await page.getByRole('heading', { name: 'Connect an iPhone or iPad with a USB cable' }).waitFor();
      assert.equal(await page.getByTestId('usbmuxd-hint').count(), 0);
      engine.events.emit('devices:changed', {
        devices: [{ udid: '00008030-001A2B3C4D5E6F70', connection: 'usb', name: 'Anna’s iPhone', productType: 'iPhone15,2', state: 'trust-needed' }],
      });
      // The sidebar's row (the All Devices overview lists the device too).
      const row = page.getByRole('navigation', { name: 'Sidebar' }).getByRole('button', { name: /Anna’s iPhone/ });
      await row.waitFor();
      assert.match(await row.innerText(), /Trust needed/);
      await page.getByRole('button', { name: 'All backups' }).click();
      await page.getByRole('heading', { name: 'No backups yet' }).waitFor();
      await page.screenshot({ path: `${RESULTS_DIR}app-shell-backups.png` });
    } finally {
      await close();
    }
  });

  test('Settings: the backup folder is changed through the folder dialog and reset to the standard one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cradle-e2e-settings-'));
    const chosen = join(dir, 'Backup Disk');
    const page = await open('UNIX:/nonexistent/cradle-e2e/usbmuxd', { backupFolder: undefined, settingsFile: join(dir, 'settings.json'), chooseFolder: async () => chosen });
    try {
      await page.getByRole('button', { name: 'Settings' }).click();
      const folder = page.getByTestId('backup-folder');
      await folder.waitFor();
      const standard = await folder.innerText();
      await page.getByRole('button', { name: 'Change Folder…' }).click();
      await page.getByText(chosen, { exact: true }).waitFor();
      assert.equal(engine.backupFolder(), chosen);
      await page.screenshot({ path: `${RESULTS_DIR}settings.png` });
      await page.getByRole('button', { name: 'Use Standard Folder' }).click();
      await page.getByText(standard, { exact: true }).waitFor();
    } finally {
      await close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the page ran without errors or CSP violations', () => {
    assert.deepEqual(pageErrors, []);
  });
});
