/**
 * Hostile device at the lockdown and service layers: generated lockdownd replies (oversized length
 * prefixes, wrong plist types, binary garbage, bombs, deep nesting, truncations), generated AFC packets
 * (bad magic, impossible or oversized lengths, another packet's number), an endless installation-proxy app
 * list, and a notification proxy that sends garbage or relays forever. Every call ends with a clear code,
 * memory stays bounded, and nothing is left unhandled.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, test } from 'node:test';
import bplistCreator from 'bplist-creator';
import { LockdownClient } from '../../electron/engine/lockdown/client.ts';
import { parsePairRecord } from '../../electron/engine/lockdown/pair-record.ts';
import { AfcClient } from '../../electron/engine/services/afc.ts';
import { listUserApps } from '../../electron/engine/services/installation-proxy.ts';
import { NotificationProxy } from '../../electron/engine/services/notification-proxy.ts';
import { parseUsbmuxAddress } from '../../electron/engine/usbmux/address.ts';
import { UsbmuxClient } from '../../electron/engine/usbmux/client.ts';
import { encodeXml } from '../virtual-device/plist.ts';
import { codeOf, drained, failureOf, guardProcess, plistBombs, retainedMemory, scriptedServer, Seeded, sentinelRoot, usbmuxPacket } from '../helpers/hostile-kit.ts';
import { scaled, soaking, tally } from '../helpers/reliability-tally.ts';

const area = 'hostile device';
const sandbox = sentinelRoot('cradle-hostile-services-');
after(() => sandbox.remove());
const ALLOWED = new Set(['PROTOCOL', 'TIMEOUT', 'DEVICE_DISCONNECTED', 'NOT_PAIRED']);

function u32be(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value >>> 0, 0);
  return buffer;
}

/** A lockdownd (or plist service) reply gone wrong. */
function hostilePlistReply(random: Seeded): Buffer {
  const body = (() => {
    switch (random.int(8)) {
      case 0: return random.bytes(random.int(300));
      case 1: return encodeXml(random.pick<unknown>(['text', 7, [1, 2, 3], { Request: 'Other' }, { Error: 42 }, { Type: ['x'] }, { SessionID: 5 }, { Port: 'x' }, { Port: 70_000 }, { Value: null }]));
      case 2: return Buffer.from(`<?xml version="1.0"?><plist>${'<dict><key>k</key>'.repeat(4000)}<true/>${'</dict>'.repeat(4000)}</plist>`);
      case 3: return random.pick(plistBombs());
      case 4: return Buffer.concat([Buffer.from('bplist00'), random.bytes(random.int(64))]);
      case 5: return bplistCreator({ Request: 'QueryType', Type: 'com.apple.mobile.lockdown', SessionID: 'S', Port: 1, Value: { a: [1, { b: Buffer.alloc(10) }] } });
      case 6: return encodeXml({ Request: random.pick(['QueryType', 'GetValue', 'StartSession', 'StartService']), Error: random.pick(['PasswordProtected', 'InvalidHostID', 'SessionInactive', 'Bogus']) });
      default: return Buffer.alloc(0);
    }
  })();
  switch (random.int(6)) {
    case 0: return Buffer.concat([u32be(32 * 1024 * 1024 + 1 + random.int(2 ** 31)), body]);
    case 1: return Buffer.concat([u32be(body.length), body]).subarray(0, random.int(4 + body.length));
    case 2: return Buffer.concat([u32be(body.length + 1 + random.int(1000)), body]);
    default: return Buffer.concat([u32be(body.length), body]);
  }
}

/** A fake usbmuxd whose every Connect tunnels to `device`. */
async function usbmuxTo(device: (socket: net.Socket) => void) {
  const server = await scriptedServer(sandbox.dir, (socket) => {
    socket.once('data', (request: Buffer) => {
      socket.write(usbmuxPacket(request.readUInt32LE(12), encodeXml({ MessageType: 'Result', Number: 0 })));
      device(socket);
    });
  });
  return { usbmux: new UsbmuxClient(parseUsbmuxAddress(`UNIX:${server.path}`)), close: () => server.close() };
}

const record = parsePairRecord({
  DeviceCertificate: Buffer.from('d'), HostCertificate: Buffer.from('h'), HostPrivateKey: Buffer.from('k'),
  RootCertificate: Buffer.from('r'), RootPrivateKey: Buffer.from('k'), SystemBUID: 'B', HostID: 'H',
});

