/**
 * Every IPC channel rejects malformed payloads, generated from the contract's zod schemas: wrong types,
 * missing fields, unknown and `__proto__` keys, huge strings, deep nesting, `..` paths, and fast-check's
 * random values. They go through the real paths a renderer reaches: electron/main/ipc.ts's handler (with
 * a stand-in for Electron, see fake-electron.ts) and the web bridge over its real WebSocket. Each answers
 * the contract's VALIDATION error; no handler runs, no file changes, no job starts, no host dialog opens,
 * no prototype is polluted, and both paths keep answering.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { WebSocket } from 'ws';
import { INVOKE_CHANNELS, type InvokeChannel } from '../../shared/ipc/channels.ts';
import { invokeContract } from '../../shared/ipc/contract.ts';
import { TOKEN_PROTOCOL_PREFIX } from '../../shared/ipc/bridge-protocol.ts';
import type { Result } from '../../shared/ipc/result.ts';
import { createEngine, type Engine } from '../../electron/engine/api/handlers.ts';
import { startBridge, type Bridge } from '../../electron/web-bridge/server.ts';
import { arbitraryPayload, mutations, validSamples } from '../helpers/contract-payloads.ts';
import { ipcMain, useFakeElectron, type BrowserWindow } from '../helpers/fake-electron.ts';
import { fakeBackup } from '../helpers/fake-backup.ts';
import { fingerprint } from '../helpers/fingerprint.ts';
import { scaled, tally } from '../helpers/reliability-tally.ts';
import { keychainCipher } from '../helpers/test-keychain.ts';

useFakeElectron();
const { createMainWindow } = await import('../../electron/main/window.ts');
const { registerIpc } = await import('../../electron/main/ipc.ts');

let dir: string;
let engine: Engine;
let bridge: Bridge;
let bridgeClient: BridgeClient;
let window: BrowserWindow;
let unregister: () => void;
const handlerRuns: string[] = [];
const hostCalls: string[] = [];
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

/** Everything the engine could have changed: files and folders under the temp root, jobs, host calls. */
function state() {
  const entries = fs.readdirSync(dir, { recursive: true }).map(String).sort();
  return { entries, files: [...fingerprint(dir)], jobs: engine.jobs.list().length, hostCalls: hostCalls.length, handlerRuns: handlerRuns.length };
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cradle-ipc-fuzz-'));
  process.env.USBMUXD_SOCKET_ADDRESS = `UNIX:${path.join(dir, 'no-usbmuxd')}`;
  fakeBackup(path.join(dir, 'backups', '00008120-00080A86D7FDAF0B'), new Date('2025-01-02T03:04:05Z'));
  fs.mkdirSync(path.join(dir, 'static'));
  fs.writeFileSync(path.join(dir, 'static', 'index.html'), '<!doctype html><title>Cradle</title>');
  const picked = path.join(dir, 'picked');
  engine = createEngine({
    backupFolder: path.join(dir, 'backups'),
    settingsFile: path.join(dir, 'settings.json'),
    secretsFile: path.join(dir, 'secrets.json'),
    secretCipher: keychainCipher(),
    chooseFolder: async () => (hostCalls.push('chooseFolder'), picked),
    trashItem: async () => void hostCalls.push('trashItem'),
    showInFolder: () => void hostCalls.push('showInFolder'),
  });
  // Counts every handler that runs: a malformed payload must stop at the dispatcher.
  for (const channel of INVOKE_CHANNELS) {
    const original = engine.handlers[channel] as (request: unknown) => Promise<unknown>;
    (engine.handlers as Record<string, (request: unknown) => Promise<unknown>>)[channel] = (request) => (handlerRuns.push(channel), original(request));
  }
  window = createMainWindow() as unknown as BrowserWindow;
  unregister = registerIpc(engine, window as never);
  bridge = await startBridge({ engine, staticDir: path.join(dir, 'static') });
  bridgeClient = await openClient();
});

