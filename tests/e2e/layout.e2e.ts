/**
 * Every screen at the window sizes people use (1024×700 and 1280×800), light and dark, with six devices, one of
 * them with a long name, and backups of two of them (one archived): no main region scrolls sideways, and no
 * text cut short with an ellipsis lacks a way to read it in full (a tooltip with the whole text). The sidebar
 * hides and comes back (button and Control-Alt-S). Screenshots of each screen go to test-results/layout-*.png.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createEngine, type Engine } from '../../electron/engine/api/handlers.ts';
import type { JobEvent } from '../../shared/jobs.ts';
import { startFixture } from '../helpers/fixture.ts';
import type { DeviceStatus } from '../virtual-device/server.ts';
import { chromiumMissingReason, openAppFor, RENDERER_DIR, RESULTS_DIR, stopSuite, type AppPage, type SuiteStops } from './browser.ts';

const skip = chromiumMissingReason();
const LONG_NAME = 'Anna’s iPhone for the Front Desk of the Third Floor Reading Room';
const SIZES = [
  { width: 1024, height: 700 },
  { width: 1280, height: 800 },
];
const SCHEMES = ['light', 'dark'] as const;

/**
 * What is wrong with the page as shown: regions wider than their box, cut text without its full form. A string
 * evaluated in the page (the test's compiler would wrap a function's inner names in a helper the page lacks).
 */
const LAYOUT_PROBLEMS = `(() => {
  const problems = [];
  const named = (element) => element.tagName.toLowerCase() + (typeof element.className === 'string' && element.className.trim() ? '.' + element.className.trim().split(/\\s+/).join('.') : '');
  if (document.documentElement.scrollWidth > window.innerWidth) problems.push('the window scrolls sideways (' + document.documentElement.scrollWidth + ' > ' + window.innerWidth + ')');
  for (const region of document.querySelectorAll('.frame, .main-pane, .sidebar, [role="dialog"], [role="tabpanel"], .backup-browser, .device-page')) {
    if (region.scrollWidth > region.clientWidth + 1 && getComputedStyle(region).overflowX !== 'hidden') problems.push(named(region) + ' scrolls sideways (' + region.scrollWidth + ' > ' + region.clientWidth + ')');
  }
  for (const element of document.querySelectorAll('.main-pane *, .sidebar *, [role="dialog"] *')) {
    if (!(element instanceof HTMLElement) || element.offsetParent === null) continue;
    if (getComputedStyle(element).textOverflow !== 'ellipsis' || element.scrollWidth <= element.clientWidth + 1) continue;
    const text = element.innerText.trim();
    const titled = element.closest('[title]');
    if (!text || (titled && titled.getAttribute('title').includes(text))) continue;
    problems.push('“' + text + '” is cut in ' + named(element) + ' without a tooltip holding it');
  }
  return problems;
})()`;

function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(LAYOUT_PROBLEMS);
}

