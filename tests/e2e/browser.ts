/**
 * Launches Debian's Chromium for E2E tests with Playwright. In CI a missing browser is a failure;
 * elsewhere the caller skips with the reason.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Engine } from '../../electron/engine/api/handlers.ts';
import { startBridge, type Bridge } from '../../electron/web-bridge/server.ts';

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

/** The built renderer served by the bridge in E2E tests. */
export const RENDERER_DIR = new URL('../../dist/renderer', import.meta.url).pathname;

/** A page showing the app over the bridge, with every page error and console error collected. */
export interface AppPage {
  page: Page;
  bridge: Bridge;
  errors: string[];
  close(): Promise<void>;
}

/** Serves `engine` over a new bridge and opens the app in a new page of `browser` (`initScript` runs before the app's). */
export async function openApp(browser: Browser, engine: Engine, viewport = { width: 1100, height: 760 }, initScript?: string): Promise<AppPage> {
  const bridge = await startBridge({ engine, staticDir: RENDERER_DIR });
  const page = await browser.newPage({ viewport });
  if (initScript) await page.addInitScript(initScript);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(bridge.url);
  return {
    page,
    bridge,
    errors,
    close: async () => {
      await page.close();
      await bridge.close();
    },
  };
}

/** What a suite started, as functions that stop it; run newest first when the suite ends. */
export type SuiteStops = (() => Promise<unknown>)[];

/** Launches Chromium and opens the app over a new bridge; both are stopped with the suite. */
export async function openAppFor(stops: SuiteStops, engine: Engine, viewport?: { width: number; height: number }): Promise<AppPage> {
  const browser = await launchChromium();
  stops.push(() => browser.close());
  const app = await openApp(browser, engine, viewport);
  stops.push(() => app.close());
  return app;
}

/** Stops what a suite started, newest first, and forgets the usbmuxd address it pointed the engine at. */
export async function stopSuite(stops: SuiteStops): Promise<void> {
  for (const stop of stops.reverse()) await stop();
  delete process.env.USBMUXD_SOCKET_ADDRESS;
}
