/**
 * com.apple.mobilebackup2 on a bare socket, driven by a DeviceLink host written here from PROTOCOLS.md §3
 * and §8 (no libimobiledevice needed): Hello, file-stream framing, and the errors idevicebackup2 cannot
 * provoke (no disk space, locked device, no common version).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import bplistCreator from 'bplist-creator';
import { parseBuffer } from 'bplist-parser';
import { ByteReader } from '../../integration/raw-host.ts';
import { createDeviceStore } from '../store.ts';
import type { VirtualDevice } from '../types.ts';
import { mobilebackup2Service } from './service.ts';

const EMPTY = '___EmptyParameterString___';

/** A host that serves DL commands from an in-memory backup folder. */
class Host {
  readonly files = new Map<string, Buffer>();
  readonly commands: string[] = [];
  readonly frameSizes: number[] = [];
  freeSpace = 50 * 1024 ** 3;
  private readonly reader: ByteReader;

  constructor(private readonly socket: net.Socket) {
    this.reader = new ByteReader(socket);
  }

  async handshake(): Promise<void> {
    assert.deepEqual(await this.receive(), ['DLMessageVersionExchange', 400, 0]);
    this.send(['DLMessageVersionExchange', 'DLVersionsOk', 400]);
    assert.deepEqual(await this.receive(), ['DLMessageDeviceReady']);
  }

  /** Sends a request and serves DL commands until the device's final Response. */
  async request(message: Record<string, unknown>): Promise<Record<string, unknown>> {
    this.send(['DLMessageProcessMessage', message]);
    for (;;) {
      const command = (await this.receive()) as unknown[];
      const name = command[0] as string;
      this.commands.push(name);
      if (name === 'DLMessageProcessMessage') return command[1] as Record<string, unknown>;
      if (name === 'DLMessageDownloadFiles') await this.sendFiles(command[1] as string[]);
      else if (name === 'DLMessageUploadFiles') {
        assert.equal(command.length, 4);
        await this.receiveFiles();
      } else if (name === 'DLMessageGetFreeDiskSpace') this.status(0, this.freeSpace);
      else if (name === 'DLContentsOfDirectory') this.status(0, {});
      else if (name === 'DLMessageMoveItems') {
        for (const [from, to] of Object.entries(command[1] as Record<string, string>)) {
          this.files.set(to, this.files.get(from)!);
          this.files.delete(from);
        }
        this.status(0, {});
      } else if (name === 'DLMessageRemoveItems') {
        for (const gone of command[1] as string[]) for (const key of [...this.files.keys()]) if (key === gone || key.startsWith(`${gone}/`)) this.files.delete(key);
        this.status(0, {});
      } else this.status(0, EMPTY);
    }
  }

  private async sendFiles(paths: string[]): Promise<void> {
    const errors: Record<string, unknown> = {};
    for (const name of paths) {
      this.socket.write(Buffer.concat([u32(Buffer.byteLength(name)), Buffer.from(name)]));
      const data = this.files.get(name);
      if (!data) {
        const text = Buffer.from('No such file or directory');
        this.socket.write(Buffer.concat([u32(text.length + 1), Buffer.from([0x06]), text]));
        errors[name] = { DLFileErrorCode: -6, DLFileErrorString: 'No such file or directory' };
        continue;
      }
      for (let i = 0; i < data.length; i += 32768) {
        const piece = data.subarray(i, i + 32768);
        this.socket.write(Buffer.concat([u32(piece.length + 1), Buffer.from([0x0c]), piece]));
      }
      this.socket.write(Buffer.concat([u32(1), Buffer.from([0])]));
    }
    this.socket.write(u32(0));
    if (Object.keys(errors).length) this.status(-13, errors, 'Multi status');
    else this.status(0, {});
  }

  private async receiveFiles(): Promise<void> {
    for (;;) {
      const deviceNameLength = (await this.reader.read(4)).readUInt32BE(0);
      if (deviceNameLength === 0) break;
      await this.reader.read(deviceNameLength);
      const name = (await this.reader.read((await this.reader.read(4)).readUInt32BE(0))).toString('utf8');
      const parts: Buffer[] = [];
      for (;;) {
        const length = (await this.reader.read(4)).readUInt32BE(0);
        const code = (await this.reader.read(1))[0];
        const payload = await this.reader.read(length - 1);
        if (code !== 0x0c) break;
        this.frameSizes.push(payload.length);
        parts.push(payload);
      }
      this.files.set(name, Buffer.concat(parts));
    }
    this.status(0, {});
  }

  private status(code: number, payload: unknown, text = EMPTY): void {
    this.send(['DLMessageStatusResponse', code, text, payload]);
  }

  private send(value: unknown): void {
    const body = bplistCreator(value as object);
    this.socket.write(Buffer.concat([u32(body.length), body]));
  }

  private async receive(): Promise<unknown> {
    const length = (await this.reader.read(4)).readUInt32BE(0);
    return parseBuffer(await this.reader.read(length))[0];
  }
}

function u32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value, 0);
  return b;
}