describe('every screen at 1024×700 and 1280×800, light and dark: nothing scrolls sideways, cut text can be read', { skip }, () => {
  let engine: Engine;
  let app: AppPage;
  let page: Page;
  let devices: DeviceStatus[];
  const ended = new Map<string, JobEvent>();
  const running: SuiteStops = [];
  const found: string[] = [];

  async function finished(jobId: string): Promise<void> {
    while (!ended.has(jobId)) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(ended.get(jobId)?.type, 'done', JSON.stringify(ended.get(jobId)));
  }

  /** Opens a screen, then checks it at every size and scheme, with a screenshot of each. */
  async function checkScreen(name: string, open: () => Promise<unknown>): Promise<void> {
    await open();
    for (const size of SIZES) {
      await page.setViewportSize(size);
      for (const colorScheme of SCHEMES) {
        await page.emulateMedia({ colorScheme });
        await page.screenshot({ path: `${RESULTS_DIR}layout-${name}-${size.width}-${colorScheme}.png` });
        for (const problem of await layoutProblems(page)) found.push(`${name} at ${size.width}×${size.height} ${colorScheme}: ${problem}`);
      }
    }
  }

  const sidebar = () => page.getByRole('navigation', { name: 'Sidebar' });

  before(async () => {
    assert.ok(existsSync(`${RENDERER_DIR}/index.html`), 'the renderer is not built: run `node scripts/build.mjs --renderer`');
    const fixture = await startFixture({ devices: 6 });
    running.push(() => fixture.close());
    devices = fixture.server.status() as DeviceStatus[];
    fixture.server.setName(devices[0]!.udid, LONG_NAME);
    process.env.USBMUXD_SOCKET_ADDRESS = fixture.server.address;
    engine = createEngine({ watchDevices: true, backupFolder: join(fixture.dir, 'backups'), settingsFile: join(fixture.dir, 'settings.json'), trashItem: async () => undefined });
    running.push(() => engine.close());
    engine.events.subscribe((channel, payload) => {
      const event = payload as JobEvent;
      if (channel === 'jobs:event' && (event.type === 'done' || event.type === 'failed' || event.type === 'cancelled')) ended.set(event.jobId, event);
    });
    for (const device of devices.slice(0, 2)) {
      await finished((await engine.handlers['devices:pair']({ udid: device.udid })).jobId);
      await finished((await engine.handlers['backup:start']({ udid: device.udid })).jobId);
    }
    const [first] = await engine.handlers['library:list']({});
    await engine.handlers['library:archive']({ id: first!.id });
    app = await openAppFor(running, engine, SIZES[1]);
    page = app.page;
  });

  after(() => stopSuite(running));

  test('every screen and dialog', async () => {
    await checkScreen('devices-overview', () => sidebar().getByRole('button', { name: /^All Devices/ }).click());
    for (const tab of ['General', 'Info', 'Profiles']) {
      await checkScreen(`device-${tab.toLowerCase()}`, async () => {
        await sidebar().getByRole('button', { name: new RegExp(LONG_NAME.slice(0, 20)) }).click();
        await page.getByRole('tab', { name: tab }).click();
      });
    }
    await checkScreen('restore-wizard', async () => {
      await sidebar().getByRole('button', { name: new RegExp(LONG_NAME.slice(0, 20)) }).click();
      await page.getByRole('tab', { name: 'General' }).click();
      await page.getByRole('button', { name: 'Restore Backup…' }).click();
      // The archive never looks like a current backup among the choices.
      await page.getByRole('dialog').locator('.backup-choice-detail', { hasText: /^Archived · / }).waitFor();
    });
    await page.keyboard.press('Escape');
    await checkScreen('backups', async () => {
      await sidebar().getByRole('button', { name: 'All backups' }).click();
      await page.getByRole('table', { name: 'Backups by device' }).locator('tbody tr').first().click();
    });
    await checkScreen('backup-browser', async () => {
      await page.getByRole('toolbar', { name: 'Backup actions' }).getByRole('button', { name: 'Browse' }).click();
      await page.locator('.backup-browser').waitFor();
    });
    await checkScreen('clone', () => sidebar().getByRole('button', { name: /^Clone/ }).click());
    await checkScreen('settings', () => sidebar().getByRole('button', { name: 'Settings' }).click());
    // Hidden, the sidebar gives the main pane the whole window; Control-Alt-S brings it back, and hides it again.
    await checkScreen('backups-sidebar-hidden', async () => {
      await sidebar().getByRole('button', { name: 'All backups' }).click();
      await page.getByRole('button', { name: 'Hide Sidebar' }).click();
      await sidebar().waitFor({ state: 'detached' });
    });
    await page.keyboard.press('Control+Alt+KeyS');
    await sidebar().waitFor();
    await page.keyboard.press('Control+Alt+KeyS');
    await sidebar().waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Show Sidebar' }).click();
    await sidebar().waitFor();
    assert.deepEqual(found, []);
    assert.deepEqual(app.errors, []);
  });
});
