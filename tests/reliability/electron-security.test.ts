/**
 * The Electron security checklist, tested on our own main-process and preload code loaded in plain Node
 * with a recording stand-in for `electron` (tests/helpers/fake-electron.ts): the window's web preferences,
 * the policy (navigation, redirects, webviews, window.open, permissions, network requests all refused;
 * only https links reach the OS browser), the IPC sender check in front of every channel, the preload's
 * surface, and the renderer's Content-Security-Policy. What only a real Electron can show (that Chromium
 * enforces these settings) is tested by tests/e2e/electron-app.e2e.ts when the binary is installed.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { build } from 'esbuild';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../shared/ipc/channels.ts';
import type { CradleApi } from '../../shared/ipc/contract.ts';
import type { Result } from '../../shared/ipc/result.ts';
import { createEngine, type Engine } from '../../electron/engine/api/handlers.ts';
import { RENDERER_CSP } from '../../electron/web-bridge/static-files.ts';
import { contextBridge, ipcMain, ipcRenderer, session, shell, useFakeElectron, type BrowserWindow, type FakeWebContents } from '../helpers/fake-electron.ts';
import { tally } from '../helpers/reliability-tally.ts';

useFakeElectron();
const { createMainWindow, RENDERER_URL } = await import('../../electron/main/window.ts');
const { applySecurityPolicy } = await import('../../electron/main/security.ts');
const { registerIpc } = await import('../../electron/main/ipc.ts');

const root = new URL('../..', import.meta.url).pathname;
let dir: string;
let engine: Engine;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cradle-electron-security-'));
  process.env.USBMUXD_SOCKET_ADDRESS = `UNIX:${path.join(dir, 'no-usbmuxd')}`;
  engine = createEngine({ backupFolder: path.join(dir, 'backups'), settingsFile: path.join(dir, 'settings.json') });
  applySecurityPolicy();
});

after(async () => {
  await engine.close();
  delete process.env.USBMUXD_SOCKET_ADDRESS;
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the main window: context isolation, sandbox, no Node, web security, and only the local page', () => {
  const window = createMainWindow() as unknown as BrowserWindow;
  const prefs = window.options.webPreferences as Record<string, unknown>;
  const required = { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true };
  for (const [key, value] of Object.entries(required)) assert.equal(prefs[key], value, key);
  // Settings that would undo the above must not be turned on.
  for (const key of ['nodeIntegrationInWorker', 'nodeIntegrationInSubFrames', 'allowRunningInsecureContent', 'webviewTag', 'experimentalFeatures', 'enableBlinkFeatures']) {
    assert.ok(!prefs[key], `${key} must stay off`);
  }
  assert.match(String(prefs.preload), /\/preload\/index\.cjs$/);
  assert.equal(window.loadedUrl, RENDERER_URL);
  assert.equal(new URL(RENDERER_URL).protocol, 'file:', 'the window loads a local file, never remote content');
  tally('electron', 'window web preferences checked', { cases: Object.keys(required).length + 6 });
});

test('navigation, redirects, webviews and new windows are refused; only https links go to the OS browser', () => {
  const contents = (createMainWindow() as unknown as BrowserWindow).webContents;
  const urls = [
    'https://example.com/',
    'http://example.com/',
    'file:///etc/passwd',
    `${RENDERER_URL}#/elsewhere`,
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'smb://host/share',
    'chrome://settings',
    'about:blank',
    'not a url',
  ];
  shell.opened.length = 0;
  let refused = 0;
  for (const url of urls) {
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      assert.equal(contents.fireCancellable(event, url), true, `${event} ${url}`);
      refused += 1;
    }
    assert.deepEqual(contents.windowOpenHandler?.({ url }), { action: 'deny' }, `window.open ${url}`);
  }
  assert.deepEqual(shell.opened, ['https://example.com/'], 'only the https link went to the OS browser');
  tally('electron', 'navigation / redirect / webview / window.open refused', { cases: 4, inputs: refused + urls.length });
});

test('every permission request and check is denied; network requests are cancelled, local ones are not', () => {
  const defaults = session.defaultSession;
  const permissions = ['media', 'geolocation', 'notifications', 'midi', 'clipboard-read', 'clipboard-sanitized-write', 'display-capture', 'fullscreen', 'pointerLock', 'openExternal', 'hid', 'serial', 'usb', 'idle-detection', 'storage-access', 'unknown'];
  for (const permission of permissions) {
    let granted: boolean | undefined;
    defaults.permissionRequest?.({}, permission, (answer) => (granted = answer), {});
    assert.equal(granted, false, `request ${permission}`);
    assert.equal(defaults.permissionCheck?.({}, permission), false, `check ${permission}`);
  }
  const answer = (url: string) => {
    let cancel: boolean | undefined;
    defaults.beforeRequest?.({ url }, (response) => (cancel = response.cancel));
    return cancel;
  };
  const remote = ['https://cdn.example.com/x.js', 'http://127.0.0.1:8080/', 'ws://evil.example/', 'wss://evil.example/', 'ftp://host/file'];
  const local = [RENDERER_URL, new URL('assets/index.js', RENDERER_URL).href, 'data:image/png;base64,AAAA', 'blob:file:///1234', 'devtools://devtools/bundled/index.html'];
  for (const url of remote) assert.equal(answer(url), true, url);
  for (const url of local) assert.equal(answer(url), false, url);
  tally('electron', 'permissions denied, network requests cancelled', { cases: 3, inputs: permissions.length * 2 + remote.length + local.length });
});

/** An invoke event as Electron builds it. */
function invokeEvent(contents: FakeWebContents, frame: { url: string } | null = contents.mainFrame) {
  return { sender: contents, senderFrame: frame };
}

