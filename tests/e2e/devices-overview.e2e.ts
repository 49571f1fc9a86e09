/**
 * The Devices overview end to end: four paired virtual devices behind the real engine and the loopback
 * bridge, the built renderer in Chromium. Sort by a column; select two and Back Up Selected (both reach
 * Backed up, their last backup becomes "just now"); Back Up All; a device's own "Back up automatically when
 * this iPhone connects" and the default in Settings › Automatic backups. Then nine devices with long names
 * (a few paired, the rest waiting for Trust) for screenshots at 1024×700 and 1280×800, light and dark.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import type { FleetBackupStatus } from '../../shared/fleet.ts';
import { createEngine, type Engine } from '../../electron/engine/api/handlers.ts';
import { startFixture, type Fixture } from '../helpers/fixture.ts';
import { chromiumMissingReason, launchChromium, openApp, openAppFor, RENDERER_DIR, RESULTS_DIR, stopSuite, type AppPage, type SuiteStops } from './browser.ts';
import { jobWaiter } from './job-waiter.ts';

const skip = chromiumMissingReason();
const shot = (page: Page, name: string) => page.screenshot({ path: `${RESULTS_DIR}devices-overview-${name}.png` });

/** The engine over a fixture; `pair` pairs a device through the engine and waits until it is trusted. */
function startEngine(fixture: Fixture) {
  process.env.USBMUXD_SOCKET_ADDRESS = fixture.server.address;
  const engine = createEngine({ watchDevices: true, backupFolder: join(fixture.dir, 'backups'), settingsFile: join(fixture.dir, 'settings.json') });
  const finished = jobWaiter(engine);
  const pair = async (udid: string) => finished((await engine.handlers['devices:pair']({ udid })).jobId);
  return { engine, pair };
}

