import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { createEngine, type Engine } from '../../electron/engine/api/handlers.ts';
import { startBridge, type Bridge } from '../../electron/web-bridge/server.ts';
import { TOKEN_PROTOCOL_PREFIX } from '../../shared/ipc/bridge-protocol.ts';

let bridge: Bridge;
let engine: Engine;
let staticDir: string;

before(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'cradle-bridge-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Cradle</title>');
  process.env.USBMUXD_SOCKET_ADDRESS = `UNIX:${join(staticDir, 'no-usbmuxd-here')}`;
  engine = createEngine();
  bridge = await startBridge({ engine, staticDir });
});

after(async () => {
  await bridge.close();
  rmSync(staticDir, { recursive: true, force: true });
  delete process.env.USBMUXD_SOCKET_ADDRESS;
});

/** Opens a WebSocket; resolves with the socket, or with the HTTP status that refused it. */
function connect(protocols: string[], headers: Record<string, string> = {}): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/bridge`, protocols, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', reject);
  });
}

function call(ws: WebSocket, message: unknown): Promise<{ id: number | null; result: { ok: boolean; value?: unknown; error?: { code: string } } }> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(data.toString())));
    ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  });
}

function httpGet(path: string, host = `127.0.0.1:${bridge.port}`): Promise<{ status: number; csp?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: bridge.port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, csp: res.headers['content-security-policy'] as string, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('the bridge refuses a connection without the token', async () => {
  assert.equal(await connect([]), 401);
  assert.equal(await connect(['cradle']), 401);
});

test('the bridge refuses a wrong token, and a right token from another origin', async () => {
  assert.equal(await connect([`${TOKEN_PROTOCOL_PREFIX}${'0'.repeat(bridge.token.length)}`]), 401);
  assert.equal(await connect([`${TOKEN_PROTOCOL_PREFIX}${bridge.token.slice(1)}`]), 401);
  assert.equal(await connect([`${TOKEN_PROTOCOL_PREFIX}${bridge.token}`], { origin: 'http://evil.example' }), 401);
});

test('with the token: app:info answers, a bad payload is a VALIDATION envelope, garbage is refused', async () => {
  const ws = await connect([`${TOKEN_PROTOCOL_PREFIX}${bridge.token}`], { origin: `http://127.0.0.1:${bridge.port}` });
  assert.ok(ws instanceof WebSocket);
  try {
    const info = await call(ws, { id: 1, channel: 'app:info', payload: {} });
    assert.equal(info.id, 1);
    assert.equal(info.result.ok, true);
    assert.equal((info.result.value as { usbmuxd: { reachable: boolean } }).usbmuxd.reachable, false);

    const bad = await call(ws, { id: 2, channel: 'app:info', payload: { path: '/etc/passwd' } });
    assert.deepEqual([bad.id, bad.result.ok, bad.result.error?.code], [2, false, 'VALIDATION']);

    const unknown = await call(ws, { id: 3, channel: 'fs:read', payload: {} });
    assert.equal(unknown.result.error?.code, 'UNKNOWN_CHANNEL');

    const garbage = await call(ws, '{not json');
    assert.deepEqual([garbage.id, garbage.result.error?.code], [null, 'VALIDATION']);
  } finally {
    ws.close();
  }
});

test('engine events reach connected clients', async () => {
  const ws = await connect([`${TOKEN_PROTOCOL_PREFIX}${bridge.token}`]);
  assert.ok(ws instanceof WebSocket);
  try {
    const received = new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(data.toString()))));
    engine.events.emit('devices:changed', { devices: [{ udid: 'abc', connection: 'usb', state: 'connected' }] });
    assert.deepEqual(await received, {
      event: 'devices:changed',
      payload: { devices: [{ udid: 'abc', connection: 'usb', state: 'connected' }] },
    });
  } finally {
    ws.close();
  }
});

test('the page is served with the CSP; nothing outside the folder, no foreign Host', async () => {
  const page = await httpGet('/');
  assert.equal(page.status, 200);
  assert.match(page.body, /Cradle/);
  assert.match(page.csp ?? '', /script-src 'self'/);
  for (const path of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/missing.js']) {
    assert.equal((await httpGet(path)).status, 404, path);
  }
  assert.equal((await httpGet('/', 'evil.example')).status, 403);
});