test('IPC: every contract channel and nothing else is served, and only to our window’s main frame on our page', async () => {
  const window = createMainWindow() as unknown as BrowserWindow;
  const other = createMainWindow() as unknown as BrowserWindow;
  ipcMain.handlers.clear();
  const unregister = registerIpc(engine, window as never);
  const ran: string[] = [];
  const original = engine.handlers['app:info'];
  engine.handlers['app:info'] = async (request) => {
    ran.push('app:info');
    return original(request);
  };
  try {
    assert.deepEqual([...ipcMain.handlers.keys()].sort(), [...INVOKE_CHANNELS].sort());
    const handler = ipcMain.handlers.get('app:info')!;
    const trusted = (await handler(invokeEvent(window.webContents), {})) as Result<unknown>;
    assert.equal(trusted.ok, true, JSON.stringify(trusted));
    assert.deepEqual(ran, ['app:info']);

    const frame = window.webContents.mainFrame;
    const untrusted: [string, () => unknown][] = [
      ['another window', () => invokeEvent(other.webContents)],
      ['a sub-frame on our page', () => invokeEvent(window.webContents, { url: RENDERER_URL })],
      ['no frame (disposed)', () => invokeEvent(window.webContents, null)],
      ['our main frame showing another page', () => ((frame.url = 'https://evil.example/index.html'), invokeEvent(window.webContents))],
      ['our main frame showing a local file', () => ((frame.url = 'file:///tmp/evil/index.html'), invokeEvent(window.webContents))],
    ];
    for (const [what, event] of untrusted) {
      const answer = (await handler(event(), {})) as Result<unknown>;
      assert.equal(!answer.ok && answer.error.code, 'FORBIDDEN', what);
      frame.url = RENDERER_URL;
    }
    window.destroyed = true;
    const closed = (await handler(invokeEvent(window.webContents), {})) as Result<unknown>;
    assert.equal(!closed.ok && closed.error.code, 'FORBIDDEN', 'a destroyed window');
    assert.deepEqual(ran, ['app:info'], 'no refused request reached the engine');

    window.destroyed = false;
    engine.events.emit('devices:changed', { devices: [] });
    assert.deepEqual(window.webContents.sent, [{ channel: 'devices:changed', payload: { devices: [] } }]);
    assert.deepEqual(other.webContents.sent, [], 'events go to the registered window only');
    tally('electron', 'IPC sender check', { cases: untrusted.length + 2, inputs: untrusted.length + 2 });
  } finally {
    engine.handlers['app:info'] = original;
    unregister();
  }
  assert.equal(ipcMain.handlers.size, 0, 'closing the window removes every handler');
});

