/**
 * Device identity end to end: five virtual devices (three iPhones, two iPads) behind the real engine and the
 * loopback bridge, the built renderer in Chromium. Three devices renamed on the device itself to one long
 * name read apart in the sidebar (model and serial digits, iPad icons for iPads) and on the device page;
 * a device plugged out and back keeps its place; the restore review names its target beyond doubt when
 * the backup's device has the same name. Screenshots at 1024×700 and 1280×800, light and dark.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createEngine, type Engine } from '../../electron/engine/api/handlers.ts';
import { marketingName } from '../../electron/engine/devices/product-names.ts';
import type { JobEvent } from '../../shared/jobs.ts';
import { startFixture, type Fixture } from '../helpers/fixture.ts';
import type { DeviceState } from '../virtual-device/device.ts';
import { chromiumMissingReason, openAppFor, RENDERER_DIR, RESULTS_DIR, stopSuite, type AppPage, type SuiteStops } from './browser.ts';

const skip = chromiumMissingReason();
const SHARED_NAME = 'Anna’s iPad from the Third-Floor Science Classroom Cart';
const SIZES = [
  { width: 1024, height: 700 },
  { width: 1280, height: 800 },
];

/** Screenshots of the page at both sizes, light and dark; the page is left at the larger size, light. */
async function shots(page: Page, name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: `${RESULTS_DIR}device-identity-${name}-${size.width}-${colorScheme}.png` });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

