/**
 * Upload batches over a real socket: a new file is created under its name; an existing file (a hard link
 * shared with the previous backup, a planted symlink) is replaced, never written through; a file cut off
 * midway leaves nothing behind and the file that was there untouched.
 */
import assert from 'node:assert/strict';
import { linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PathConfinement } from './confine.ts';
import { DeviceLink } from './link.ts';
import { receiveUploads } from './upload.ts';

const dir = mkdtempSync(join(tmpdir(), 'cradle-upload-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function u32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value);
  return out;
}
const named = (text: string) => Buffer.concat([u32(Buffer.byteLength(text)), Buffer.from(text)]);
const dataFrame = (data: Buffer) => Buffer.concat([u32(data.length + 1), Buffer.from([0x0c]), data]);
const endFrame = Buffer.concat([u32(1), Buffer.from([0x00])]);

/** One whole file of an upload batch, its data in frames of at most 32 KiB. */
function fileStream(backupPath: string, data: Buffer): Buffer {
  const frames: Buffer[] = [named(`/var/mobile/${backupPath}`), named(backupPath)];
  for (let at = 0; at < data.length; at += 32 * 1024) frames.push(dataFrame(data.subarray(at, at + 32 * 1024)));
  frames.push(endFrame);
  return Buffer.concat(frames);
}

/** Sends `bytes` as the device (then closes when `close`), and receives the batch on the host side. */
async function upload(root: string, bytes: Buffer, close = false) {
  const socketPath = join(dir, `s-${Math.random().toString(36).slice(2)}`);
  const server = net.createServer((device) => {
    device.on('error', () => undefined);
    device.write(bytes, () => {
      if (close) device.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  const host = net.connect(socketPath);
  const link = new DeviceLink(host);
  try {
    return await receiveUploads(link, new PathConfinement(root, 'U'), { onBytes: () => {}, onFile: () => {} });
  } finally {
    link.close();
    server.close();
  }
}

const sizes = [0, 100, 40_000, 3 * 1024 * 1024];

test('new files of every size are created under their names, with no partial files left', async () => {
  const root = join(dir, 'new');
  mkdirSync(join(root, 'U'), { recursive: true });
  const files = sizes.map((size, index) => ({ path: `U/Snapshot/a${index}/file${index}`, data: Buffer.alloc(size, index + 1) }));
  const result = await upload(root, Buffer.concat([...files.map((f) => fileStream(f.path, f.data)), u32(0)]));
  assert.equal(result.files, files.length);
  for (const file of files) assert.deepEqual(readFileSync(join(root, file.path)), file.data);
  const names = readdirSync(root, { recursive: true }).map(String);
  assert.deepEqual(names.filter((name) => name.endsWith('.cradle-part')), []);
});

test('an existing file shared with the previous backup by a hard link is replaced, the other link keeps its content', async () => {
  const root = join(dir, 'linked');
  mkdirSync(join(root, 'U', 'ab'), { recursive: true });
  mkdirSync(join(root, 'previous', 'ab'), { recursive: true });
  for (const index of sizes.keys()) {
    const previous = join(root, 'previous', 'ab', `f${index}`);
    writeFileSync(previous, 'the previous backup');
    linkSync(previous, join(root, 'U', 'ab', `f${index}`));
  }
  const result = await upload(root, Buffer.concat([...sizes.map((size, index) => fileStream(`U/ab/f${index}`, Buffer.alloc(size, 7))), u32(0)]));
  assert.equal(result.files, sizes.length);
  for (const [index, size] of sizes.entries()) {
    assert.deepEqual(readFileSync(join(root, 'U', 'ab', `f${index}`)), Buffer.alloc(size, 7));
    assert.equal(readFileSync(join(root, 'previous', 'ab', `f${index}`), 'utf8'), 'the previous backup');
    assert.equal(statSync(join(root, 'U', 'ab', `f${index}`)).nlink, 1);
  }
});

test('a symlink planted where a file goes is replaced by the file; what it pointed to is untouched', async () => {
  const root = join(dir, 'planted');
  mkdirSync(join(root, 'U', 'ab'), { recursive: true });
  const outside = join(dir, 'outside-file');
  writeFileSync(outside, 'outside');
  symlinkSync(outside, join(root, 'U', 'ab', 'small'));
  symlinkSync(outside, join(root, 'U', 'ab', 'large'));
  await upload(root, Buffer.concat([fileStream('U/ab/small', Buffer.from('in')), fileStream('U/ab/large', Buffer.alloc(1024 * 1024, 1)), u32(0)]));
  assert.equal(readFileSync(outside, 'utf8'), 'outside');
  assert.ok(lstatSync(join(root, 'U', 'ab', 'small')).isFile());
  assert.ok(lstatSync(join(root, 'U', 'ab', 'large')).isFile());
  assert.equal(readFileSync(join(root, 'U', 'ab', 'small'), 'utf8'), 'in');
});

test('a file cut off midway leaves nothing where it was going, and an existing file there untouched', async () => {
  for (const existing of [false, true]) {
    const root = join(dir, `cut-${existing}`);
    mkdirSync(join(root, 'U', 'ab'), { recursive: true });
    const target = join(root, 'U', 'ab', 'big');
    if (existing) writeFileSync(target, 'whole');
    const whole = fileStream('U/ab/big', Buffer.alloc(3 * 1024 * 1024, 9));
    await assert.rejects(upload(root, whole.subarray(0, 2 * 1024 * 1024), true));
    assert.deepEqual(readdirSync(join(root, 'U', 'ab')), existing ? ['big'] : []);
    if (existing) assert.equal(readFileSync(target, 'utf8'), 'whole');
  }
});
