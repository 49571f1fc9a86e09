/**
 * Hostile peer at the usbmuxd layer: generated replies to every request the host makes (headers with
 * impossible or oversized lengths, wrong message types, binary garbage, plists of the wrong types, bombs,
 * truncations, a reply that never ends), device entries whose UDID is a path (`..` would name the backup
 * root itself), and an endless Listen stream of new devices. Every request ends with a clear code, the
 * device list holds only real UDIDs, and memory stays bounded.
 */
import assert from 'node:assert/strict';
import type net from 'node:net';
import { after, test } from 'node:test';
import bplistCreator from 'bplist-creator';
import { parseUsbmuxAddress } from '../../electron/engine/usbmux/address.ts';
import { UsbmuxClient } from '../../electron/engine/usbmux/client.ts';
import { watchUsbmuxDevices } from '../../electron/engine/usbmux/listen.ts';
import { encodeXml } from '../virtual-device/plist.ts';
import { assemble, codeOf, drained, failureOf, guardProcess, plistBombs, retainedMemory, scriptedServer, Seeded, sentinelRoot, usbmuxPacket } from '../helpers/hostile-kit.ts';
import { scaled, tally } from '../helpers/reliability-tally.ts';

const area = 'hostile device';
const sandbox = sentinelRoot('cradle-hostile-usbmux-');
after(() => sandbox.remove());

const packet = usbmuxPacket;

/** `{DeviceList: [null, {Properties: null}]}`, by hand: binary plists can hold null, which no writer here emits. */
const nullDeviceList = assemble(
  [Buffer.from([0xd1, 1, 2]), Buffer.from([0x5a, ...Buffer.from('DeviceList')]), Buffer.from([0xa2, 3, 4]), Buffer.from([0x00]), Buffer.from([0xd1, 5, 3]), Buffer.from([0x5a, ...Buffer.from('Properties')])],
  0,
  1,
);

/** One generated hostile reply: the bytes, and whether the peer then closes or stays silent. */
function hostileReply(random: Seeded): { bytes: Buffer; then: 'close' | 'silent' } {
  const body = () => {
    switch (random.int(9)) {
      case 0: return random.bytes(random.int(400));
      case 1: return encodeXml(random.pick<unknown>(['text', 42, [1, 2], { DeviceList: 'not a list' }, { DeviceList: [1, 'x', [], {}] }, { MessageType: 'Result', Number: 'zero' }, { BUID: 7 }, { PairRecordData: 'text' }]));
      case 2: return Buffer.from(`<?xml version="1.0"?><plist>${'<array>'.repeat(5000)}${'</array>'.repeat(5000)}</plist>`);
      case 3: return random.pick(plistBombs());
      case 4: return random.int(2) ? nullDeviceList : bplistCreator({ DeviceList: [{ Properties: 'x' }, 'x', 5, { DeviceID: 'x' }, [[]]], MessageType: 'Result', Number: 0 });
      case 5: return Buffer.from('<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><plist><string>&b;&b;&b;</string></plist>');
      case 6: return encodeXml({ MessageType: 'Result', Number: random.int(100) });
      case 7: return Buffer.concat([Buffer.from('bplist00'), random.bytes(random.int(100))]);
      default: return encodeXml({ PairRecordData: random.bytes(200), BUID: 'X', DeviceList: [] });
    }
  };
  const payload = body();
  switch (random.int(8)) {
    case 0: return { bytes: packet(1, payload, { length: random.int(16) }), then: 'close' };
    case 1: return { bytes: packet(1, payload, { length: 16 * 1024 * 1024 + 1 + random.int(2 ** 31) }), then: 'close' };
    case 2: return { bytes: packet(1, payload, { message: random.int(8) }), then: 'close' };
    case 3: return { bytes: packet(1, payload).subarray(0, random.int(16 + payload.length)), then: 'close' };
    case 4: return { bytes: packet(1, payload, { length: 16 + payload.length + 1 + random.int(1 << 20) }), then: 'silent' };
    case 5: return { bytes: packet(random.int(5), payload), then: random.pick(['close', 'silent'] as const) };
    default: return { bytes: packet(1, payload), then: 'close' };
  }
}

const ALLOWED = new Set(['PROTOCOL', 'USBMUXD_UNAVAILABLE', 'TIMEOUT', 'DEVICE_DISCONNECTED']);

