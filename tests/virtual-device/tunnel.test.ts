import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { test } from 'node:test';
import { DeviceLink } from './tunnel.ts';

/** A real socket pair over a UNIX socket: the host end and the device end of a tunnel through `link`. */
async function tunnelPair(link: DeviceLink): Promise<{ host: net.Socket; device: Duplex; close(): void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cradle-tunnel-'));
  const socketPath = path.join(dir, 's');
  const accepted = new Promise<net.Socket>((resolve) => {
    const server = net.createServer({ allowHalfOpen: true }, (socket) => {
      server.close();
      resolve(socket);
    });
    server.listen(socketPath);
  });
  await new Promise((resolve) => setTimeout(resolve, 20));
  const host = net.createConnection(socketPath);
  const device = link.open(await accepted, Buffer.from('early'));
  return { host, device, close: () => { host.destroy(); device.destroy(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

function collect(stream: Duplex | net.Socket): { bytes: () => Buffer; closed: Promise<void> } {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  // Resolves when the stream stops delivering: a clean end or a cut.
  const closed = new Promise<void>((resolve) => {
    stream.once('end', () => resolve());
    stream.once('close', () => resolve());
  });
  return { bytes: () => Buffer.concat(chunks), closed };
}

test('a tunnel carries bytes both ways, early bytes first, under a bandwidth cap', { timeout: 30_000 }, async () => {
  const link = new DeviceLink(() => 5_000_000);
  const { host, device, close } = await tunnelPair(link);
  try {
    const atDevice = collect(device);
    const atHost = collect(host);
    const payload = Buffer.alloc(400_000, 7);
    host.write(payload);
    device.write(payload);
    host.end();
    device.end();
    await Promise.all([atDevice.closed, atHost.closed]);
    assert.deepEqual(atDevice.bytes(), Buffer.concat([Buffer.from('early'), payload]));
    assert.deepEqual(atHost.bytes(), payload);
  } finally {
    close();
  }
});

test('failAfterBytes passes exactly the budget, then cuts the tunnel, once', { timeout: 30_000 }, async () => {
  const link = new DeviceLink(() => undefined);
  link.failAfterBytes(1000);
  const { host, device, close } = await tunnelPair(link);
  try {
    const atDevice = collect(device);
    const hostClosed = new Promise<void>((resolve) => host.once('close', () => resolve()));
    host.on('error', () => undefined);
    host.write(Buffer.alloc(5000, 1));
    await Promise.all([atDevice.closed, hostClosed]);
    assert.equal(atDevice.bytes().length, 1000, '5 early bytes + 995 of the write');
  } finally {
    close();
  }
  const second = await tunnelPair(link);
  try {
    const atDevice = collect(second.device);
    second.host.end(Buffer.alloc(5000, 2));
    await atDevice.closed;
    assert.equal(atDevice.bytes().length, 5005, 'the fault disarmed after firing');
  } finally {
    second.close();
  }
});
