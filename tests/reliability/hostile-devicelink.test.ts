/**
 * Hostile device, DeviceLink layer (beyond tests/integration/hostile-device.test.ts, which covers path
 * escapes, absurd lengths, unknown commands and a device silent mid-file): generated malformed commands
 * (wrong types for every argument, binary garbage, plist bombs), endless streams (one upload that never
 * ends, an endless sequence of files, of error frames, of messages), a device that stops reading while the
 * host sends, and bytes trickled just under the idle timeout. Memory stays bounded, Cancel and timeouts
 * end every case, errors carry clear codes, and nothing is written outside the backup root.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import bplistCreator from 'bplist-creator';
import { PathConfinement } from '../../electron/engine/devicelink/confine.ts';
import { DeviceLink } from '../../electron/engine/devicelink/link.ts';
import { runLinkSession } from '../../electron/engine/devicelink/session.ts';
import { codeOf, drained, failureOf, guardProcess, plistBombs, retainedMemory, sampleMemory, scriptedServer, Seeded, sentinelRoot, trickle } from '../helpers/hostile-kit.ts';
import { scaled, tally } from '../helpers/reliability-tally.ts';

const area = 'hostile device';
const sandbox = sentinelRoot('cradle-hostile-link-');
after(() => sandbox.remove());
fs.mkdirSync(path.join(sandbox.root, 'UDID', 'ab'), { recursive: true });
fs.writeFileSync(path.join(sandbox.root, 'UDID', 'ab', 'kept'), 'previous backup file');

function u32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value >>> 0, 0);
  return buffer;
}
const frame = (body: Buffer) => Buffer.concat([u32(body.length), body]);
const message = (value: unknown) => frame(bplistCreator(value as object));
const name = (text: string) => frame(Buffer.from(text));
const final = message(['DLMessageProcessMessage', { MessageName: 'Response', ErrorCode: 0 }]);

interface Run {
  error: unknown;
  received: Buffer;
}

/**
 * Runs the host's command loop against a peer; `peer` drives the device side of the socket. The host gets
 * `options` (signal, idle timeout); the run ends when the loop ends.
 */
async function hostAgainst(
  peer: (socket: net.Socket) => void | Promise<void>,
  options: { signal?: AbortSignal; idleTimeoutMs?: number; root?: string } = {},
): Promise<Run> {
  let received = Buffer.alloc(0);
  const server = await scriptedServer(sandbox.dir, (socket) => {
    socket.on('data', (chunk: Buffer) => {
      if (received.length < 1 << 20) received = Buffer.concat([received, chunk]);
    });
    void Promise.resolve(peer(socket)).catch(() => undefined);
  });
  const socket = net.connect(server.path);
  socket.on('error', () => {});
  const link = new DeviceLink(socket);
  const noop = () => {};
  const error = await failureOf(
    runLinkSession(link, {
      confine: new PathConfinement(options.root ?? sandbox.root, 'UDID'),
      spaceFolder: options.root ?? sandbox.root,
      idleTimeoutMs: options.idleTimeoutMs ?? 3000,
      signal: options.signal,
      progress: { onBytes: noop, onFile: noop, onUploadBatch: noop },
    }),
  );
  link.close();
  await server.close();
  return { error, received };
}

/** Values of every plist type, for arguments of the wrong type. */
function wrongValue(random: Seeded, depth = 0): unknown {
  const kinds = ['string', 'number', 'negative', 'bool', 'data', 'date', 'array', 'dict', 'deep', 'pathish', 'huge'] as const;
  switch (random.pick(kinds)) {
    case 'string': return random.bytes(random.int(40)).toString('latin1');
    case 'number': return random.int(2 ** 31);
    case 'negative': return -random.int(1000) - 1;
    case 'bool': return random.int(2) === 0;
    case 'data': return random.bytes(random.int(64));
    case 'date': return new Date(random.int(2 ** 31) * 1000);
    case 'array': return depth > 3 ? [] : Array.from({ length: random.int(5) }, () => wrongValue(random, depth + 1));
    case 'dict': return depth > 3 ? {} : Object.fromEntries(Array.from({ length: random.int(4) }, () => [random.bytes(6).toString('hex'), wrongValue(random, depth + 1)]));
    case 'deep': {
      let value: unknown = 'bottom';
      for (let i = 0; i < 200 + random.int(300); i += 1) value = [value];
      return value;
    }
    case 'pathish': return random.pick(['UDID/../..', '../x', '/etc/passwd', 'UDID/ab/kept/../../..', 'UDID\\..\\x', 'UDID/\0x', '', '.', 'UDID/' + 'a/'.repeat(3000)]);
    case 'huge': return Array.from({ length: 5000 }, (_, i) => (i % 2 ? `UDID/../f${i}` : `UDID/ab/f${i}`));
  }
}