/** A device with a few files, served over a UNIX socket to a fresh Host. */
async function withDevice(run: (host: Host, device: VirtualDevice) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cradle-mb2-'));
  const store = createDeviceStore(path.join(dir, 'store'));
  store.writeFile('HomeDomain', 'Library/Notes/a.txt', Buffer.from('hello'));
  store.writeFile('MediaDomain', 'Media/big.bin', randomBytes(100_000));
  const device: VirtualDevice = {
    udid: '00008030-000A1B2C3D4E5F60', deviceId: 1, profile: 'personal', dir, store, privateKeyPem: 'test key',
    values: { '': { ProductVersion: '17.5', DeviceName: 'Test' }, 'com.apple.mobile.backup': {} },
    locked: false, findMy: false, trustMode: 'auto', backupPassword: null, kdf: { dpic: 10, iter: 5 }, changed() {},
  };
  const server = net.createServer((socket) => mobilebackup2Service.handle(socket, device));
  const socketPath = path.join(dir, 'mb2.sock');
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  const socket = net.connect(socketPath);
  try {
    const host = new Host(socket);
    await host.handshake();
    await run(host, device);
  } finally {
    socket.destroy();
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('Hello answers the highest common version as a real, and error 1 when there is none', async () => {
  await withDevice(async (host) => {
    const hello = await host.request({ MessageName: 'Hello', SupportedProtocolVersions: [new bplistCreator.Real(2.0), new bplistCreator.Real(2.1)] });
    assert.deepEqual(hello, { MessageName: 'Response', ErrorCode: 0, ProtocolVersion: 2.1 });
    const old = await host.request({ MessageName: 'Hello', SupportedProtocolVersions: [new bplistCreator.Real(2.0)] });
    assert.equal(old.ProtocolVersion, 2);
    const none = await host.request({ MessageName: 'Hello', SupportedProtocolVersions: [new bplistCreator.Real(1.5)] });
    assert.equal(none.ErrorCode, 1);
  });
});

test('a backup streams files in frames of at most 32 KiB into Snapshot/, then moves them and finishes Status.plist last', async () => {
  await withDevice(async (host, device) => {
    const reply = await host.request({ MessageName: 'Backup', TargetIdentifier: device.udid });
    assert.equal(reply.ErrorCode, 0, String(reply.ErrorDescription));
    assert.ok(Math.max(...host.frameSizes) <= 32768);
    assert.ok(host.frameSizes.filter((n) => n === 32768).length >= 3, 'the 100 kB file took several full frames');
    assert.equal(host.commands.at(-2), 'DLMessageUploadFiles');
    assert.ok(host.commands.indexOf('DLMessageGetFreeDiskSpace') < host.commands.indexOf('DLMessageUploadFiles'));
    const status = parseBuffer(host.files.get(`${device.udid}/Status.plist`)!)[0] as Record<string, unknown>;
    assert.equal(status.SnapshotState, 'finished');
    assert.ok(![...host.files.keys()].some((name) => name.includes('/Snapshot/')));
    assert.ok(host.files.has(`${device.udid}/Manifest.db`) && host.files.has(`${device.udid}/Manifest.plist`));
    assert.ok([...host.files.values()].some((data) => data.length === 100_000));
  });
});

test('a backup that does not fit the host ends with 105 before any upload; a locked device with 208', async () => {
  await withDevice(async (host, device) => {
    host.freeSpace = 64 * 1024 * 1024;
    const full = await host.request({ MessageName: 'Backup', TargetIdentifier: device.udid });
    assert.equal(full.ErrorCode, 105);
    assert.match(String(full.ErrorDescription), /disk space/i);
    assert.ok(!host.commands.includes('DLMessageUploadFiles'));
    device.locked = true;
    assert.equal((await host.request({ MessageName: 'Backup', TargetIdentifier: device.udid })).ErrorCode, 208);
    assert.equal((await host.request({ MessageName: 'Unback', TargetIdentifier: device.udid })).ErrorCode, 4);
  });
});

test('EnableCloudBackup and ChangePassword change the device settings', async () => {
  await withDevice(async (host, device) => {
    assert.equal((await host.request({ MessageName: 'EnableCloudBackup', TargetIdentifier: device.udid, CloudBackupState: true })).ErrorCode, 0);
    assert.equal(device.values['com.apple.mobile.backup']!.CloudBackupEnabled, true);
    assert.equal((await host.request({ MessageName: 'ChangePassword', TargetIdentifier: device.udid, NewPassword: 'one' })).ErrorCode, 0);
    assert.equal(device.backupPassword, 'one');
    assert.equal(device.values['com.apple.mobile.backup']!.WillEncrypt, true);
    assert.equal((await host.request({ MessageName: 'ChangePassword', TargetIdentifier: device.udid, NewPassword: 'two' })).ErrorCode, 207);
    assert.equal((await host.request({ MessageName: 'ChangePassword', TargetIdentifier: device.udid, OldPassword: 'nope', NewPassword: 'two' })).ErrorCode, 207);
    assert.equal((await host.request({ MessageName: 'ChangePassword', TargetIdentifier: device.udid, OldPassword: 'one', NewPassword: 'two' })).ErrorCode, 0);
    assert.equal(device.backupPassword, 'two');
    assert.equal((await host.request({ MessageName: 'ChangePassword', TargetIdentifier: device.udid, OldPassword: 'two' })).ErrorCode, 0);
    assert.equal(device.backupPassword, null);
    assert.equal(device.values['com.apple.mobile.backup']!.WillEncrypt, false);
  });
});