test('generated hostile usbmuxd replies to every request: a clear code or a sane answer, never a crash', { timeout: 120_000 }, async () => {
  const guard = guardProcess();
  const random = new Seeded(0x05b0_0001);
  const variants = scaled(300, 3000);
  let current = hostileReply(random);
  const server = await scriptedServer(sandbox.dir, (socket: net.Socket) => {
    const reply = current;
    socket.once('data', () => {
      socket.write(reply.bytes);
      if (reply.then === 'close') socket.end();
    });
  });
  const usbmux = new UsbmuxClient(parseUsbmuxAddress(`UNIX:${server.path}`));
  const codes = new Map<string, number>();
  let inputs = 0;
  try {
    for (let i = 0; i < variants; i += 1) {
      current = hostileReply(random);
      const operation = i % 4;
      const silentOk = current.then === 'silent' && operation >= 2;
      if (silentOk) current = { ...current, then: 'close' };
      const work: Promise<unknown> = [
        () => usbmux.listDevices({ timeoutMs: 300 }),
        () => usbmux.connect(1, 62078, { timeoutMs: 300 }).then((socket) => socket.destroy()),
        () => usbmux.readBuid(),
        () => usbmux.readPairRecord('00008110-001C2D3E4F5A6B7C'),
      ][operation]!();
      inputs += 1;
      const error = await failureOf(work);
      const code = error === undefined ? 'answered' : codeOf(error);
      codes.set(code, (codes.get(code) ?? 0) + 1);
      assert.ok(code === 'answered' || ALLOWED.has(code), `variant ${i} (operation ${operation}): ${code}`);
    }
    const devices = await failureOf(usbmux.listDevices({ timeoutMs: 300 }));
    assert.ok(devices === undefined || ALLOWED.has(codeOf(devices)));
    assert.deepEqual(guard.failures, []);
  } finally {
    guard.stop();
    await server.close();
    tally(area, `usbmuxd: generated hostile replies (${[...codes].map(([c, n]) => `${c} ${n}`).join(', ')})`, { cases: variants, inputs });
  }
});

const PATHS = ['..', '.', '../..', '../../etc', '/tmp/x', 'a/b', 'C:\\x', `${'a'.repeat(40)}/..`, '', 'x'.repeat(1 << 20), 'Ａ'.repeat(30), 'café-00008110-001C2D3E4F5A'];

test('device entries whose UDID is a path or junk are not devices (a UDID names the backup folder)', { timeout: 30_000 }, async () => {
  const guard = guardProcess();
  const real = '00008110-001C2D3E4F5A6B7C';
  const entries = [...PATHS.map((udid, index) => ({ DeviceID: index + 2, Properties: { SerialNumber: udid, ConnectionType: 'USB' } })), { DeviceID: 1, Properties: { SerialNumber: real, ConnectionType: 'USB' } }];
  const server = await scriptedServer(sandbox.dir, (socket) => {
    socket.once('data', (request: Buffer) => {
      const tag = request.readUInt32LE(12);
      const listen = request.includes(Buffer.from('Listen'));
      if (!listen) return void socket.end(packet(tag, encodeXml({ DeviceList: entries })));
      socket.write(packet(tag, encodeXml({ MessageType: 'Result', Number: 0 })));
      for (const entry of entries) socket.write(packet(0, encodeXml({ MessageType: 'Attached', ...entry })));
    });
  });
  try {
    const listed = await new UsbmuxClient(parseUsbmuxAddress(`UNIX:${server.path}`)).listDevices();
    assert.deepEqual(listed.map((d) => d.udid), [real]);
    const attached: string[] = [];
    const watcher = watchUsbmuxDevices(parseUsbmuxAddress(`UNIX:${server.path}`), (event) => {
      if (event.type === 'attached') attached.push(event.device.udid);
    });
    for (let i = 0; i < 100 && !attached.includes(real); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    watcher.stop();
    assert.deepEqual(attached, [real]);
    assert.deepEqual(guard.failures, []);
    tally(area, 'usbmuxd: device entries with path or junk UDIDs (list and Listen)', { cases: 2, inputs: PATHS.length * 2 });
  } finally {
    guard.stop();
    await server.close();
  }
});

test('an endless Listen stream of new devices keeps memory bounded and stops when asked', { timeout: 60_000 }, async () => {
  const guard = guardProcess();
  const events = scaled(25_000, 500_000);
  let sent = 0;
  let finished: () => void = () => {};
  const done = new Promise<void>((resolve) => (finished = resolve));
  const server = await scriptedServer(sandbox.dir, (socket) => {
    socket.once('data', async (request: Buffer) => {
      socket.write(packet(request.readUInt32LE(12), encodeXml({ MessageType: 'Result', Number: 0 })));
      while (sent < events && !socket.destroyed) {
        const id = sent + 10;
        const udid = id.toString(16).padStart(40, '0');
        const ok = socket.write(packet(0, encodeXml({ MessageType: 'Attached', DeviceID: id, Properties: { SerialNumber: udid, ConnectionType: 'USB', Junk: 'x'.repeat(200) } })));
        sent += 1;
        if (!ok) await drained(socket);
      }
      finished();
    });
  });
  const before = retainedMemory();
  let attached = 0;
  const watcher = watchUsbmuxDevices(parseUsbmuxAddress(`UNIX:${server.path}`), (event) => {
    if (event.type === 'attached') attached += 1;
  });
  try {
    await done;
    await new Promise((resolve) => setTimeout(resolve, 200));
    const held = retainedMemory() - before;
    watcher.stop();
    assert.ok(attached > 0);
    // Each device costs the watcher an id; the stream itself (about 500 bytes an event) must not be kept.
    assert.ok(held < (sent * 500) / 4, `${held} bytes held after ${sent} events`);
    assert.deepEqual(guard.failures, []);
    tally(area, 'usbmuxd: endless Listen stream of new devices', { cases: 1, inputs: sent });
  } finally {
    watcher.stop();
    guard.stop();
    await server.close();
  }
});