after(async () => {
  bridgeClient?.ws.close();
  unregister?.();
  await bridge?.close();
  await engine?.close();
  delete process.env.USBMUXD_SOCKET_ADDRESS;
  fs.rmSync(dir, { recursive: true, force: true });
});

function openSocket(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/bridge`, [`${TOKEN_PROTOCOL_PREFIX}${bridge.token}`]);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Sends through the Electron handler path, as our window's main frame. */
async function viaIpc(channel: InvokeChannel, payload: unknown): Promise<Result<unknown>> {
  const handler = ipcMain.handlers.get(channel);
  assert.ok(handler, `no handler for ${channel}`);
  return (await handler({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, payload)) as Result<unknown>;
}

/** A bridge connection that matches answers to requests by id. */
interface BridgeClient {
  ws: WebSocket;
  pending: Map<number | null, (result: Result<unknown>) => void>;
}

async function openClient(): Promise<BridgeClient> {
  const ws = await openSocket();
  const client: BridgeClient = { ws, pending: new Map() };
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { id?: number | null; result?: Result<unknown> };
    if (message.id === undefined) return;
    client.pending.get(message.id)?.(message.result!);
    client.pending.delete(message.id);
  });
  return client;
}

let nextId = 1;
/** Sends raw text through the bridge and waits for the answer to one of `ids` (null: a message the bridge could not read). */
function sendRaw(text: string, ids: (number | null)[], client = bridgeClient): Promise<Result<unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer from the bridge to ${text.slice(0, 80)}`)), 30_000);
    for (const id of ids) {
      client.pending.set(id, (result) => {
        clearTimeout(timer);
        for (const other of ids) client.pending.delete(other);
        resolve(result);
      });
    }
    client.ws.send(text);
  });
}

/** Sends a request through the bridge's WebSocket. */
function viaBridge(channel: InvokeChannel, payload: unknown): Promise<Result<unknown>> {
  const id = nextId++;
  return sendRaw(JSON.stringify({ id, channel, payload }), [id]);
}

/** What a JSON transport delivers of `payload` (undefined fields dropped, NaN as null…). */
const overJson = (payload: unknown): unknown => {
  const text = JSON.stringify(payload);
  return text === undefined ? undefined : JSON.parse(text);
};

const isValid = (channel: InvokeChannel, payload: unknown) => invokeContract[channel].request.safeParse(payload).success;

function assertRejected(answer: Result<unknown>, what: string): void {
  assert.equal(answer.ok, false, `${what} was accepted`);
  assert.equal(!answer.ok && answer.error.code, 'VALIDATION', `${what}: ${JSON.stringify(answer).slice(0, 300)}`);
  assert.ok(!answer.ok && Array.isArray(answer.error.details) && answer.error.details.length > 0, `${what}: the issues are given`);
}

function assertUntouched(before: ReturnType<typeof state>, what: string): void {
  assert.deepEqual(state(), before, `${what}: nothing ran, nothing changed`);
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), prototypeKeys, `${what}: Object.prototype is unchanged`);
  assert.equal((({}) as Record<string, unknown>).polluted, undefined);
}

test('the generator makes a valid request for every channel (so each mutation tests one fault)', () => {
  for (const channel of INVOKE_CHANNELS) {
    const samples = validSamples(invokeContract[channel].request);
    assert.ok(samples.length > 0, channel);
    for (const sample of samples) assert.ok(isValid(channel, sample), `${channel}: ${JSON.stringify(sample)}`);
  }
});

