/**
 * The clone view with a cart of devices, end to end: a golden device and eight targets that do not trust
 * this computer (in-process virtual devices behind the real engine and the loopback bridge, the built
 * renderer in Chromium).
 * A clone watching for every device that gets connected, named "Loaner {n}": each tile says "Tap Trust on
 * the device" until Trust is tapped, then reaches Done under its new name (in the sidebar too); after Stop
 * the summary and Export stay at the top. After a reload, New Clone… opens with the last clone's settings;
 * Select All leaves the golden device out. A device with two blockers (Find My on and an iOS older than the
 * golden backup's) shows both on its tile, and after both are fixed Retry makes it Done; a denied Trust is a
 * failed tile whose Retry asks again.
 * Screenshots at 1024×700 and 1280×800, light and dark, go to test-results/.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { createEngine, type Engine } from '../../electron/engine/api/handlers.ts';
import { startFixture, type Fixture } from '../helpers/fixture.ts';
import type { DeviceState } from '../virtual-device/device.ts';
import { jobWaiter } from './job-waiter.ts';
import { chromiumMissingReason, openAppFor, RENDERER_DIR, RESULTS_DIR, stopSuite, type AppPage, type SuiteStops } from './browser.ts';

const skip = chromiumMissingReason();
/** Long enough for a restore and the device's restart on a busy two-core machine. */
const RESTORE_WAIT = { timeout: 120_000 };
const LONG_NAME = 'Reception iPad for the Visitors’ Lounge, Second Floor, East Wing';
const VIEWPORTS = [
  { width: 1024, height: 700 },
  { width: 1280, height: 800 },
] as const;

