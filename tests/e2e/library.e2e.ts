/**
 * The Backups pane end to end, kept light: real backups of a virtual device (a backup, an archive, two
 * versions) behind the engine and the bridge, the built renderer in Chromium. The group folds its older
 * backups under the newest; Archive adds a row; Delete asks, then hands exactly that folder to the host's
 * Trash; Verify checks the selected backup and finds a file taken away; an added location that is not plugged
 * in shows as not connected. Screenshots go to test-results/.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createEngine, type Engine } from '../../electron/engine/api/handlers.ts';
import type { JobEvent } from '../../shared/jobs.ts';
import { startFixture } from '../helpers/fixture.ts';
import type { DeviceStatus } from '../virtual-device/server.ts';
import { chromiumMissingReason, openAppFor, RENDERER_DIR, RESULTS_DIR, stopSuite, type AppPage, type SuiteStops } from './browser.ts';

const skip = chromiumMissingReason();

describe('the Backups pane in Chromium: grouped by device, archive, delete to the Trash', { skip }, () => {
  let engine: Engine;
  let app: AppPage;
  let page: Page;
  let device: DeviceStatus;
  const trashed: string[] = [];
  const ended = new Map<string, JobEvent>();
  /** What `after` stops, last started first. */
  const running: SuiteStops = [];

  async function finished(jobId: string): Promise<void> {
    while (!ended.has(jobId)) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(ended.get(jobId)?.type, 'done', JSON.stringify(ended.get(jobId)));
  }

  before(async () => {
    assert.ok(existsSync(`${RENDERER_DIR}/index.html`), 'the renderer is not built: run `node scripts/build.mjs --renderer`');
    const fixture = await startFixture({ devices: 1 });
    running.push(() => fixture.close());
    [device] = fixture.server.status() as [DeviceStatus];
    process.env.USBMUXD_SOCKET_ADDRESS = fixture.server.address;
    const trash = join(fixture.dir, 'Trash');
    mkdirSync(trash);
    engine = createEngine({
      watchDevices: true,
      backupFolder: join(fixture.dir, 'backups'),
      settingsFile: join(fixture.dir, 'settings.json'),
      // An external disk that is not plugged in now.
      chooseFolder: async () => join(fixture.dir, 'Unplugged Disk'),
      trashItem: async (path) => {
        trashed.push(path);
        renameSync(path, join(trash, basename(path)));
      },
    });
    running.push(() => engine.close());
    engine.events.subscribe((channel, payload) => {
      const event = payload as JobEvent;
      if (channel === 'jobs:event' && (event.type === 'done' || event.type === 'failed' || event.type === 'cancelled')) ended.set(event.jobId, event);
    });
    await finished((await engine.handlers['devices:pair']({ udid: device.udid })).jobId);
    await engine.handlers['settings:setKeepVersions']({ count: 2 });
    for (let round = 0; round < 3; round++) await finished((await engine.handlers['backup:start']({ udid: device.udid })).jobId);
    app = await openAppFor(running, engine);
    page = app.page;
  });

  after(() => stopSuite(running));

  test('one row per device, its two versions folded under it; Archive adds an archived row; Delete moves it to the Trash', async () => {
    await page.getByRole('navigation', { name: 'Sidebar' }).getByRole('button', { name: 'All backups' }).click();
    const table = page.getByRole('table', { name: 'Backups by device' });
    const rows = table.locator('tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 1, 'the versions are folded');
    assert.match(await rows.first().innerText(), /Complete/);
    await table.getByRole('button', { name: new RegExp(`Show 2 older backups of ${device.name}`) }).click();
    assert.equal(await rows.count(), 3);
    assert.deepEqual((await rows.locator('.library-state').allInnerTexts()).map((text) => text.trim()), ['Complete', 'Version', 'Version']);

    await rows.first().click();
    assert.equal(await rows.first().getAttribute('aria-selected'), 'true');
    const actions = page.getByRole('toolbar', { name: 'Backup actions' });
    assert.equal(await actions.getByRole('button', { name: 'Show in Folder' }).count(), 0, 'hidden without the host capability');
    await actions.getByRole('button', { name: 'Archive' }).click();
    await page.getByRole('status').filter({ hasText: 'Archived' }).waitFor();
    await table.getByRole('button', { name: new RegExp(`Hide 3 older backups of ${device.name}`) }).waitFor();
    await page.screenshot({ path: `${RESULTS_DIR}library-grouped.png` });

    const archived = rows.filter({ has: page.locator('.library-state', { hasText: 'Archived' }) });
    await archived.click();
    const archive = (await engine.handlers['library:list']({})).find((backup) => backup.state === 'archived');
    assert.ok(archive);
    await actions.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Move this backup to the Trash?' });
    await dialog.waitFor();
    await page.screenshot({ path: `${RESULTS_DIR}library-delete.png` });
    await dialog.getByRole('button', { name: 'Move to Trash' }).click();
    await page.getByRole('status').filter({ hasText: 'moved to the Trash' }).waitFor();
    assert.deepEqual(trashed, [archive.path]);
    await table.getByRole('button', { name: new RegExp(`Hide 2 older backups of ${device.name}`) }).waitFor();
  });

  test('Verify from the toolbar checks the selected backup, no password asked; a damaged one says what is wrong', async () => {
    const table = page.getByRole('table', { name: 'Backups by device' });
    const actions = page.getByRole('toolbar', { name: 'Backup actions' });
    await table.locator('tbody tr').first().click();
    await actions.getByRole('button', { name: 'Verify' }).click();
    const dialog = page.getByRole('dialog', { name: 'Verify backup' });
    await dialog.getByText(/^No problems found\./).waitFor();
    await page.screenshot({ path: `${RESULTS_DIR}library-verify.png` });
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    // A file of the newest backup taken away: Verify finds it missing.
    const newest = (await engine.handlers['library:list']({})).find((backup) => backup.state === 'complete');
    assert.ok(newest);
    const [shard] = readdirSync(newest.path).filter((name) => /^[0-9a-f]{2}$/.test(name));
    const [file] = readdirSync(join(newest.path, shard!));
    rmSync(join(newest.path, shard!, file!));
    await actions.getByRole('button', { name: 'Verify' }).click();
    await dialog.getByText(/problem/).first().waitFor();
    assert.match(await dialog.innerText(), /missing/);
    await dialog.getByRole('button', { name: 'Done' }).click();
  });

  test('Settings: an added location that is not there shows as not connected, and the Backups pane says so', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Add Location…' }).click();
    const locations = page.getByRole('list', { name: 'Library locations' });
    await locations.getByRole('listitem').filter({ hasText: 'Unplugged Disk' }).filter({ hasText: 'Not connected' }).waitFor();
    await page.getByLabel('Keep').selectOption({ label: 'The last 2 earlier backups' });
    await page.screenshot({ path: `${RESULTS_DIR}settings-locations.png` });
    await page.getByRole('navigation', { name: 'Sidebar' }).getByRole('button', { name: 'All backups' }).click();
    await page.getByRole('status').filter({ hasText: /Not connected: .*Unplugged Disk/ }).waitFor();
    assert.deepEqual(app.errors, []);
  });
});