const COMMANDS = [
  'DLMessageDownloadFiles', 'DLMessageUploadFiles', 'DLMessageGetFreeDiskSpace', 'DLMessagePurgeDiskSpace', 'DLContentsOfDirectory',
  'DLMessageCreateDirectory', 'DLMessageMoveFiles', 'DLMessageMoveItems', 'DLMessageRemoveFiles', 'DLMessageRemoveItems',
  'DLMessageCopyItem', 'DLMessageProcessMessage', 'DLMessageDisconnect',
] as const;

const ALLOWED = new Set(['PROTOCOL', 'PATH_ESCAPE', 'DEVICE_DISCONNECTED', 'TIMEOUT']);

test('generated malformed commands: wrong argument types, garbage, bombs: clear codes, nothing outside the root', { timeout: 120_000 }, async () => {
  const guard = guardProcess();
  const memory = sampleMemory();
  const random = new Seeded(0x5eed_0001);
  const variants = scaled(400, 4000);
  const codes = new Map<string, number>();
  let inputs = 0;
  try {
    for (let i = 0; i < variants; i += 1) {
      const kind = random.int(10);
      let script: Buffer;
      if (kind < 6) {
        const command = random.pick(COMMANDS);
        script = message([command, ...Array.from({ length: random.int(5) }, () => wrongValue(random))]);
      } else if (kind === 6) script = frame(random.bytes(1 + random.int(300)));
      else if (kind === 7) script = frame(Buffer.concat([Buffer.from('bplist00'), random.bytes(random.int(200))]));
      else if (kind === 8) script = frame(random.pick(plistBombs()));
      else script = message(wrongValue(random) as object);
      inputs += 1;
      // Every command is followed by the final Response: a malformed command the host tolerates ends normally.
      const { error } = await hostAgainst((socket) => void socket.write(Buffer.concat([script, final])), { idleTimeoutMs: 300 });
      const code = error === undefined ? 'ended normally' : codeOf(error);
      codes.set(code, (codes.get(code) ?? 0) + 1);
      assert.ok(code === 'ended normally' || ALLOWED.has(code), `variant ${i}: ${code}`);
    }
    assert.ok(sandbox.untouched(), 'nothing was written outside the backup root');
    assert.equal(fs.readFileSync(path.join(sandbox.root, 'UDID', 'ab', 'kept'), 'utf8'), 'previous backup file');
    assert.deepEqual(guard.failures, []);
  } finally {
    guard.stop();
    const peak = memory.stop();
    tally(area, `DeviceLink: generated malformed commands (${[...codes].map(([c, n]) => `${c} ${n}`).join(', ')})`, { cases: variants, inputs, dataLost: sandbox.untouched() ? 0 : 1 });
    assert.ok(peak.rss < 400 * 1024 * 1024, `RSS grew by ${peak.rss} bytes`);
  }
});

/** Mounts a small tmpfs (root only); undefined when it cannot. */
function smallDisk(folder: string, megabytes: number): boolean {
  fs.mkdirSync(folder, { recursive: true });
  return spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', folder]).status === 0;
}

test('an upload that never ends fills no memory and ends DISK_FULL on a small disk; the partial file is gone', { timeout: 60_000 }, async (t) => {
  const disk = fs.mkdtempSync(path.join(os.tmpdir(), 'cradle-small-disk-'));
  if (!smallDisk(disk, 48)) {
    fs.rmSync(disk, { recursive: true });
    return t.skip('cannot mount a tmpfs here (not root)');
  }
  const guard = guardProcess();
  try {
    fs.mkdirSync(path.join(disk, 'UDID'));
    const memory = sampleMemory();
    let sent = 0;
    const { error } = await hostAgainst(
      async (socket) => {
        socket.write(Buffer.concat([message(['DLMessageUploadFiles', {}, 0, 2 ** 40]), name('/x'), name('UDID/ab/endless'), u32(0xffffffff), Buffer.from([0x0c])]));
        const chunk = Buffer.alloc(1 << 20, 0x5a);
        while (!socket.destroyed && sent < 4 * 2 ** 30) {
          sent += chunk.length;
          if (!socket.write(chunk)) await drained(socket);
        }
      },
      { root: disk },
    );
    const peak = memory.stop();
    assert.equal(codeOf(error), 'DISK_FULL');
    assert.ok(sent > 48 * 2 ** 20, 'the device sent more than the disk holds');
    assert.deepEqual(fs.readdirSync(path.join(disk, 'UDID'), { recursive: true }).filter((f) => String(f).includes('endless')), [], 'the partial file was removed');
    assert.ok(peak.heap < 96 * 2 ** 20, `heap grew by ${peak.heap} bytes while ${sent} bytes arrived`);
    assert.deepEqual(guard.failures, []);
    tally(area, 'DeviceLink: endless upload onto a 48 MB disk', { cases: 1, faults: 1, inputs: Math.round(sent / 2 ** 20) });
  } finally {
    guard.stop();
    spawnSync('umount', [disk]);
    fs.rmSync(disk, { recursive: true, force: true });
  }
});