describe('the clone view with a cart of untrusted devices in Chromium', { skip }, () => {
  let fixture: Fixture;
  let engine: Engine;
  let app: AppPage;
  let page: Page;
  let golden: DeviceState;
  /** Cloned by watching: Trust tapped on each. */
  let cart: DeviceState[];
  /** Find My on and an iOS too old. */
  let blocked: DeviceState;
  /** Don't Trust tapped. */
  let denied: DeviceState;
  let finished: (jobId: string) => Promise<void>;
  /** What `after` stops, last started first. */
  const running: SuiteStops = [];

  /** Screenshots of the page at both sizes, light and dark; the page is left at the larger size, light. */
  async function shots(name: string): Promise<void> {
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        await page.screenshot({ path: `${RESULTS_DIR}clone-fleet-${name}-${viewport.width}-${colorScheme}.png` });
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }

  /** Whether the whole of `locator` is inside the window, without scrolling. */
  async function onScreen(locator: Locator): Promise<boolean> {
    const box = await locator.boundingBox();
    const viewport = page.viewportSize();
    return box !== null && viewport !== null && box.y >= 0 && box.y + box.height <= viewport.height;
  }

  before(async () => {
    assert.ok(existsSync(`${RENDERER_DIR}/index.html`), 'the renderer is not built: run `node scripts/build.mjs --renderer`');
    fixture = await startFixture({ devices: 9, profile: ['golden', 'personal'], dataMb: 2, trustMode: 'pending' });
    running.push(() => fixture.close());
    const devices = fixture.server.devices as DeviceState[];
    [golden] = devices as [DeviceState];
    cart = devices.slice(1, 7);
    [blocked, denied] = devices.slice(7) as [DeviceState, DeviceState];
    // The golden device trusts this computer; none of the others does yet.
    fixture.server.acceptTrust(golden.udid);
    const goldenIos = String(golden.values['']!.ProductVersion);
    for (const device of [...cart, blocked, denied]) {
      fixture.server.setIosVersion(device.udid, goldenIos);
      fixture.server.setFindMy(device.udid, false);
    }
    // Long names, and two devices called the same.
    fixture.server.setName(cart[0]!.udid, LONG_NAME);
    fixture.server.setName(cart[1]!.udid, 'iPad');
    fixture.server.setName(cart[2]!.udid, 'iPad');
    // The last two join later, for the second clone.
    fixture.server.unplug(blocked.udid);
    fixture.server.unplug(denied.udid);
    process.env.USBMUXD_SOCKET_ADDRESS = fixture.server.address;
    engine = createEngine({ watchDevices: true, backupFolder: join(fixture.dir, 'backups'), settingsFile: join(fixture.dir, 'settings.json'), chooseFolder: async () => fixture.dir });
    running.push(() => engine.close());
    finished = jobWaiter(engine);
    await finished((await engine.handlers['devices:pair']({ udid: golden.udid })).jobId);
    await finished((await engine.handlers['backup:start']({ udid: golden.udid })).jobId);
    app = await openAppFor(running, engine, VIEWPORTS[1]);
    page = app.page;
  });

  after(() => stopSuite(running));

  const sidebar = () => page.getByRole('navigation', { name: 'Sidebar' });
  const pane = () => page.getByRole('region', { name: 'Clone', exact: true });
  const tile = (device: DeviceState) => pane().locator(`.clone-tile[data-udid="${device.udid}"]`);
  const chip = (device: DeviceState, words: string | RegExp) => tile(device).locator('.chip').filter({ hasText: words });
  const counts = (words: RegExp) => pane().getByRole('group', { name: 'Summary' }).getByRole('status').filter({ hasText: words });

  test('watching: each untrusted device says "Tap Trust on the device", reaches Done named "Loaner {n}", and the results stay on top after Stop', async () => {
    await sidebar().getByRole('button', { name: 'Clone' }).click();
    await pane().getByLabel('Golden backup').locator('option').first().waitFor({ state: 'attached' });
    await pane().getByLabel('Name devices').fill('Loaner {n}');
    await pane().getByLabel('Devices at once').selectOption('8');
    await pane().getByRole('radio', { name: 'Every device that gets connected' }).check();
    await pane().getByRole('checkbox', { name: /I understand/ }).check();
    await pane().getByRole('button', { name: 'Start and Watch for New Devices' }).click();

    for (const device of cart) await chip(device, /^Tap Trust on the device$/).waitFor();
    assert.equal(await pane().locator('.clone-tile').count(), cart.length, 'the golden device is never a target');
    // Same-named devices are told apart by model and the end of the serial (or UDID), as in the sidebar.
    const twins = await Promise.all(cart.slice(1, 3).map((device) => tile(device).locator('.tile-twin').innerText()));
    assert.ok(twins.every((twin) => /· …\w{4}$/.test(twin)) && twins[0] !== twins[1], twins.join(' / '));
    assert.equal(await tile(cart[0]!).locator('.tile-name').innerText(), LONG_NAME, 'a long name is never cut short');
    const iPads = new Set(fixture.server.status().filter((device) => device.productType.startsWith('iPad')).map((device) => device.udid));
    for (const device of cart) {
      assert.equal(await tile(device).locator(iPads.has(device.udid) ? 'svg.lucide-tablet' : 'svg.lucide-smartphone').count(), 1, `${device.udid} is drawn as what it is`);
    }
    await shots('1-tap-trust');

    for (const device of cart) fixture.server.acceptTrust(device.udid);
    for (const device of cart) await chip(device, /^Done$/).waitFor(RESTORE_WAIT);
    const names = cart.map((device) => device.name).sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
    assert.deepEqual(names, ['Loaner 1', 'Loaner 2', 'Loaner 3', 'Loaner 4', 'Loaner 5', 'Loaner 6']);
    for (const name of names) await sidebar().getByRole('button', { name: new RegExp(`^${name}\\b`) }).waitFor();

    await pane().getByRole('button', { name: 'Stop' }).click();
    await pane().getByRole('heading', { name: /^Last clone/ }).waitFor();
    await counts(/^6 done · 0 failed$/).waitFor();
    assert.equal(await pane().getByRole('region', { name: 'Clone settings' }).count(), 0, 'the setup stays folded: the results are the view');
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      for (const what of [counts(/done/), pane().getByRole('button', { name: 'Export CSV' }), pane().getByRole('button', { name: 'New Clone…' })]) {
        assert.ok(await onScreen(what), `${await what.innerText()} is on screen at ${viewport.width}×${viewport.height}`);
      }
    }
    await shots('2-ended');
    assert.deepEqual(app.errors, []);
  });

  test('after a reload New Clone… opens with the last settings; a device with two blockers shows both, and a denied Trust fails with Retry', async () => {
    fixture.server.setFindMy(blocked.udid, true);
    fixture.server.setIosVersion(blocked.udid, '15.0');
    fixture.server.replug(blocked.udid);
    fixture.server.replug(denied.udid);
    // Trust tapped in advance on this one: its pairing is not what it tests.
    fixture.server.acceptTrust(blocked.udid);
    await page.reload();
    await sidebar().getByRole('button', { name: 'Clone' }).click();
    await counts(/^6 done · 0 failed$/).waitFor();
    await pane().getByRole('button', { name: 'New Clone…' }).click();
    assert.equal(await pane().getByLabel('Name devices').inputValue(), 'Loaner {n}');
    assert.equal(await pane().getByLabel('Devices at once').inputValue(), '8');
    assert.equal(await pane().getByRole('radio', { name: 'Every device that gets connected' }).isChecked(), true);
    assert.equal(await pane().getByRole('checkbox', { name: 'Remove items not in the backup' }).isChecked(), false);

    await pane().getByLabel('Name devices').fill('Spare {n}');
    await pane().getByRole('radio', { name: 'These devices:' }).check();
    const list = pane().getByRole('group', { name: 'Connected devices' });
    const box = (device: DeviceState) => list.locator(`input[type="checkbox"][value="${device.udid}"]`);
    await box(denied).waitFor();
    await box(blocked).waitFor();
    await pane().getByRole('button', { name: 'Select All' }).click();
    await pane().getByRole('status').filter({ hasText: /^8 of 8 selected$/ }).waitFor();
    assert.equal(await box(golden).isDisabled(), true, 'the golden backup’s own device can never be ticked');
    assert.equal(await box(golden).isChecked(), false);
    await pane().getByRole('button', { name: 'Select None' }).click();
    await box(blocked).check();
    await box(denied).check();
    await pane().getByRole('status').filter({ hasText: /^2 of 8 selected$/ }).waitFor();
    await pane().getByRole('checkbox', { name: /I understand/ }).check();
    await shots('3-new-clone');
    await pane().getByRole('button', { name: 'Start', exact: true }).click();

    await chip(denied, /^Tap Trust on the device$/).waitFor(RESTORE_WAIT);
    fixture.server.denyTrust(denied.udid);
    await chip(denied, /^Trust denied$/).waitFor(RESTORE_WAIT);
    await tile(denied).getByRole('button', { name: /^Retry/ }).waitFor();

    const disclosure = tile(blocked).locator('details.tile-problems');
    await disclosure.locator('summary').filter({ hasText: /^2 problems$/ }).waitFor(RESTORE_WAIT);
    await disclosure.locator('summary').click();
    const problems = await disclosure.getByRole('list', { name: 'Problems' }).getByRole('listitem').allInnerTexts();
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.ok(problems.some((problem) => /Find My/.test(problem)), problems.join('\n'));
    assert.ok(problems.some((problem) => /iOS/.test(problem)), problems.join('\n'));
    await shots('4-two-problems');

    fixture.server.setFindMy(blocked.udid, false);
    fixture.server.setIosVersion(blocked.udid, String(golden.values['']!.ProductVersion));
    await tile(blocked).getByRole('button', { name: /^Retry/ }).click();
    await chip(blocked, /^Done$/).waitFor(RESTORE_WAIT);

    // Plugged in again the device forgets the denial; Retry asks for Trust again.
    fixture.server.unplug(denied.udid);
    fixture.server.replug(denied.udid);
    await tile(denied).getByRole('button', { name: /^Retry/ }).click();
    await chip(denied, /^Tap Trust on the device$/).waitFor(RESTORE_WAIT);
    fixture.server.acceptTrust(denied.udid);
    await chip(denied, /^Done$/).waitFor(RESTORE_WAIT);
    await counts(/^2 done · 0 failed$/).waitFor();
    assert.deepEqual([blocked.name, denied.name].sort(), ['Spare 1', 'Spare 2']);
    await shots('5-retried');
    assert.deepEqual(app.errors, []);
  });
});
