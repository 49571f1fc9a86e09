/**
 * Devices end to end: the virtual device (in-process) behind the real engine and the loopback bridge, the
 * built renderer in Chromium. Plug and unplug, the Trust walkthrough, the summary, renaming in place.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createEngine, type Engine } from '../../electron/engine/api/handlers.ts';
import { marketingName } from '../../electron/engine/devices/product-names.ts';
import { startVirtualDevices, type DeviceStatus, type VirtualDeviceServer } from '../virtual-device/server.ts';
import { chromiumMissingReason, launchChromium, openApp, RENDERER_DIR, RESULTS_DIR, type AppPage } from './browser.ts';

const skip = chromiumMissingReason();
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('devices in Chromium over the bridge, with two virtual devices', { skip }, () => {
  let dir: string;
  let devices: VirtualDeviceServer;
  let engine: Engine;
  let app: AppPage;
  let browser: Browser;
  let page: Page;
  let iphone: DeviceStatus;
  let ipad: DeviceStatus;

  before(async () => {
    assert.ok(existsSync(`${RENDERER_DIR}/index.html`), 'the renderer is not built: run `node scripts/build.mjs --renderer`');
    dir = mkdtempSync(join(tmpdir(), 'cradle-e2e-'));
    devices = await startVirtualDevices({ socketPath: join(dir, 'usbmuxd'), devices: 2, trustMode: 'auto' });
    const status = devices.status();
    iphone = status.find((device) => device.productType.startsWith('iPhone'))!;
    ipad = status.find((device) => device.productType.startsWith('iPad'))!;
    assert.ok(iphone && ipad, 'the virtual devices are an iPhone and an iPad');
    // The iPhone waits for someone to tap Trust, as a real one does.
    devices.setTrustMode(iphone.udid, 'pending');
    process.env.USBMUXD_SOCKET_ADDRESS = devices.address;
    engine = createEngine({ watchDevices: true });
    browser = await launchChromium();
    app = await openApp(browser, engine);
    page = app.page;
  });

  after(async () => {
    await app?.close();
    await browser?.close();
    await engine?.close();
    await devices?.stop();
    delete process.env.USBMUXD_SOCKET_ADDRESS;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const sidebar = () => page.getByRole('navigation', { name: 'Sidebar' });
  const row = (name: string) => sidebar().getByRole('button', { name: new RegExp(`^${escape(name)}`) });

  test('the sidebar lists both devices with their names and Trust badges', async () => {
    await row(iphone.name).filter({ hasText: 'Trust needed' }).waitFor();
    await row(ipad.name).filter({ hasText: 'Trust needed' }).waitFor();
    await page.getByRole('table', { name: 'Connected devices' }).waitFor();
  });

  test('unplugging a device removes it from the sidebar; plugging it back brings it back', async () => {
    devices.unplug(ipad.udid);
    await row(ipad.name).waitFor({ state: 'detached' });
    assert.equal(await row(iphone.name).count(), 1);
    devices.replug(ipad.udid);
    await row(ipad.name).filter({ hasText: 'Trust needed' }).waitFor();
  });

  test('the Trust walkthrough: Pair, the prompt in words, Trust tapped on the device, then the summary', async () => {
    await row(iphone.name).click();
    const devicePage = page.getByRole('article', { name: iphone.name });
    await devicePage.getByRole('heading', { name: 'Trust this computer' }).waitFor();
    await devicePage.getByRole('button', { name: 'Pair' }).click();
    await devicePage.getByRole('status').filter({ hasText: 'Tap Trust on the iPhone, then enter its passcode' }).waitFor();
    await page.screenshot({ path: `${RESULTS_DIR}device-trust.png` });

    devices.acceptTrust(iphone.udid);
    const identity = devices.device(iphone.udid).values[''] as Record<string, string>;
    await devicePage.getByRole('tab', { name: 'General', selected: true }).waitFor();
    await devicePage.getByRole('heading', { name: iphone.name }).waitFor();
    const header = await devicePage.locator('header').innerText();
    assert.match(header, new RegExp(escape(`${marketingName(iphone.productType)} · iOS ${identity.ProductVersion}`)));
    assert.match(header, /used of/);
    const general = await devicePage.getByRole('tabpanel').innerText();
    assert.match(general, new RegExp(escape(`${identity.ProductVersion} (${identity.BuildVersion})`)));
    assert.match(general, /Last backup to this computer\s+Never/);
    assert.equal(await row(iphone.name).filter({ hasText: 'Trust needed' }).count(), 0);
    await page.screenshot({ path: `${RESULTS_DIR}device-page.png` });

    // The arrow keys move between tabs, as the tabs pattern says.
    await devicePage.getByRole('tab', { name: 'General' }).focus();
    await page.keyboard.press('ArrowRight');
    await devicePage.getByRole('tab', { name: 'Info', selected: true }).waitFor();
    const info = await devicePage.getByRole('tabpanel').innerText();
    assert.match(info, new RegExp(`Serial number\\s+${identity.SerialNumber}`));
    assert.match(info, new RegExp(`UDID\\s+${iphone.udid}`));
    await page.keyboard.press('ArrowRight');
    await devicePage.getByRole('tab', { name: 'Profiles', selected: true }).waitFor();
    await devicePage.getByRole('heading', { name: 'Configuration profiles' }).waitFor();
    await page.screenshot({ path: `${RESULTS_DIR}device-profiles.png` });
    await devicePage.getByRole('tab', { name: 'General' }).click();
  });

  test('renaming in place: Esc cancels, an empty name is refused, Enter saves and the sidebar follows', async () => {
    const devicePage = page.getByRole('article', { name: iphone.name });
    await devicePage.getByRole('button', { name: iphone.name }).click();
    const field = page.getByRole('textbox', { name: 'Name of this iPhone' });
    await field.fill('Not this one');
    await field.press('Escape');
    await page.getByRole('heading', { name: iphone.name }).waitFor();

    await page.getByRole('heading', { name: iphone.name }).getByRole('button').click();
    await field.fill('   ');
    await field.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Enter a name.' }).waitFor();

    await field.fill('Test Bench iPhone');
    await field.press('Enter');
    await page.getByRole('heading', { name: 'Test Bench iPhone' }).waitFor();
    await row('Test Bench iPhone').waitFor();
    await page.screenshot({ path: `${RESULTS_DIR}device-renamed.png` });
  });

  test('Trust declined on the device: the page says so and offers to try again', async () => {
    devices.setTrustMode(ipad.udid, 'deny');
    await row(ipad.name).click();
    const devicePage = page.getByRole('article', { name: ipad.name });
    await devicePage.getByRole('button', { name: 'Pair' }).click();
    await devicePage.getByRole('alert').filter({ hasText: /declined/ }).waitFor();
    await devicePage.getByRole('button', { name: 'Try Again' }).waitFor();
    assert.equal(await row(ipad.name).filter({ hasText: 'Trust needed' }).count(), 1);
    await page.screenshot({ path: `${RESULTS_DIR}device-trust-denied.png` });
  });

  test('the page ran without errors or CSP violations', () => {
    assert.deepEqual(app.errors, []);
  });
});
