/**
 * Restore and clone end to end: four virtual devices (a golden one and three targets, in-process, small
 * and throttled) behind the real engine and the loopback bridge, the built renderer in Chromium. The
 * restore wizard from a backup's "Restore to…": the pre-flight refuses while Find My is on (✕ with its
 * fix), passes after "Check Again", the review wants the managed-device consequence ticked, then the
 * progress and Done. The clone grid: three targets with "Loaner {n}", one with Find My on shows it and
 * is retried, the others reach Done renamed, and the CSV report is saved where the host's dialog says.
 * From a device page's "Restore Backup…", an encrypted backup: its password waits for the Password step,
 * a wrong one is refused and not kept.
 * Screenshots of every step go to test-results/.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { createEngine, type Engine } from '../../electron/engine/api/handlers.ts';
import { startFixture, type Fixture } from '../helpers/fixture.ts';
import type { DeviceState } from '../virtual-device/device.ts';
import { jobWaiter } from './job-waiter.ts';
import { chromiumMissingReason, openAppFor, RENDERER_DIR, RESULTS_DIR, stopSuite, type AppPage, type SuiteStops } from './browser.ts';

const skip = chromiumMissingReason();
const PASSWORD = 'golden-cart-2026';
const shot = (page: Page, name: string) => page.screenshot({ path: `${RESULTS_DIR}restore-clone-${name}.png` });

describe('the restore wizard and the clone grid in Chromium, with a golden and three target devices', { skip }, () => {
  let fixture: Fixture;
  let engine: Engine;
  let app: AppPage;
  let page: Page;
  let golden: DeviceState;
  let targets: DeviceState[];
  let reports: string;
  let finished: (jobId: string) => Promise<void>;
  /** What `after` stops, last started first. */
  const running: SuiteStops = [];

  /** Whether `target` holds a sample of the golden device's user files, byte for byte. */
  function holdsGoldenFiles(target: DeviceState): void {
    const files = golden.store.list().filter((entry) => entry.kind === 'file' && !entry.excludedFromBackup && !entry.encryptedOnly && entry.domain.startsWith('AppDomain'));
    assert.ok(files.length > 5, `golden files: ${files.length}`);
    for (const entry of files.slice(0, 12)) {
      assert.ok(target.store.get(entry.domain, entry.relativePath), `${entry.domain}/${entry.relativePath} is on ${target.udid}`);
      assert.deepEqual(readFileSync(target.store.pathOf(entry.domain, entry.relativePath)), readFileSync(golden.store.pathOf(entry.domain, entry.relativePath)));
    }
  }

  before(async () => {
    assert.ok(existsSync(`${RENDERER_DIR}/index.html`), 'the renderer is not built: run `node scripts/build.mjs --renderer`');
    // A few MB at 6 MB/s per device: each restore lasts a moment, long enough to show its progress.
    fixture = await startFixture({ devices: 4, profile: ['golden', 'personal'], dataMb: 6, throttleMbps: 6 });
    running.push(() => fixture.close());
    [golden, ...targets] = fixture.server.devices as DeviceState[] as [DeviceState, ...DeviceState[]];
    reports = join(fixture.dir, 'Reports');
    mkdirSync(reports);
    process.env.USBMUXD_SOCKET_ADDRESS = fixture.server.address;
    engine = createEngine({
      watchDevices: true,
      backupFolder: join(fixture.dir, 'backups'),
      settingsFile: join(fixture.dir, 'settings.json'),
      chooseFolder: async () => reports,
    });
    running.push(() => engine.close());
    finished = jobWaiter(engine);
    for (const device of [golden, ...targets]) await finished((await engine.handlers['devices:pair']({ udid: device.udid })).jobId);
    await finished((await engine.handlers['backup:start']({ udid: golden.udid })).jobId);
    // The virtual devices run different iOS versions; a target older than the backup is refused (its own test).
    for (const target of targets) target.values['']!.ProductVersion = golden.values['']!.ProductVersion;
    app = await openAppFor(running, engine);
    page = app.page;
  });

  after(() => stopSuite(running));

  const sidebar = () => page.getByRole('navigation', { name: 'Sidebar' });
  const isDisabled = (locator: Locator) => locator.isDisabled();

  test('restore wizard: choose, the check refuses with Find My on and passes after Check Again, review, restore, done', async () => {
    const [target] = targets as [DeviceState];
    assert.equal(fixture.server.status().find((device) => device.udid === target.udid)?.findMy, true, 'virtual devices start with Find My on');
    await sidebar().getByRole('button', { name: 'All backups' }).click();
    await page.getByRole('table', { name: 'Backups by device' }).locator('tbody tr').first().click();
    await page.getByRole('toolbar', { name: 'Backup actions' }).getByRole('button', { name: 'Restore to…' }).click();

    const wizard = page.getByRole('dialog', { name: 'Restore from Backup' });
    await wizard.getByRole('listitem').filter({ hasText: 'Choose Backup' }).and(wizard.locator('[aria-current="step"]')).waitFor();
    assert.equal(await wizard.getByRole('radio').first().isChecked(), true, 'the backup it was opened on is chosen');
    await wizard.getByLabel('Restore onto').selectOption(target.udid);
    await shot(page, '1-choose');
    await wizard.getByRole('button', { name: 'Continue' }).click();

    const checks = wizard.getByRole('list', { name: 'Checks' });
    const findMy = checks.getByRole('listitem').filter({ hasText: 'Find My is on' });
    await findMy.waitFor();
    assert.match(await findMy.innerText(), /Settings > \[your name\] > Find My/);
    assert.equal(await findMy.getByRole('img', { name: 'Must be fixed' }).count(), 1);
    assert.ok(await isDisabled(wizard.getByRole('button', { name: 'Continue' })), 'a ✕ stops the wizard');
    await wizard.getByRole('status').filter({ hasText: '1 item must be fixed' }).waitFor();
    await shot(page, '2-check-find-my');

    fixture.server.setFindMy(target.udid, false);
    await wizard.getByRole('button', { name: 'Check Again' }).click();
    await checks.getByRole('listitem').filter({ hasText: 'Find My is off' }).waitFor();
    assert.equal(await checks.getByRole('img', { name: 'Must be fixed' }).count(), 0);
    await shot(page, '3-check-ok');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, '3-check-ok-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await wizard.getByRole('button', { name: 'Continue' }).click();

    // Not encrypted: no Password step. The review: the options' defaults and the consequence to tick.
    await wizard.locator('[aria-current="step"]').filter({ hasText: 'Review' }).waitFor();
    assert.equal(await wizard.getByRole('listitem').filter({ hasText: 'Password' }).count(), 0);
    assert.equal(await wizard.getByRole('checkbox', { name: 'Restore settings' }).isChecked(), true);
    assert.equal(await wizard.getByRole('checkbox', { name: 'Restore system files' }).isChecked(), true);
    assert.equal(await wizard.getByRole('checkbox', { name: 'Remove items not in the backup' }).isChecked(), false);
    assert.equal(await wizard.getByRole('checkbox', { name: 'Restart when done' }).isChecked(), true);
    const restore = wizard.getByRole('button', { name: 'Restore', exact: true });
    assert.ok(await isDisabled(restore), 'the serious consequence is not ticked yet');
    await wizard.getByRole('checkbox', { name: /management configuration and MDM enrollment are removed/ }).check();
    await shot(page, '4-review');
    await restore.click();

    await wizard.getByText(/Keep the (iPhone|iPad) connected|Restore finished/).first().waitFor();
    await shot(page, '5-restoring');
    const done = wizard.getByRole('status').filter({ hasText: 'Restore finished' });
    await done.waitFor({ timeout: 60_000 });
    assert.match(await wizard.innerText(), /The (iPhone|iPad) restarts\.[\s\S]*Set up a new passcode and Face ID/);
    await shot(page, '6-done');
    holdsGoldenFiles(target);
    await wizard.getByRole('button', { name: 'Close' }).click();
    await wizard.waitFor({ state: 'detached' });
  });

  test('clone grid: three targets named "Loaner {n}", one refused for Find My and retried, the CSV report saved', async () => {
    const [first, second, third] = targets as [DeviceState, DeviceState, DeviceState];
    fixture.server.setFindMy(first.udid, true);
    fixture.server.setFindMy(second.udid, false);
    fixture.server.setFindMy(third.udid, false);
    await sidebar().getByRole('button', { name: 'Clone' }).click();
    const pane = page.getByRole('region', { name: 'Clone', exact: true });
    await pane.getByLabel('Golden backup').locator('option').first().waitFor({ state: 'attached' });

    await pane.getByRole('button', { name: 'Review what it carries…' }).click();
    const review = page.getByRole('dialog', { name: 'What this backup carries' });
    await review.locator('.facts').waitFor();
    await shot(page, '7-golden-review');
    await review.getByRole('button', { name: 'Done' }).click();
    await review.waitFor({ state: 'detached' });

    await pane.getByLabel('Name devices').fill('Loaner {n}');
    await pane.getByLabel('Devices at once').selectOption('3');
    assert.equal(await pane.getByRole('checkbox', { name: 'Remove items not in the backup' }).isChecked(), false, 'the restore wizard’s default: nothing removed unless asked');
    const devices = pane.getByRole('group', { name: 'Connected devices' });
    for (const target of targets) await devices.locator(`input[type="checkbox"][value="${target.udid}"]`).check();
    const start = pane.getByRole('button', { name: 'Start', exact: true });
    assert.ok(await isDisabled(start), 'the consequences are not confirmed yet');
    await pane.getByRole('checkbox', { name: /I understand/ }).check();
    await shot(page, '8-clone-setup');
    await start.click();

    const tile = (device: DeviceState) => pane.locator(`.clone-tile[data-udid="${device.udid}"]`);
    const chip = (device: DeviceState) => tile(device).locator('.chip');
    await pane.locator('.clone-tile').first().waitFor();
    await shot(page, '9-clone-running');
    await chip(first).filter({ hasText: 'Find My on' }).waitFor({ timeout: 30_000 });
    assert.match(await tile(first).innerText(), /Find My/);
    for (const device of [second, third]) await chip(device).filter({ hasText: /^Done$/ }).waitFor({ timeout: 60_000 });
    await pane.getByRole('status').filter({ hasText: /^2 done · 1 failed$/ }).waitFor();
    // {n} counts the devices restored: the refused one took no number.
    assert.deepEqual([second.name, third.name].sort(), ['Loaner 1', 'Loaner 2']);
    await shot(page, '10-clone-done');

    fixture.server.setFindMy(first.udid, false);
    await tile(first).getByRole('button', { name: /^Retry/ }).click();
    await chip(first).filter({ hasText: /^Done$/ }).waitFor({ timeout: 60_000 });
    assert.equal(first.name, 'Loaner 3', 'the retried device gets the next number');
    await pane.getByRole('status').filter({ hasText: /^3 done · 0 failed$/ }).waitFor();
    for (const device of targets) holdsGoldenFiles(device);

    await pane.getByRole('button', { name: 'Export CSV' }).click();
    await pane.getByRole('status').filter({ hasText: 'Report saved' }).waitFor();
    const saved = readdirSync(reports).filter((name) => name.endsWith('.csv'));
    assert.equal(saved.length, 1);
    const rows = readFileSync(join(reports, saved[0]!), 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.equal(rows[0], 'Serial,UDID,Name,Result,Duration (seconds),Error');
    assert.equal(rows.filter((row) => row.includes(',done,')).length, 3);
    await shot(page, '11-clone-report');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, '12-clone-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    assert.deepEqual(app.errors, []);
  });

  test('from a device page, an encrypted backup: its password waits for its step, a wrong one is refused, the right one opens the review', async () => {
    const [, second, third] = targets as [DeviceState, DeviceState, DeviceState];
    await finished((await engine.handlers['encryption:change']({ udid: second.udid, action: 'on', newPassword: PASSWORD })).jobId);
    await finished((await engine.handlers['backup:start']({ udid: second.udid })).jobId);
    // From a device page: the wizard offers that device's own backup and the device itself.
    await sidebar().getByRole('button', { name: new RegExp(`^${golden.name}`) }).click();
    await page.getByRole('article', { name: golden.name }).getByRole('button', { name: 'Restore Backup…' }).click();
    const wizard = page.getByRole('dialog', { name: 'Restore from Backup' });
    assert.equal(await wizard.getByRole('radio', { name: new RegExp(golden.name) }).isChecked(), true);
    assert.equal(await wizard.getByLabel('Restore onto').inputValue(), golden.udid);
    await wizard.getByRole('radio', { name: new RegExp(second.name) }).check();
    await wizard.getByLabel('Restore onto').selectOption(third.udid);
    await wizard.getByRole('button', { name: 'Continue' }).click();
    const password = wizard.getByRole('list', { name: 'Checks' }).getByRole('listitem').filter({ hasText: 'The backup is encrypted' });
    await password.getByRole('img', { name: 'Next step' }).waitFor();
    assert.equal(await wizard.getByRole('listitem').filter({ hasText: 'Password' }).and(wizard.locator('.wizard-step')).count(), 1, 'the Password step is on the way');
    await shot(page, '13-check-encrypted');
    await wizard.getByRole('button', { name: 'Continue' }).click();

    await wizard.getByLabel('Backup password').fill('not the password');
    await wizard.getByLabel('Backup password').press('Enter');
    await wizard.getByRole('alert').filter({ hasText: 'That password is not right for this backup.' }).waitFor();
    assert.equal(await wizard.getByLabel('Backup password').inputValue(), '', 'a wrong password is not kept');
    await shot(page, '14-password-wrong');
    await wizard.getByLabel('Backup password').fill(PASSWORD);
    await wizard.getByRole('button', { name: 'Continue' }).click();
    await wizard.locator('[aria-current="step"]').filter({ hasText: 'Review' }).waitFor();
    await shot(page, '15-review-encrypted');
    // Back on the Password step the field still holds the checked password until the wizard closes.
    await wizard.getByRole('button', { name: 'Back' }).click();
    assert.equal(await wizard.getByLabel('Backup password').inputValue(), PASSWORD);
    await wizard.getByRole('button', { name: 'Cancel' }).click();
    await wizard.waitFor({ state: 'detached' });
    assert.deepEqual(app.errors, []);
  });
});