test('generated hostile lockdownd replies to every request: clear codes, no crash', { timeout: 120_000 }, async () => {
  const guard = guardProcess();
  const random = new Seeded(0x10c4_d000);
  const variants = scaled(150, 1500);
  let reply: Buffer = Buffer.alloc(0);
  const codes = new Map<string, number>();
  const { usbmux, close } = await usbmuxTo((socket) => {
    const bytes = reply;
    socket.once('data', () => {
      socket.write(bytes);
      // A reply shorter than its length prefix is left hanging only briefly: the host's own timeout (15 s) is not the point here.
      setTimeout(() => socket.end(), 50);
    });
  });
  const device = { deviceId: 1, udid: '00008110-001C2D3E4F5A6B7C', connection: 'usb' as const };
  try {
    for (let i = 0; i < variants; i += 1) {
      reply = hostilePlistReply(random);
      const client = await LockdownClient.connect(usbmux, device);
      const operation = i % 4;
      const error = await failureOf(
        [() => client.queryType(), () => client.getValue(undefined, 'DeviceName'), () => client.startSession(record), () => client.startService('com.apple.afc')][operation]!(),
      );
      await client.close();
      const code = error === undefined ? 'answered' : codeOf(error);
      codes.set(code, (codes.get(code) ?? 0) + 1);
      assert.ok(code === 'answered' || ALLOWED.has(code) || code === 'DEVICE_LOCKED' || code === 'PAIRING_DENIED', `variant ${i}: ${code}`);
    }
    assert.deepEqual(guard.failures, []);
  } finally {
    guard.stop();
    await close();
    tally(area, `lockdownd: generated hostile replies (${[...codes].map(([c, n]) => `${c} ${n}`).join(', ')})`, { cases: variants, inputs: variants });
  }
});

/** An AFC reply gone wrong, to packet `number`. */
function hostileAfc(random: Seeded, number: bigint): Buffer {
  const header = Buffer.alloc(48);
  Buffer.from(random.int(6) === 0 ? 'CFA6LPAB' : 'CFA6LPAA').copy(header, 0);
  const entire = random.pick([48n, 40n, 39n, 0n, 2n ** 63n, 2n ** 64n - 1n, BigInt(1 + random.int(2 ** 30)), 1024n * 1024n + 41n]);
  header.writeBigUInt64LE(entire, 8);
  header.writeBigUInt64LE(random.pick([40n, 48n, 0n, 12n, 2n ** 64n - 1n]), 16);
  header.writeBigUInt64LE(random.int(3) === 0 ? number + 1n : number, 24);
  header.writeBigUInt64LE(BigInt(random.pick([0x01, 0x0e, 0x02, 0x99])), 32);
  header.writeBigUInt64LE(BigInt(random.int(30)), 40);
  return header.subarray(0, random.int(5) === 0 ? random.int(48) : 48);
}

test('generated hostile AFC packets: clear codes, no crash, no allocation of the claimed sizes', { timeout: 120_000 }, async () => {
  const guard = guardProcess();
  const random = new Seeded(0xafc0_0001);
  const variants = scaled(300, 3000);
  const codes = new Map<string, number>();
  const server = await scriptedServer(sandbox.dir, (socket) => {
    socket.on('data', (request: Buffer) => {
      if (request.length < 40) return;
      socket.write(hostileAfc(random, request.readBigUInt64LE(24)));
      setTimeout(() => socket.end(), 50);
    });
  });
  const before = retainedMemory();
  try {
    for (let i = 0; i < variants; i += 1) {
      const afc = await AfcClient.open(net.connect(server.path));
      const error = await failureOf([() => afc.open('/x', 1), () => afc.mkdir('/d'), () => afc.lock(1, true), () => afc.remove('/x')][i % 4]!());
      afc.dispose();
      const code = error === undefined ? 'answered' : codeOf(error);
      codes.set(code, (codes.get(code) ?? 0) + 1);
      assert.ok(code === 'answered' || ALLOWED.has(code), `variant ${i}: ${code}`);
    }
    assert.ok(retainedMemory() - before < 64 * 1024 * 1024);
    assert.deepEqual(guard.failures, []);
  } finally {
    guard.stop();
    await server.close();
    tally(area, `AFC: generated hostile packets (${[...codes].map(([c, n]) => `${c} ${n}`).join(', ')})`, { cases: variants, inputs: variants });
  }
});

test('an app list that never ends (pages of apps forever) is refused before it fills the memory', { timeout: 120_000 }, async () => {
  const guard = guardProcess();
  const sinf = Buffer.alloc(1024, 1);
  let pages = 0;
  const server = await scriptedServer(sandbox.dir, (socket) => {
    socket.once('data', async () => {
      const apps = Array.from({ length: 500 }, (_, i) => ({ CFBundleIdentifier: `com.example.app${i}`, ApplicationSINF: sinf, Junk: 'j'.repeat(2000) }));
      while (!socket.destroyed && pages < 100_000) {
        const body = bplistCreator({ Status: 'BrowsingApplications', CurrentList: apps });
        pages += 1;
        if (!socket.write(Buffer.concat([u32be(body.length), body]))) await drained(socket);
      }
    });
  });
  try {
    const error = await failureOf(listUserApps(net.connect(server.path)));
    assert.equal(codeOf(error), 'PROTOCOL');
    // The device's own page limit (10,000 pages of 500 apps) would hold 5 million apps: the cut must come far sooner.
    assert.ok(pages < 1000, `the list was cut off after ${pages} pages`);
    assert.deepEqual(guard.failures, []);
    tally(area, 'installation proxy: endless app list', { cases: 1, inputs: pages });
  } finally {
    guard.stop();
    await server.close();
  }
});

