import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { _electron } from 'playwright-core';
import { RESULTS_DIR } from './browser.ts';

const root = new URL('../..', import.meta.url).pathname;

/** The installed Electron binary; read from path.txt because `require('electron')` would start a download. */
function electronBinary(): string | undefined {
  try {
    const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const binary = join(dir, 'dist', readFileSync(join(dir, 'path.txt'), 'utf8').trim());
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
const skip = binary
  ? undefined
  : 'SKIPPED: the Electron binary is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD or no network); the same renderer is tested in Chromium';
if (skip) console.log(`electron-app.e2e: ${skip}`);

test('the Electron app opens a secure window with the sidebar', { skip }, async () => {
  assert.equal(spawnSync(process.execPath, [`${root}scripts/build.mjs`], { stdio: 'inherit' }).status, 0);
  const app = await _electron.launch({ executablePath: binary, args: [root, '--no-sandbox'] });
  try {
    const page = await app.firstWindow();
    await page.getByRole('heading', { name: 'Devices' }).waitFor();
    const isolation = await page.evaluate(() => ({
      hasApi: typeof (globalThis as { cradle?: { invoke?: unknown } }).cradle?.invoke === 'function',
      hasNode: typeof (globalThis as { process?: unknown }).process !== 'undefined',
      hasRequire: typeof (globalThis as { require?: unknown }).require !== 'undefined',
    }));
    assert.deepEqual(isolation, { hasApi: true, hasNode: false, hasRequire: false });
    const before = page.url();
    await page.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
    });
    assert.equal(page.url(), before);
    await page.screenshot({ path: `${RESULTS_DIR}electron-app.png` });
  } finally {
    await app.close();
  }
});
