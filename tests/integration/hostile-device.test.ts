/**
 * A hostile or broken device: a scripted DeviceLink peer that names paths outside the backup folder,
 * through symlinks, or sends absurd lengths and unknown commands. The host must refuse with PATH_ESCAPE or
 * PROTOCOL, write nothing outside the backup folder, and send nothing it should not.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import bplistCreator from 'bplist-creator';
import { PathConfinement } from '../../electron/engine/devicelink/confine.ts';
import { DeviceLink } from '../../electron/engine/devicelink/link.ts';
import { runLinkSession } from '../../electron/engine/devicelink/session.ts';
import { CradleError } from '../../shared/errors.ts';

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'cradle-hostile-'));
after(() => fs.rmSync(base, { recursive: true, force: true }));

function u32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value >>> 0, 0);
  return buffer;
}
const message = (value: unknown) => {
  const body = bplistCreator(value as object);
  return Buffer.concat([u32(body.length), body]);
};
const name = (text: string) => Buffer.concat([u32(Buffer.byteLength(text)), Buffer.from(text)]);
const dataFrame = (data: string) => Buffer.concat([u32(Buffer.byteLength(data) + 1), Buffer.from([0x0c]), Buffer.from(data)]);
const endFrame = Buffer.concat([u32(1), Buffer.from([0x00])]);
const upload = (backupPath: string, data: string) =>
  Buffer.concat([message(['DLMessageUploadFiles', {}, 0, data.length]), name('/var/mobile/x'), name(backupPath), dataFrame(data), endFrame, u32(0)]);

/** Runs the host loop against a peer that sends `script`; resolves with the error and what the host sent. */
async function against(script: Buffer, setup?: (root: string, outside: string) => void) {
  const dir = fs.mkdtempSync(path.join(base, 'case-'));
  const root = path.join(dir, 'root');
  const outside = path.join(dir, 'outside');
  fs.mkdirSync(path.join(root, 'UDID'), { recursive: true });
  fs.mkdirSync(outside);
  setup?.(root, outside);
  const socketPath = path.join(dir, 'peer.sock');
  let received = Buffer.alloc(0);
  const server = net.createServer((peer) => {
    peer.on('data', (chunk) => (received = Buffer.concat([received, chunk])));
    peer.on('error', () => {});
    peer.write(script);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  const socket = net.connect(socketPath);
  socket.on('error', () => {});
  const link = new DeviceLink(socket);
  const noop = () => {};
  const error = await runLinkSession(link, {
    confine: new PathConfinement(root, 'UDID'),
    spaceFolder: root,
    idleTimeoutMs: 5000,
    progress: { onBytes: noop, onFile: noop, onUploadBatch: noop },
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  link.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return { error, received, root, outside, dir };
}

const code = (error: unknown) => (error instanceof CradleError ? error.code : String(error));

/** Every file below `folder`, relative. */
function files(folder: string): string[] {
  return fs.readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

test('uploads to .. or absolute paths are PATH_ESCAPE and write nothing anywhere', async () => {
  for (const target of ['UDID/../../outside/escaped.txt', '../outside/escaped.txt', `${base}/absolute.txt`, 'OTHERUDID/Status.plist', 'UDID/sub\\..\\..\\x']) {
    const { error, dir, root } = await against(upload(target, 'stolen'));
    assert.equal(code(error), 'PATH_ESCAPE', target);
    assert.deepEqual(files(dir).filter((f) => !f.endsWith('peer.sock')), [], `nothing written for ${target}`);
    assert.ok(fs.existsSync(root));
  }
  assert.equal(fs.existsSync(`${base}/absolute.txt`), false);
});

test('a path through a symlink out of the folder is PATH_ESCAPE', async () => {
  const { error, outside } = await against(upload('UDID/link/planted.txt', 'x'), (root, out) => fs.symlinkSync(out, path.join(root, 'UDID', 'link')));
  assert.equal(code(error), 'PATH_ESCAPE');
  assert.deepEqual(fs.readdirSync(outside), []);
});

test('mkdir, move, remove and copy outside the folder are refused; the victim survives', async () => {
  const cases: [string, Buffer][] = [
    ['mkdir', message(['DLMessageCreateDirectory', '../made-outside'])],
    ['move', message(['DLMessageMoveItems', { 'UDID/a': '../../outside/moved' }, {}, 0])],
    ['remove', message(['DLMessageRemoveItems', ['UDID/../../outside/victim.txt'], {}, 0])],
    ['copy', message(['DLMessageCopyItem', '../outside/victim.txt', 'UDID/copied'])],
  ];
  for (const [what, script] of cases) {
    const { error, outside, root } = await against(script, (r, out) => {
      fs.writeFileSync(path.join(out, 'victim.txt'), 'keep me');
      fs.writeFileSync(path.join(r, 'UDID', 'a'), 'a');
    });
    assert.equal(code(error), 'PATH_ESCAPE', what);
    assert.equal(fs.readFileSync(path.join(outside, 'victim.txt'), 'utf8'), 'keep me', what);
    assert.equal(fs.existsSync(path.join(root, '..', 'made-outside')), false);
    assert.equal(fs.existsSync(path.join(root, 'UDID', 'copied')), false);
  }
});

test('a download request for a file outside the folder sends none of it', async () => {
  const { error, received } = await against(message(['DLMessageDownloadFiles', ['UDID/../../outside/secret.txt'], {}, 0]), (_root, out) =>
    fs.writeFileSync(path.join(out, 'secret.txt'), 'TOP-SECRET-CONTENT'),
  );
  assert.equal(code(error), 'PATH_ESCAPE');
  assert.equal(received.includes(Buffer.from('TOP-SECRET')), false);
});

test('absurd lengths, unknown commands and non-DeviceLink messages are PROTOCOL errors, not allocations', async () => {
  const scripts: [string, Buffer][] = [
    ['huge plist length', u32(0x7fffffff)],
    ['huge file name', Buffer.concat([message(['DLMessageUploadFiles', {}, 0, 1]), u32(0xfffffff0)])],
    ['unknown command', message(['DLMessageFormatTheDisk'])],
    ['not an array', message({ hello: 'world' })],
    ['unknown frame code', Buffer.concat([message(['DLMessageUploadFiles', {}, 0, 1]), name('/x'), name('UDID/x'), u32(2), Buffer.from([0x42, 0])])],
  ];
  for (const [what, script] of scripts) {
    const { error } = await against(script);
    assert.equal(code(error), 'PROTOCOL', what);
  }
});

test('a device that goes silent mid-file times out instead of hanging', async () => {
  const partial = Buffer.concat([message(['DLMessageUploadFiles', {}, 0, 100]), name('/x'), name('UDID/ab/slow'), u32(101), Buffer.from([0x0c]), Buffer.from('only part')]);
  const { error, root } = await against(partial);
  assert.ok(['TIMEOUT', 'DEVICE_DISCONNECTED'].includes(code(error)), code(error));
  assert.deepEqual(files(root), [], 'the partial file was removed');
});
