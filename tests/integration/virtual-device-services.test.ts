/**
 * The virtual device's lockdown services and faults, driven by the raw test host after a real
 * `idevicepair pair`: StartService rules, AFC (files and the sync lock), notification_proxy,
 * installation_proxy, MCInstall, service SSL, the "fail after N bytes" fault and the throttle.
 */
import assert from 'node:assert/strict';
import type { Duplex } from 'node:stream';
import { test } from 'node:test';
import { appsFor } from '../virtual-device/content/index.ts';
import type { ServiceDefinition } from '../virtual-device/types.ts';
import { ByteReader, connectPort, openSession, PlistConnection, readPairRecord, upgradeClient } from './raw-host.ts';
import { peerToolsMissing, runTool, startFixture, type Fixture } from '../helpers/fixture.ts';

const skip = peerToolsMissing;
/** Each test fails instead of hanging. */
const options = { skip, timeout: 120_000 };

/** A test-only service that asks for SSL and echoes what it reads. */
const echoService: ServiceDefinition = {
  name: 'org.cradle.test.echo',
  ssl: true,
  handle(socket: Duplex) {
    socket.pipe(socket);
  },
};

async function pairedFixture(options: Parameters<typeof startFixture>[0] = {}): Promise<Fixture> {
  const fixture = await startFixture({ extraServices: [echoService], ...options });
  for (const device of fixture.server.devices) {
    const result = await runTool(fixture.server, 'idevicepair', ['-u', device.udid, 'pair']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
  }
  return fixture;
}

/** Starts a service through a fresh lockdown session and connects to it. */
async function startService(fixture: Fixture, name: string, extra: Record<string, unknown> = {}): Promise<{ reply: Record<string, unknown>; socket?: Duplex }> {
  const device = fixture.server.devices[0]!;
  const lockdown = await openSession(fixture.server.socketPath, device.deviceId, device.udid);
  try {
    const reply = await lockdown.request({ Request: 'StartService', Service: name, ...extra });
    if (reply.Error) return { reply };
    const socket = await connectPort(fixture.server.socketPath, device.deviceId, Number(reply.Port));
    assert.notEqual(typeof socket, 'number', 'the service port accepts the connection');
    return { reply, socket: socket as Duplex };
  } finally {
    lockdown.close();
  }
}

/** A tiny AFC client: one request, one reply. */
class Afc {
  private packet = 0n;
  private readonly reader: ByteReader;

  constructor(private readonly socket: Duplex) {
    this.reader = new ByteReader(socket);
  }

  async call(operation: number, params: Buffer, payload: Buffer = Buffer.alloc(0)): Promise<{ operation: number; data: Buffer; code?: number }> {
    this.packet += 1n;
    const header = Buffer.alloc(40);
    header.write('CFA6LPAA', 0, 'latin1');
    header.writeBigUInt64LE(BigInt(40 + params.length + payload.length), 8);
    header.writeBigUInt64LE(BigInt(40 + params.length), 16);
    header.writeBigUInt64LE(this.packet, 24);
    header.writeBigUInt64LE(BigInt(operation), 32);
    this.socket.write(Buffer.concat([header, params, payload]));
    const reply = await this.reader.read(40);
    assert.equal(reply.toString('latin1', 0, 8), 'CFA6LPAA');
    assert.equal(reply.readBigUInt64LE(24), this.packet, 'the reply echoes the packet number');
    const data = await this.reader.read(Number(reply.readBigUInt64LE(8)) - 40);
    const op = Number(reply.readBigUInt64LE(32));
    return { operation: op, data, ...(op === 1 ? { code: Number(data.readBigUInt64LE(0)) } : {}) };
  }

  async status(operation: number, params: Buffer, payload: Buffer = Buffer.alloc(0)): Promise<number> {
    const reply = await this.call(operation, params, payload);
    assert.equal(reply.operation, 1, `operation ${operation} answers with a status`);
    return reply.code!;
  }

  async open(path: string, mode: number): Promise<Buffer> {
    const reply = await this.call(0x0d, Buffer.concat([u64(mode), cString(path)]));
    assert.equal(reply.operation, 0x0e, `open ${path}: ${String(reply.code)}`);
    return reply.data.subarray(0, 8);
  }

  async info(path: string): Promise<Record<string, string> | number> {
    const reply = await this.call(0x0a, cString(path));
    if (reply.operation === 1) return reply.code!;
    const parts = reply.data.toString('utf8').split('\0');
    const out: Record<string, string> = {};
    for (let i = 0; i + 1 < parts.length; i += 2) out[parts[i]!] = parts[i + 1]!;
    return out;
  }
}

const u64 = (n: number | bigint): Buffer => {
  const out = Buffer.alloc(8);
  out.writeBigUInt64LE(BigInt(n), 0);
  return out;
};
const cString = (text: string): Buffer => Buffer.from(`${text}\0`, 'utf8');

test('StartService: unknown services, no session, escrow bag and lock rules', options, async () => {
  const fixture = await pairedFixture();
  const device = fixture.server.devices[0]!;
  try {
    assert.equal((await startService(fixture, 'com.example.nope')).reply.Error, 'InvalidService');
    const plain = await connectPort(fixture.server.socketPath, device.deviceId, 62078);
    assert.notEqual(typeof plain, 'number');
    const lockdown = new PlistConnection(plain as Duplex);
    assert.equal((await lockdown.request({ Request: 'StartService', Service: 'com.apple.afc' })).Error, 'SessionInactive');
    assert.equal((await lockdown.request({ Request: 'QueryType' })).Type, 'com.apple.mobile.lockdown');
    lockdown.close();
    const record = await readPairRecord(fixture.server.socketPath, device.udid);
    const escrowBag = record.EscrowBag as Buffer;
    assert.ok(Buffer.isBuffer(escrowBag) && escrowBag.length > 0, 'the pair record holds the escrow bag');
    assert.equal((await startService(fixture, 'com.apple.mobilebackup2', { EscrowBag: Buffer.from('wrong') })).reply.Error, 'EscrowLocked');
    fixture.server.setLocked(device.udid, true);
    assert.equal((await startService(fixture, 'com.apple.mobilebackup2')).reply.Error, 'PasswordProtected');
    const withEscrow = await startService(fixture, 'com.apple.mobilebackup2', { EscrowBag: escrowBag });
    assert.equal(withEscrow.reply.Error, undefined);
    assert.equal(typeof withEscrow.reply.Port, 'number');
    withEscrow.socket?.destroy();
    // A started port takes one connection only.
    assert.equal(await connectPort(fixture.server.socketPath, device.deviceId, Number(withEscrow.reply.Port)), 3);
  } finally {
    await fixture.close();
  }
});

test('AFC: files, directories, confinement and the exclusive sync lock across connections', options, async () => {
  const fixture = await pairedFixture();
  try {
    const a = new Afc((await startService(fixture, 'com.apple.afc')).socket!);
    const b = new Afc((await startService(fixture, 'com.apple.afc')).socket!);
    const lockA = await a.open('/com.apple.itunes.lock_sync', 2);
    const lockB = await b.open('/com.apple.itunes.lock_sync', 2);
    assert.equal(await a.status(0x1b, Buffer.concat([lockA, u64(6)])), 0);
    assert.equal(await b.status(0x1b, Buffer.concat([lockB, u64(6)])), 19, 'the second exclusive lock would block');
    assert.equal(await a.status(0x1b, Buffer.concat([lockA, u64(12)])), 0);
    assert.equal(await b.status(0x1b, Buffer.concat([lockB, u64(6)])), 0);
    assert.equal(await b.status(0x14, lockB), 0);
    assert.equal(await a.status(0x1b, Buffer.concat([lockA, u64(6)])), 0, 'closing the handle released its lock');

    assert.equal(await a.status(0x09, cString('/iTunesRestore')), 0);
    const file = await a.open('/iTunesRestore/RestoreApplications.plist', 4);
    const content = Buffer.from('<?xml version="1.0"?><plist><dict/></plist>');
    assert.equal(await a.status(0x10, file, content), 0);
    const tell = await a.call(0x12, file);
    assert.equal(tell.operation, 0x13);
    assert.equal(tell.data.readBigUInt64LE(0), BigInt(content.length));
    assert.equal(await a.status(0x11, Buffer.concat([file, u64(0), u64(0)])), 0);
    const read = await a.call(0x0f, Buffer.concat([file, u64(1024)]));
    assert.equal(read.operation, 2);
    assert.deepEqual(read.data, content);
    assert.equal(await a.status(0x14, file), 0);
    const info = await a.info('/iTunesRestore/RestoreApplications.plist');
    assert.deepEqual(typeof info === 'object' && [info.st_ifmt, info.st_size], ['S_IFREG', String(content.length)]);
    assert.equal(await a.info('/Books/iBooksData2.plist'), 8);
    assert.equal(await a.info('/../../../../etc/passwd'), 8, 'paths stay inside the media folder');
    const list = await a.call(0x03, cString('/'));
    assert.ok(list.data.toString('utf8').split('\0').includes('iTunesRestore'));
    assert.equal(await a.status(0x08, cString('/iTunesRestore')), 1, 'a non-empty directory is not removed');
    assert.equal(await a.status(0x22, cString('/iTunesRestore')), 0);
    assert.equal(await a.info('/iTunesRestore'), 8);
    const deviceInfo = (await a.call(0x0b, Buffer.alloc(0))).data.toString('utf8').split('\0');
    assert.equal(deviceInfo[deviceInfo.indexOf('Model') + 1], fixture.server.devices[0]!.model.productType);
  } finally {
    await fixture.close();
  }
});

test('notification_proxy relays device and host notifications to observers; Shutdown gives ProxyDeath', options, async () => {
  const fixture = await pairedFixture();
  const udid = fixture.server.devices[0]!.udid;
  try {
    const observer = new PlistConnection((await startService(fixture, 'com.apple.mobile.notification_proxy')).socket!);
    observer.send({ Command: 'ObserveNotification', Name: 'com.apple.itunes-client.syncCancelRequest' });
    observer.send({ Command: 'ObserveNotification', Name: 'com.apple.itunes-mobdev.syncDidStart' });
    const poster = new PlistConnection((await startService(fixture, 'com.apple.mobile.notification_proxy')).socket!);
    assert.deepEqual(await poster.request({ Command: 'Shutdown' }), { Command: 'ProxyDeath' });
    const poster2 = new PlistConnection((await startService(fixture, 'com.apple.mobile.notification_proxy')).socket!);
    poster2.send({ Command: 'PostNotification', Name: 'com.apple.itunes-mobdev.syncDidStart' });
    assert.deepEqual(await observer.receive(), { Command: 'RelayNotification', Name: 'com.apple.itunes-mobdev.syncDidStart' });
    fixture.server.postNotification(udid, 'com.apple.itunes-client.syncCancelRequest');
    assert.deepEqual(await observer.receive(), { Command: 'RelayNotification', Name: 'com.apple.itunes-client.syncCancelRequest' });
    observer.close();
    poster2.close();
  } finally {
    await fixture.close();
  }
});

test('installation_proxy Browse pages the user apps and completes; MCInstall lists profiles', options, async () => {
  const fixture = await pairedFixture({ profile: 'managed' });
  try {
    const proxy = new PlistConnection((await startService(fixture, 'com.apple.mobile.installation_proxy')).socket!);
    proxy.send({ Command: 'Browse', ClientOptions: { ApplicationType: 'User', ReturnAttributes: ['CFBundleIdentifier', 'ApplicationSINF', 'iTunesMetadata'] } });
    const listed: Record<string, unknown>[] = [];
    for (;;) {
      const page = await proxy.receive();
      if (page.Status === 'Complete') break;
      assert.equal(page.Status, 'BrowsingApplications');
      listed.push(...(page.CurrentList as Record<string, unknown>[]));
    }
    const expected = (appsFor('managed') as Record<string, unknown>[]).filter((app) => (app.ApplicationType ?? 'User') === 'User');
    assert.deepEqual(listed.map((app) => app.CFBundleIdentifier).sort(), expected.map((app) => app.CFBundleIdentifier).sort());
    assert.ok(listed.every((app) => Object.keys(app).every((key) => ['CFBundleIdentifier', 'ApplicationSINF', 'iTunesMetadata'].includes(key))));
    proxy.close();
    const mc = new PlistConnection((await startService(fixture, 'com.apple.mobile.MCInstall')).socket!);
    const profiles = await mc.request({ RequestType: 'GetProfileList' });
    assert.equal(profiles.Status, 'Acknowledged');
    assert.ok(Array.isArray(profiles.OrderedIdentifiers));
    mc.close();
  } finally {
    await fixture.close();
  }
});

test('a service that asks for SSL handshakes with the pair record like the session', options, async () => {
  const fixture = await pairedFixture();
  const device = fixture.server.devices[0]!;
  try {
    const { reply, socket } = await startService(fixture, echoService.name);
    assert.equal(reply.EnableServiceSSL, true);
    const record = await readPairRecord(fixture.server.socketPath, device.udid);
    const secure = await upgradeClient(socket!, new ByteReader(socket!), record);
    const reader = new ByteReader(secure);
    secure.write('hello over TLS');
    assert.equal((await reader.read(14)).toString(), 'hello over TLS');
    secure.destroy();
  } finally {
    await fixture.close();
  }
});

test('failAfterBytes cuts the connection mid-message, once', { timeout: 120_000 }, async () => {
  const fixture = await startFixture();
  const device = fixture.server.devices[0]!;
  try {
    fixture.server.failAfterBytes(device.udid, 100);
    const cut = await connectPort(fixture.server.socketPath, device.deviceId, 62078);
    const lockdown = new PlistConnection(cut as Duplex);
    await assert.rejects(lockdown.request({ Request: 'GetValue', Key: 'ProductVersion' }), /closed/);
    const again = new PlistConnection((await connectPort(fixture.server.socketPath, device.deviceId, 62078)) as Duplex);
    assert.equal((await again.request({ Request: 'GetValue', Key: 'ProductVersion' })).Value, device.domain('').ProductVersion);
    again.close();
  } finally {
    await fixture.close();
  }
});

test('a throttled device still delivers every byte intact', options, async () => {
  const fixture = await pairedFixture({ throttleMbps: 2 });
  try {
    const afc = new Afc((await startService(fixture, 'com.apple.afc')).socket!);
    const data = Buffer.alloc(600_000, 0);
    for (let i = 0; i < data.length; i += 1) data[i] = (i * 7919) & 0xff;
    const file = await afc.open('/Downloads/blob.bin', 4);
    assert.equal(await afc.status(0x10, file, data), 0);
    assert.equal(await afc.status(0x11, Buffer.concat([file, u64(0), u64(0)])), 0);
    const read = await afc.call(0x0f, Buffer.concat([file, u64(data.length)]));
    assert.ok(read.data.equals(data));
  } finally {
    await fixture.close();
  }
});