test('the preload exposes only window.cradle, passes only contract channels, and never the IPC event', async () => {
  await import('../../electron/preload/index.ts');
  assert.deepEqual([...contextBridge.exposed.keys()], ['cradle']);
  const api = contextBridge.exposed.get('cradle') as CradleApi & Record<string, unknown>;
  assert.deepEqual(Object.keys(api).sort(), ['invoke', 'on']);
  ipcRenderer.invoked.length = 0;
  const refused = await (api.invoke as (channel: string, request: unknown) => Promise<Result<unknown>>)('fs:read', { path: '/etc/passwd' });
  assert.equal(!refused.ok && refused.error.code, 'UNKNOWN_CHANNEL');
  assert.deepEqual(ipcRenderer.invoked, [], 'an unknown channel never reaches main');
  await api.invoke('app:info', {});
  assert.deepEqual(ipcRenderer.invoked, [{ channel: 'app:info', request: {} }]);

  const received: unknown[][] = [];
  const off = (api.on as (channel: string, listener: (...args: unknown[]) => void) => () => void)('jobs:event', (...args) => received.push(args));
  (api.on as (channel: string, listener: () => void) => () => void)('devices:pair', () => assert.fail('not an event channel'));
  assert.equal(ipcRenderer.listenerCount('devices:pair'), 0);
  ipcRenderer.emit('jobs:event', { sender: ipcRenderer, senderFrame: {} }, { jobId: 'x' });
  assert.deepEqual(received, [[{ jobId: 'x' }]], 'the listener gets the payload only, not the event (which holds ipcRenderer)');
  off();
  assert.equal(ipcRenderer.listenerCount('jobs:event'), 0);
  tally('electron', 'preload surface', { cases: 4, inputs: 4 + EVENT_CHANNELS.length });
});

test('the sandboxed preload bundle requires nothing but electron', async () => {
  const bundle = await build({ entryPoints: [path.join(root, 'electron/preload/index.ts')], bundle: true, write: false, platform: 'node', format: 'cjs', external: ['electron'], logLevel: 'silent' });
  const code = bundle.outputFiles[0]!.text;
  const required = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((match) => match[1]);
  assert.deepEqual([...new Set(required)], ['electron']);
  tally('electron', 'preload bundle sandbox-safe', { cases: 1 });
});

/** The directives of a Content-Security-Policy. */
function parseCsp(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

/** Asserts `policy` allows nothing remote and no inline or eval'd script. */
function assertStrictCsp(policy: string, where: string): number {
  const csp = parseCsp(policy);
  assert.deepEqual(csp.get('default-src'), ["'none'"], `${where}: default-src`);
  assert.deepEqual(csp.get('script-src'), ["'self'"], `${where}: scripts only from the app itself`);
  for (const directive of ['base-uri', 'form-action']) assert.deepEqual(csp.get(directive), ["'none'"], `${where}: ${directive}`);
  assert.ok(!csp.has('object-src') || csp.get('object-src')?.join(' ') === "'none'", `${where}: object-src`);
  for (const [name, values] of csp) {
    for (const value of values) {
      assert.doesNotMatch(value, /^(\*|https?:|wss?:|'unsafe-|'wasm-unsafe|'strict-dynamic)/, `${where}: ${name} ${value}`);
      assert.ok(value.startsWith("'") || value === 'data:' || value === 'blob:', `${where}: ${name} allows ${value}`);
    }
  }
  return csp.size;
}

test('the renderer’s CSP forbids remote and inline scripts, in the page and in the bridge’s header', () => {
  const html = fs.readFileSync(path.join(root, 'renderer/index.html'), 'utf8');
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
  assert.ok(meta, 'renderer/index.html declares a CSP');
  let directives = assertStrictCsp(meta, 'index.html');
  directives += assertStrictCsp(RENDERER_CSP, 'bridge header');
  assert.deepEqual([...parseCsp(RENDERER_CSP)].filter(([name]) => name !== 'frame-ancestors'), [...parseCsp(meta)], 'the bridge serves the page’s policy');
  for (const script of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? []) {
    assert.match(script, /^<script[^>]*\bsrc="\.\/[^"]+"[^>]*><\/script>$/, `only local script files: ${script}`);
  }
  assert.doesNotMatch(html, /\b(src|href)="(https?:)?\/\//, 'no remote resource in the page');
  tally('electron', 'CSP directives checked', { cases: 2, inputs: directives });
});
