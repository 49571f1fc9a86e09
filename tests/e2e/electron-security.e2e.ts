/**
 * The built renderer under its Content-Security-Policy in Chromium: the app renders its screens with zero
 * `securitypolicyviolation` events, the built page's policy is the strict one, and the policy really
 * blocks what it must (an injected inline script, a remote script, an inline event handler), which also
 * proves the listener hears. (Code run by the test through DevTools is exempt from the CSP, so eval is
 * not tested here; the zero-violation render shows the app itself never needs it.)
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { createEngine, type Engine } from '../../electron/engine/api/handlers.ts';
import { RENDERER_CSP } from '../../electron/web-bridge/static-files.ts';
import { fakeBackup } from '../helpers/fake-backup.ts';
import { tally } from '../helpers/reliability-tally.ts';
import { chromiumMissingReason, launchChromium, openApp, RENDERER_DIR, type AppPage } from './browser.ts';

const skip = chromiumMissingReason();

/** Collects every CSP violation of the page, from before the app's own script runs. */
const LISTEN = `window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));`;

describe('the renderer under its CSP in Chromium', { skip }, () => {
  let browser: Browser;
  let engine: Engine;
  let app: AppPage;
  const dir = mkdtempSync(join(tmpdir(), 'cradle-e2e-csp-'));

  before(async () => {
    assert.ok(existsSync(`${RENDERER_DIR}/index.html`), 'the renderer is not built: run `node scripts/build.mjs --renderer`');
    fakeBackup(join(dir, 'backups', '00008120-00080A86D7FDAF0B'), new Date('2025-01-02T03:04:05Z'));
    process.env.USBMUXD_SOCKET_ADDRESS = `UNIX:${join(dir, 'no-usbmuxd')}`;
    engine = createEngine({ backupFolder: join(dir, 'backups') });
    browser = await launchChromium();
    app = await openApp(browser, engine, undefined, LISTEN);
  });

  after(async () => {
    await app?.close();
    await browser?.close();
    await engine?.close();
    delete process.env.USBMUXD_SOCKET_ADDRESS;
    rmSync(dir, { recursive: true, force: true });
  });

  const violations = () => app.page.evaluate(() => (globalThis as unknown as { __violations: string[] }).__violations.splice(0));

  test('the built page carries the strict policy and no inline script', () => {
    const html = readFileSync(join(RENDERER_DIR, 'index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    assert.equal(`${meta}; frame-ancestors 'none'`, RENDERER_CSP, 'the built page keeps the policy the bridge serves');
    for (const script of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? []) assert.match(script, /\bsrc="\.\/assets\/[^"]+"[^>]*><\/script>$/);
  });

  test('the screens render with zero CSP violations', async () => {
    const { page } = app;
    const sidebar = page.getByRole('navigation', { name: 'Sidebar' });
    await sidebar.getByRole('heading', { name: 'Devices' }).waitFor();
    engine.events.emit('devices:changed', { devices: [{ udid: '00008030-001A2B3C4D5E6F70', connection: 'usb', name: 'Anna’s iPhone', productType: 'iPhone15,2', state: 'trust-needed' }] });
    await sidebar.getByRole('button', { name: /Anna’s iPhone/ }).waitFor();
    await page.getByRole('table', { name: 'Connected devices' }).waitFor();
    await sidebar.getByRole('button', { name: 'Clone' }).click();
    await page.getByRole('heading', { name: 'Clone', level: 1 }).waitFor();
    await sidebar.getByRole('button', { name: 'All backups' }).click();
    await page.getByRole('table', { name: 'Backups by device' }).waitFor();
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('list', { name: 'Library locations' }).waitFor();
    assert.deepEqual(await violations(), []);
    assert.deepEqual(app.errors.filter((error) => /Content.Security.Policy|Refused to/i.test(error)), []);
    const isolation = await page.evaluate(() => ({ require: typeof (globalThis as { require?: unknown }).require, process: typeof (globalThis as { process?: unknown }).process }));
    assert.deepEqual(isolation, { require: 'undefined', process: 'undefined' }, 'no Node in the page');
  });

  test('the policy blocks an injected inline script, a remote script and an inline event handler', async () => {
    // Page code as text: the Node typecheck has no DOM types.
    const outcome = await app.page.evaluate(`(async () => {
      window.__ran = [];
      const inline = document.createElement('script');
      inline.textContent = '__ran.push("inline")';
      document.head.append(inline);
      const remote = document.createElement('script');
      remote.src = 'https://example.com/evil.js';
      const loaded = new Promise((resolve) => { remote.onerror = () => resolve('blocked'); remote.onload = () => resolve('loaded'); });
      document.head.append(remote);
      const button = document.createElement('button');
      button.setAttribute('onclick', '__ran.push("handler")');
      document.body.append(button);
      button.click();
      button.remove();
      return { ran: window.__ran, remote: await loaded };
    })()`);
    assert.deepEqual(outcome, { ran: [], remote: 'blocked' });
    await app.page.waitForFunction(() => (globalThis as unknown as { __violations: string[] }).__violations.length >= 3);
    const seen = await violations();
    assert.ok(seen.some((v) => v.startsWith('script-src') && v.endsWith('inline')), seen.join('; '));
    assert.ok(seen.some((v) => v.includes('https://example.com/evil.js')), seen.join('; '));
    assert.ok(seen.some((v) => v.startsWith('script-src-attr') && v.endsWith('inline')), seen.join('; '));
    tally('electron', 'CSP in Chromium: screens with zero violations, injected scripts blocked', { cases: 4, inputs: 3 });
  });
});