test('a notification proxy that sends garbage, or relays forever, never crashes and keeps nothing', { timeout: 60_000 }, async () => {
  const guard = guardProcess();
  const random = new Seeded(0x0e0f_0001);
  const relays = scaled(20_000, 200_000);
  let heard = 0;
  for (let i = 0; i < 40; i += 1) {
    const server = await scriptedServer(sandbox.dir, (socket) => void socket.end(hostilePlistReply(random)));
    const proxy = new NotificationProxy(net.connect(server.path));
    proxy.onNotification(() => (heard += 1));
    await failureOf(proxy.observe('x'));
    await proxy.close();
    await server.close();
  }
  const server = await scriptedServer(sandbox.dir, async (socket) => {
    for (let i = 0; i < relays && !socket.destroyed; i += 1) {
      const body = encodeXml({ Command: 'RelayNotification', Name: `n${i}` });
      if (!socket.write(Buffer.concat([u32be(body.length), body]))) await drained(socket);
    }
  });
  const before = retainedMemory();
  const proxy = new NotificationProxy(net.connect(server.path));
  proxy.onNotification(() => (heard += 1));
  for (let i = 0; i < 600 && heard < relays; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  const held = retainedMemory() - before;
  await proxy.close();
  await server.close();
  guard.stop();
  tally(area, 'notification proxy: garbage replies and an endless relay stream', { cases: 41, inputs: 40 + heard });
  assert.ok(heard >= relays, `${heard} of ${relays} relays heard`);
  assert.ok(held < 32 * 1024 * 1024, `${held} bytes held`);
  assert.deepEqual(guard.failures, []);
});

test('slow-loris at every layer at once: bytes trickled under any idle timer still end in TIMEOUT', { timeout: 150_000 }, async () => {
  const guard = guardProcess();
  const body = encodeXml({ Request: 'QueryType', Type: 'com.apple.mobile.lockdown', Padding: 'p'.repeat(1 << 20) });
  const lockdownReply = Buffer.concat([u32be(body.length), body]);
  const usbmuxReply = Buffer.concat([Buffer.from([0x10, 0, 0x10, 0, 1, 0, 0, 0, 8, 0, 0, 0, 1, 0, 0, 0]), Buffer.alloc(1 << 20, 0x20)]);
  const afcReply = Buffer.concat([Buffer.from('CFA6LPAA'), Buffer.from([0, 0, 0x10, 0, 0, 0, 0, 0, 40, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0])]);
  const trickled = (bytes: Buffer) => async (socket: net.Socket) => {
    for (let at = 0; at < bytes.length && !socket.destroyed; at += 1) {
      socket.write(bytes.subarray(at, at + 1));
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  const lockdown = await usbmuxTo((socket) => void socket.once('data', () => void trickled(lockdownReply)(socket)));
  const usbmuxd = await scriptedServer(sandbox.dir, (socket) => void socket.once('data', () => void trickled(usbmuxReply)(socket)));
  const afcServer = await scriptedServer(sandbox.dir, (socket) => void socket.once('data', () => void trickled(afcReply)(socket)));
  const device = { deviceId: 1, udid: '00008110-001C2D3E4F5A6B7C', connection: 'usb' as const };
  try {
    const client = await LockdownClient.connect(lockdown.usbmux, device);
    const layers: [string, Promise<unknown>][] = [
      ['lockdown', client.queryType().finally(() => client.close())],
      ['usbmuxd', new UsbmuxClient(parseUsbmuxAddress(`UNIX:${usbmuxd.path}`)).listDevices()],
    ];
    // AFC's reply timeout is 30 s per read: its slow-loris runs in the soak only.
    if (soaking) layers.push(['AFC', AfcClient.open(net.connect(afcServer.path)).then(async (afc) => afc.mkdir('/x').finally(() => afc.dispose()))]);
    const results = await Promise.all(layers.map(async ([what, work]) => [what, codeOf(await failureOf(work))] as const));
    for (const [what, code] of results) assert.equal(code, 'TIMEOUT', what);
    assert.deepEqual(guard.failures, []);
    tally(area, 'slow-loris: bytes trickled at 4 per second (usbmuxd, lockdownd' + (soaking ? ', AFC)' : ')'), { cases: layers.length, faults: layers.length });
  } finally {
    guard.stop();
    await lockdown.close();
    await usbmuxd.close();
    await afcServer.close();
  }
});
