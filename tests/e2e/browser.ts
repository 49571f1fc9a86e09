/**
 * Launches Debian's Chromium for E2E tests with Playwright. In CI a missing browser is a failure;
 * elsewhere the caller skips with the reason.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Where Debian's chromium package puts the browser. */
export const CHROMIUM_PATH = process.env.CRADLE_CHROMIUM ?? '/usr/bin/chromium';

/** Screenshots and other artefacts of E2E runs. */
export const RESULTS_DIR = new URL('../../test-results/', import.meta.url).pathname;

/** Why E2E cannot run here, or undefined when it can. Throws in CI, where a missing browser is a failure. */
export function chromiumMissingReason(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  const reason = `Chromium not found at ${CHROMIUM_PATH}: install Debian's chromium package (apt-get install chromium)`;
  if (process.env.CI) throw new Error(`${reason}. In CI a missing browser is a failure.`);
  return reason;
}

/** Starts headless Chromium with the flags this machine needs. */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}