describe('same-named devices told apart in Chromium: sidebar, device page, restore review', { skip }, () => {
  let fixture: Fixture;
  let engine: Engine;
  let app: AppPage;
  let page: Page;
  let devices: DeviceState[];
  /** The iPad whose backup is restored, the iPad it is restored onto, and an iPhone: all three get the shared name. */
  let source: DeviceState;
  let target: DeviceState;
  let twins: DeviceState[];
  const running: SuiteStops = [];

  /** Resolves when a job ends; fails the test unless it ended well. */
  function ended(jobId: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const stop = engine.events.subscribe((channel, payload) => {
        const event = payload as JobEvent;
        if (channel !== 'jobs:event' || event.jobId !== jobId) return;
        if (event.type !== 'done' && event.type !== 'failed' && event.type !== 'cancelled') return;
        stop();
        if (event.type === 'done') resolve();
        else reject(new Error(JSON.stringify(event)));
      });
    });
  }

  const serialOf = (device: DeviceState) => String(device.values['']?.SerialNumber);
  const modelOf = (device: DeviceState) => marketingName(device.model.productType);
  const sidebar = () => page.getByRole('navigation', { name: 'Sidebar' });
  const deviceRows = () => sidebar().getByRole('list', { name: 'Devices' }).getByRole('button').filter({ has: page.locator('[data-icon]') });
  const twinRows = () => deviceRows().filter({ hasText: SHARED_NAME });
  const rowOf = (device: DeviceState) => twinRows().filter({ hasText: `…${serialOf(device).slice(-4)}` });
  const sidebarOrder = async () => (await deviceRows().allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());

  before(async () => {
    assert.ok(existsSync(`${RENDERER_DIR}/index.html`), 'the renderer is not built: run `node scripts/build.mjs --renderer`');
    fixture = await startFixture({ devices: 5 });
    running.push(() => fixture.close());
    devices = [...fixture.server.devices];
    const ipads = devices.filter((device) => device.model.productType.startsWith('iPad'));
    assert.equal(ipads.length, 2, 'the virtual devices are three iPhones and two iPads');
    [source, target] = ipads as [DeviceState, DeviceState];
    twins = [source, target, devices.find((device) => device.model.productType.startsWith('iPhone') && device !== devices[0])!];
    process.env.USBMUXD_SOCKET_ADDRESS = fixture.server.address;
    engine = createEngine({ watchDevices: true, backupFolder: join(fixture.dir, 'backups'), settingsFile: join(fixture.dir, 'settings.json') });
    running.push(() => engine.close());
    for (const device of devices) {
      const { jobId } = await engine.handlers['devices:pair']({ udid: device.udid });
      await ended(jobId);
    }
    // The backup's device already has the name the others get later: "Anna’s iPad → Anna’s iPad".
    fixture.server.setName(source.udid, SHARED_NAME);
    const { jobId } = await engine.handlers['backup:start']({ udid: source.udid });
    await ended(jobId);
    // What the restore's checks want of the target: as new an iOS as the backup, Find My off.
    fixture.server.setIosVersion(target.udid, String(source.values['']?.ProductVersion));
    fixture.server.setFindMy(target.udid, false);
    app = await openAppFor(running, engine, SIZES[1]);
    page = app.page;
  });

  after(() => stopSuite(running));

  test('three devices renamed to one name on the devices themselves read apart in the sidebar', async () => {
    await deviceRows().first().waitFor();
    for (const device of twins.slice(1)) fixture.server.setName(device.udid, SHARED_NAME);
    await twinRows().nth(2).waitFor();
    for (const device of twins) {
      const row = rowOf(device);
      assert.equal(await row.count(), 1, `one row ends with the serial digits of ${device.udid}`);
      assert.match(await row.innerText(), new RegExp(modelOf(device).replace(/[()]/g, '\\$&')));
      assert.equal(await row.locator('[data-icon]').getAttribute('data-icon'), device.model.productType.startsWith('iPad') ? 'ipad' : 'iphone');
    }
    // The other two came with one name from the start ("Anna’s iPhone"): told apart as well.
    const others = devices.filter((device) => !twins.includes(device));
    assert.equal(others[0]!.name, others[1]!.name);
    for (const device of others) {
      assert.equal(await deviceRows().filter({ hasText: device.name }).filter({ hasText: `${modelOf(device)} · …${serialOf(device).slice(-4)}` }).count(), 1);
    }
    // Renamed apart, each shows just its name.
    fixture.server.setName(others[0]!.udid, 'Front Desk iPhone');
    await deviceRows().filter({ hasText: 'Front Desk iPhone' }).waitFor();
    await deviceRows().filter({ hasText: others[1]!.name }).filter({ hasNotText: '…' }).waitFor();
    assert.equal((await deviceRows().filter({ hasText: 'Front Desk iPhone' }).innerText()).trim(), 'Front Desk iPhone');
    await shots(page, 'sidebar');
  });

  test('a device plugged out and back in keeps its place in the sidebar', async () => {
    const order = await sidebarOrder();
    assert.equal(order.length, 5);
    // The first of the same-named devices: were it put at the end on its return, the order would show it.
    const firstRow = await twinRows().first().innerText();
    const first = twins.find((device) => firstRow.includes(`…${serialOf(device).slice(-4)}`))!;
    fixture.server.unplug(first.udid);
    await rowOf(first).waitFor({ state: 'detached' });
    fixture.server.replug(first.udid);
    await rowOf(first).waitFor();
    assert.deepEqual(await sidebarOrder(), order);
  });

  test('the device page of one of them names its model and serial digits', async () => {
    await rowOf(target).click();
    const header = page.getByRole('article', { name: SHARED_NAME }).locator('header');
    await header.getByText(`${modelOf(target)} · iOS`).waitFor();
    assert.match(await header.innerText(), new RegExp(`…${serialOf(target).slice(-4)}`));
    assert.equal(await header.locator('[data-icon]').getAttribute('data-icon'), 'ipad');
    await shots(page, 'device-page');
  });

  test('the restore review names its target beyond doubt when the backup’s device has the same name', async () => {
    await sidebar().getByRole('button', { name: 'All backups' }).click();
    await page.getByRole('table', { name: 'Backups by device' }).locator('tbody tr').filter({ hasText: SHARED_NAME }).click();
    await page.getByRole('toolbar', { name: 'Backup actions' }).getByRole('button', { name: 'Restore to…' }).click();
    const wizard = page.getByRole('dialog', { name: 'Restore from Backup' });
    const onto = wizard.getByLabel('Restore onto');
    await onto.waitFor();
    const choices = (await onto.locator('option').allInnerTexts()).filter((text) => text.startsWith(SHARED_NAME));
    assert.equal(choices.length, 3);
    assert.equal(new Set(choices).size, 3, `every choice reads differently: ${choices.join(' | ')}`);
    await onto.selectOption(target.udid);
    // A long name hides the end of the closed list; the model and serial digits show under it.
    assert.equal(await wizard.getByTestId('restore-target-identity').innerText(), `${modelOf(target)} · …${serialOf(target).slice(-4)}`);
    await shots(page, 'restore-choose');
    await wizard.getByRole('button', { name: 'Continue' }).click();
    await wizard.locator('[aria-current="step"]').filter({ hasText: 'Check' }).waitFor();
    await wizard.getByRole('list', { name: 'Checks' }).waitFor();
    const next = wizard.getByRole('button', { name: 'Continue' });
    assert.equal(await next.isDisabled(), false, await wizard.innerText());
    await next.click();

    await wizard.locator('[aria-current="step"]').filter({ hasText: 'Review' }).waitFor();
    const named = await wizard.getByTestId('restore-target').innerText();
    assert.equal(named, `${SHARED_NAME} (${modelOf(target)} · …${serialOf(target).slice(-4)})`);
    const what = await wizard.locator('.review-what').innerText();
    assert.ok(what.startsWith(`The backup of ${SHARED_NAME} (${modelOf(source)})`), what);
    await shots(page, 'restore-review');
    await wizard.getByRole('button', { name: 'Cancel' }).click();
    await wizard.waitFor({ state: 'detached' });
  });

  test('the page ran without errors or CSP violations', () => {
    assert.deepEqual(app.errors, []);
  });
});