test('endless streams are ended by Cancel: files forever, messages forever, a file trickled under the idle timeout', { timeout: 60_000 }, async () => {
  const guard = guardProcess();
  const scenarios: Record<string, (socket: net.Socket) => Promise<void>> = {
    'files forever': async (socket) => {
      socket.write(message(['DLMessageUploadFiles', {}, 0, 1]));
      for (let i = 0; !socket.destroyed; i += 1) {
        const data = Buffer.from(`file ${i}`);
        const ok = socket.write(Buffer.concat([name('/x'), name(`UDID/ab/f${i % 500}`), u32(data.length + 1), Buffer.from([0x0c]), data, u32(1), Buffer.from([0])]));
        if (!ok) await drained(socket);
        if (i % 200 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    },
    'messages forever': async (socket) => {
      for (let i = 0; !socket.destroyed; i += 1) {
        socket.write(message(['DLMessageGetFreeDiskSpace']));
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    },
    'a file trickled just under the idle timeout': async (socket) => {
      socket.write(Buffer.concat([message(['DLMessageUploadFiles', {}, 0, 1]), name('/x'), name('UDID/ab/slow'), u32(1_000_001), Buffer.from([0x0c])]));
      await trickle(socket, Buffer.alloc(1_000_000, 1), 1, 400);
    },
  };
  let cases = 0;
  try {
    for (const [what, peer] of Object.entries(scenarios)) {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 1500);
      const { error } = await hostAgainst(peer, { signal: controller.signal, idleTimeoutMs: 1000 });
      cases += 1;
      assert.equal(codeOf(error), 'CANCELLED', what);
    }
    assert.ok(!fs.existsSync(path.join(sandbox.root, 'UDID', 'ab', 'slow')), 'the trickled file was not kept');
    assert.ok(sandbox.untouched());
    assert.deepEqual(guard.failures, []);
  } finally {
    guard.stop();
    tally(area, 'DeviceLink: endless files, messages, slow-loris trickle, then Cancel', { cases, faults: cases });
  }
});

test('an endless sequence of files the device says it cannot read keeps memory bounded', { timeout: 60_000 }, async () => {
  const guard = guardProcess();
  const files = scaled(1500, 15_000);
  const text = Buffer.alloc(64 * 1024, 0x45);
  const before = retainedMemory();
  let during = 0;
  const { error } = await hostAgainst(async (socket) => {
    socket.write(message(['DLMessageUploadFiles', {}, 0, 1]));
    for (let i = 0; i < files && !socket.destroyed; i += 1) {
      const ok = socket.write(Buffer.concat([name('/x'), name(`UDID/ab/e${i}`), u32(text.length + 1), Buffer.from([0x06]), text]));
      if (!ok) await drained(socket);
    }
    // What the host holds before the batch ends. On a busy machine it may still be reading the last frames,
    // so it is measured until it settles under the bound (at most 10 s): a host that keeps the texts never does.
    const deadline = Date.now() + 10_000;
    do {
      await new Promise((resolve) => setTimeout(resolve, 100));
      during = retainedMemory() - before;
    } while (during >= (files * text.length) / 4 && Date.now() < deadline);
    socket.write(Buffer.concat([u32(0), final]));
  });
  guard.stop();
  tally(area, 'DeviceLink: endless error frames (64 KiB each)', { cases: 1, inputs: files });
  assert.ok(error === undefined || ALLOWED.has(codeOf(error)), codeOf(error));
  const claimed = files * text.length;
  assert.ok(during < claimed / 4, `the host held ${during} bytes more after ${claimed} bytes of error texts`);
  assert.deepEqual(guard.failures, []);
});

test('a device that stops reading while the host sends it a file: TIMEOUT, not a hang', { timeout: 60_000 }, async () => {
  const guard = guardProcess();
  const big = path.join(sandbox.root, 'UDID', 'ab', 'big');
  fs.writeFileSync(big, Buffer.alloc(64 * 2 ** 20, 3));
  try {
    const { error } = await hostAgainst(
      (socket) => {
        socket.write(message(['DLMessageDownloadFiles', ['UDID/ab/big'], {}, 0]));
        socket.pause();
      },
      { idleTimeoutMs: 1500 },
    );
    assert.equal(codeOf(error), 'TIMEOUT');
    assert.deepEqual(guard.failures, []);
    tally(area, 'DeviceLink: device stops reading during a download', { cases: 1, faults: 1 });
  } finally {
    guard.stop();
    fs.rmSync(big);
  }
});