describe('the Devices overview in Chromium, with four paired virtual devices', { skip }, () => {
  let fixture: Fixture;
  let engine: Engine;
  let app: AppPage;
  let page: Page;
  const names = ['Anna’s iPhone', 'Ben’s iPhone', 'Cart iPad 1', 'Dora’s iPhone'];
  const udids: string[] = [];
  /** What `after` stops, last started first. */
  const running: SuiteStops = [];

  before(async () => {
    assert.ok(existsSync(`${RENDERER_DIR}/index.html`), 'the renderer is not built: run `node scripts/build.mjs --renderer`');
    // A few MB at 8 MB/s per device: each backup lasts a moment, long enough to show its progress.
    fixture = await startFixture({ devices: 4, dataMb: 3, throttleMbps: 8 });
    running.push(() => fixture.close());
    for (const [index, device] of fixture.server.status().entries()) {
      fixture.server.setName(device.udid, names[index]!);
      udids.push(device.udid);
    }
    const started = startEngine(fixture);
    engine = started.engine;
    running.push(() => engine.close());
    for (const udid of udids) await started.pair(udid);
    app = await openAppFor(running, engine);
    page = app.page;
  });

  after(() => stopSuite(running));

  const table = () => page.getByRole('table', { name: 'Connected devices' });
  const row = (name: string) => table().locator('tbody tr').filter({ has: page.getByRole('button', { name, exact: true }) });
  const rowNames = async () => (await table().locator('tbody .overview-name').allInnerTexts()).map((text) => text.trim());
  /** Clicks a checkbox and waits for it to show the engine's answer (its state follows the settings, not the click). */
  const toggle = async (box: Locator, on: boolean) => {
    await box.click();
    await box.and(page.locator(on ? 'input:checked' : 'input:not(:checked)')).waitFor();
  };
  const state = (name: string, words: string | RegExp) => row(name).locator('.col-state .chip').filter({ hasText: words });

  test('the overview lists every device, sorts by a column and turns the order around', async () => {
    await page.getByRole('navigation', { name: 'Sidebar' }).getByRole('button', { name: 'All Devices' }).click();
    await page.getByRole('heading', { name: 'Devices', level: 1 }).waitFor();
    for (const name of names) await state(name, 'Connected').waitFor();
    assert.deepEqual(await rowNames(), names, 'by name at first, as the sidebar');
    const nameHeader = table().getByRole('columnheader', { name: 'Name' });
    assert.equal(await nameHeader.getAttribute('aria-sort'), 'ascending');
    await nameHeader.getByRole('button').click();
    assert.equal(await nameHeader.getAttribute('aria-sort'), 'descending');
    assert.deepEqual(await rowNames(), [...names].reverse());
    const model = table().getByRole('columnheader', { name: 'Model' });
    await model.getByRole('button').click();
    assert.equal(await model.getAttribute('aria-sort'), 'ascending');
    assert.equal(await nameHeader.getAttribute('aria-sort'), null);
    const models = await table().locator('tbody td.col-model').allInnerTexts();
    assert.deepEqual(models, [...models].sort((a, b) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' })), 'by model');
    await nameHeader.getByRole('button').click();
    assert.deepEqual(await rowNames(), names);
    for (const name of names) assert.equal(await row(name).locator('td.col-backup').innerText(), 'Never');
  });

  test('select two and Back Up Selected: both are backed up and their last backup is just now', async () => {
    const backUpSelected = page.getByRole('button', { name: 'Back Up Selected' });
    assert.equal(await backUpSelected.isDisabled(), true, 'nothing selected yet');
    await table().getByRole('checkbox', { name: `Select ${names[0]}` }).check();
    // A click on the row (not on its controls) toggles it too.
    await row(names[2]!).locator('td.col-ios').click();
    assert.equal(await table().getByRole('checkbox', { name: `Select ${names[2]}` }).isChecked(), true);
    assert.equal(await table().getByRole('checkbox', { name: 'Select all devices' }).evaluate((box) => (box as unknown as { indeterminate: boolean }).indeterminate), true);
    await page.getByText('2 selected').waitFor();
    await backUpSelected.click();
    await state(names[0]!, /Backing up|Waiting|Backed up/).waitFor();
    await shot(page, 'backing-up');
    for (const name of [names[0]!, names[2]!]) {
      await state(name, 'Backed up').waitFor({ timeout: 60_000 });
      await row(name).locator('td.col-backup').filter({ hasText: 'just now' }).waitFor();
    }
    for (const name of [names[1]!, names[3]!]) assert.equal(await row(name).locator('td.col-backup').innerText(), 'Never');
    await page.getByRole('status', { name: 'Backups' }).filter({ hasText: 'Backups: 2 backed up' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Stop' }).count(), 0, 'nothing left to stop');
  });

  test('Back Up All backs up every device', async () => {
    await table().getByRole('checkbox', { name: 'Select all devices' }).check();
    for (const name of names) assert.equal(await table().getByRole('checkbox', { name: `Select ${name}` }).isChecked(), true);
    await table().getByRole('checkbox', { name: 'Select all devices' }).uncheck();
    await page.getByText('No devices selected').waitFor();
    await page.getByRole('button', { name: 'Back Up All' }).click();
    await page.getByRole('status', { name: 'Backups' }).filter({ hasText: /^Backups: 4 backed up$/ }).waitFor({ timeout: 90_000 });
    for (const name of names) {
      await state(name, 'Backed up').waitFor();
      await row(name).locator('td.col-backup').filter({ hasText: 'just now' }).waitFor();
    }
    const listed = await engine.handlers['library:list']({});
    assert.deepEqual(new Set(listed.filter((backup) => backup.complete).map((backup) => backup.udid)), new Set(udids));
    await shot(page, 'all-backed-up');
  });

  test('a device’s own automatic backup, and the default in Settings', async () => {
    await row(names[1]!).getByRole('button', { name: names[1], exact: true }).click();
    const box = page.getByRole('checkbox', { name: /^Back up automatically when this (iPhone|iPad) connects$/ });
    await box.waitFor();
    assert.equal(await box.isChecked(), false, 'off by default');
    await toggle(box, true);
    await page.getByRole('button', { name: 'Use the Default in Settings' }).waitFor();
    assert.equal((await engine.handlers['settings:get']({})).autoBackup.devices[udids[1]!], true);
    await shot(page, 'device-automatic');
    await page.getByRole('button', { name: 'Use the Default in Settings' }).click();
    await page.getByText('As the default in Settings.').waitFor();
    assert.equal(await box.isChecked(), false);
    assert.equal((await engine.handlers['settings:get']({})).autoBackup.devices[udids[1]!], undefined);

    await page.getByRole('navigation', { name: 'Sidebar' }).getByRole('button', { name: 'Settings' }).click();
    const onConnect = page.getByRole('checkbox', { name: 'Back up devices automatically when they connect' });
    await toggle(onConnect, true);
    await page.getByLabel('At most once every').selectOption({ label: '6 hours' });
    await toggle(page.getByRole('checkbox', { name: 'Back up connected devices every day at' }), true);
    await page.getByLabel('Daily backup time').fill('02:30');
    await page.getByLabel('Devices at once').selectOption('2');
    const wanted = { onConnect: true, intervalHours: 6, dailyAt: '02:30', concurrency: 2 };
    while (true) {
      const { onConnect: on, intervalHours, dailyAt, concurrency } = (await engine.handlers['settings:get']({})).autoBackup;
      if (JSON.stringify({ onConnect: on, intervalHours, dailyAt, concurrency }) === JSON.stringify(wanted)) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await shot(page, 'settings');

    // The device follows the default now; backed up a moment ago, it is left out when it connects again.
    await page.getByRole('navigation', { name: 'Sidebar' }).getByRole('button', { name: 'All Devices' }).click();
    await page.getByText(/Devices are backed up automatically when a device connects \(at most once every 6 hours\) and every day at 02:30/).waitFor();
    fixture.server.unplug(udids[1]!);
    await row(names[1]!).waitFor({ state: 'detached' });
    fixture.server.replug(udids[1]!);
    await state(names[1]!, 'Skipped').waitFor({ timeout: 30_000 });
    assert.match((await state(names[1]!, 'Skipped').getAttribute('title')) ?? '', /\S/, 'says why');
    await page.getByRole('checkbox', { name: 'Select all devices' }).waitFor();
    assert.deepEqual(app.errors, []);
  });
});

describe('the Devices overview with nine devices and long names, for screenshots', { skip }, () => {
  const LONG = 'Front Desk Loaner iPad for the Reception and Visitors Programme';
  let fixture: Fixture;
  let engine: Engine;
  let browser: Browser;
  const running: SuiteStops = [];

  before(async () => {
    fixture = await startFixture({ devices: 9, trustMode: 'pending', dataMb: 3, throttleMbps: 2 });
    running.push(() => fixture.close());
    const status = fixture.server.status();
    for (const [index, device] of status.entries()) fixture.server.setName(device.udid, index < 3 ? LONG : index === 3 ? 'Anna’s iPhone' : `Loaner ${index}`);
    const started = startEngine(fixture);
    engine = started.engine;
    running.push(() => engine.close());
    // Four paired (serial, battery and iOS known), the others waiting for Trust; one backed up, one backing up slowly.
    for (const device of status.slice(0, 4)) {
      fixture.server.setTrustMode(device.udid, 'auto');
      await started.pair(device.udid);
    }
    const anna = status[3]!.udid;
    // Subscribed before the backups are queued, so the end of Anna's cannot be missed.
    const annaBackedUp = new Promise<void>((resolve) => {
      const stop = engine.events.subscribe((channel, payload) => {
        if (channel !== 'fleet:changed' || !(payload as FleetBackupStatus).tiles.some((tile) => tile.udid === anna && tile.state === 'done')) return;
        stop();
        resolve();
      });
    });
    await engine.handlers['fleet:backup']({ udids: [anna, status[0]!.udid] });
    await annaBackedUp;
    browser = await launchChromium();
    running.push(() => browser.close());
  });

  after(() => stopSuite(running));

  for (const viewport of [
    { width: 1024, height: 700 },
    { width: 1280, height: 800 },
  ]) {
    test(`at ${viewport.width}×${viewport.height}, light and dark: no sideways scrolling, long names ellipsised with the whole name in a title`, async () => {
      const app = await openApp(browser, engine, viewport);
      const { page } = app;
      try {
        const table = page.getByRole('table', { name: 'Connected devices' });
        await table.locator('tbody tr').nth(8).waitFor();
        await table.locator('tbody tr').filter({ hasText: 'Anna’s iPhone' }).locator('td.col-backup').filter({ hasText: 'just now' }).waitFor();
        const names = table.locator('tbody .overview-name');
        const long = names.filter({ hasText: LONG });
        assert.equal(await long.count(), 3);
        for (const title of await long.evaluateAll((buttons) => buttons.map((button) => button.getAttribute('title')))) {
          assert.ok(title?.startsWith(`${LONG} (`), `same-named devices told apart in the title: ${title}`);
        }
        const clipped = await long.first().locator('.overview-ellipsis').first().evaluate((span) => span.scrollWidth > span.clientWidth);
        assert.equal(clipped, true, 'the long name is ellipsised');
        const overflow = await page.locator('.main-pane').evaluate((pane) => pane.scrollWidth - pane.clientWidth);
        assert.ok(overflow <= 0, `the pane does not scroll sideways (${overflow} px)`);
        await table.getByRole('checkbox', { name: /^Select Loaner/ }).first().check();
        await table.getByRole('checkbox', { name: 'Select Anna’s iPhone' }).check();
        await shot(page, `${viewport.width}-light`);
        await page.emulateMedia({ colorScheme: 'dark' });
        await shot(page, `${viewport.width}-dark`);
        assert.deepEqual(app.errors, []);
      } finally {
        await app.close();
      }
    });
  }
});