test('generated malformed payloads: every channel answers VALIDATION through the Electron handler path and the bridge', async () => {
  const before = state();
  let viaIpcCount = 0;
  let viaBridgeCount = 0;
  let acceptedHostile = 0;
  for (const channel of INVOKE_CHANNELS) {
    for (const { label, payload } of mutations(validSamples(invokeContract[channel].request))) {
      if (isValid(channel, payload)) {
        // e.g. a `..` relativePath is a well-formed request: tests/reliability/electron-security-paths.test.ts confines it.
        acceptedHostile += 1;
        continue;
      }
      assertRejected(await viaIpc(channel, payload), `ipc ${channel} ${label}`);
      viaIpcCount += 1;
      const delivered = overJson(payload);
      if (isValid(channel, delivered)) continue;
      assertRejected(await viaBridge(channel, delivered), `bridge ${channel} ${label}`);
      viaBridgeCount += 1;
    }
    assertUntouched(before, channel);
  }
  assert.ok(viaIpcCount > INVOKE_CHANNELS.length * 20, `only ${viaIpcCount} payloads`);
  tally('electron', 'malformed IPC payloads, Electron handler path (generated from the contract)', { cases: INVOKE_CHANNELS.length, inputs: viaIpcCount });
  tally('electron', 'malformed IPC payloads, web bridge socket (generated from the contract)', { cases: INVOKE_CHANNELS.length, inputs: viaBridgeCount });
  console.log(`ipc ${viaIpcCount}, bridge ${viaBridgeCount}, well-formed hostile left to the confinement tests ${acceptedHostile}`);
});

test('fast-check random payloads: rejected on both paths unless the contract accepts them', async () => {
  const before = state();
  const runs = scaled(40, 1_000);
  let sent = 0;
  for (const channel of INVOKE_CHANNELS) {
    const samples = validSamples(invokeContract[channel].request);
    await fc.assert(
      fc.asyncProperty(arbitraryPayload(samples), async (payload) => {
        if (isValid(channel, payload)) return;
        assertRejected(await viaIpc(channel, payload), `ipc ${channel}`);
        sent += 1;
        const delivered = overJson(payload);
        if (isValid(channel, delivered)) return;
        assertRejected(await viaBridge(channel, delivered), `bridge ${channel}`);
        sent += 1;
      }),
      { numRuns: runs, seed: 8 },
    );
    assertUntouched(before, channel);
  }
  tally('electron', 'random IPC payloads (fast-check), both paths', { cases: INVOKE_CHANNELS.length, inputs: sent });
});

test('the bridge drops an oversized message, answers garbage channels, and keeps serving', async () => {
  const before = state();
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => void uncaught.push(error);
  process.on('uncaughtException', onUncaught);
  const victim = await openSocket();
  const closed = new Promise<number>((resolve) => victim.once('close', (code) => resolve(code)));
  victim.send(JSON.stringify({ id: 1, channel: 'browse:search', payload: { id: '0123456789abcdef', query: 'A'.repeat(2 * 1024 * 1024) } }));
  assert.equal(await closed, 1009, 'message too big: the socket is closed');
  const unknown = await viaBridge('fs:read' as InvokeChannel, { path: '/etc/passwd' });
  assert.equal(!unknown.ok && unknown.error.code, 'UNKNOWN_CHANNEL');
  const prototypeChannel = await viaBridge('__proto__' as InvokeChannel, {});
  assert.equal(!prototypeChannel.ok && prototypeChannel.error.code, 'UNKNOWN_CHANNEL');
  const burst = await Promise.all(Array.from({ length: 200 }, (_, i) => viaBridge('jobs:cancel', { jobId: `not-a-uuid-${i}` })));
  for (const answer of burst) assertRejected(answer, 'burst');
  // Nesting far deeper than JSON.stringify can write: the bridge must answer, not overflow its stack.
  const depth = 100_000;
  const deep = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  const id = nextId++;
  const answer = await sendRaw(`{"id":${id},"channel":"app:info","payload":${deep}}`, [id, null]);
  assert.equal(!answer.ok && answer.error.code, 'VALIDATION', 'deeply nested JSON');
  process.off('uncaughtException', onUncaught);
  assert.deepEqual(uncaught.map(String), [], 'the bridge had no unhandled error');
  assertUntouched(before, 'bridge');
  const info = await viaBridge('app:info', {});
  assert.equal(info.ok, true, 'the bridge still answers a valid request');
  const ipcInfo = await viaIpc('app:info', {});
  assert.equal(ipcInfo.ok, true, 'the Electron path still answers a valid request');
  tally('electron', 'bridge: oversized, unknown-channel, deeply nested and burst messages', { cases: 4, inputs: 204 });
});
