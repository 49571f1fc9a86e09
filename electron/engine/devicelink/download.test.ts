/**
 * Download batches over a real socket: files of every size (empty, one byte, whole frames, larger than a
 * send buffer, many small ones sharing a write) arrive whole in frames of at most 32 KiB; a missing file
 * gets an error frame and is reported; a file that is a symlink is PATH_ESCAPE and nothing of it is sent.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CradleError } from '../../../shared/errors.ts';
import { PathConfinement } from './confine.ts';
import { sendDownloads } from './download.ts';
import { DeviceLink } from './link.ts';
import { SmallFiles } from './small-files.ts';

const dir = mkdtempSync(join(tmpdir(), 'cradle-download-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** What the device side parsed: per file its name, data, frame sizes and how it ended. */
interface Received {
  name: string;
  data: Buffer;
  largestFrame: number;
  end: number;
}

/** Parses a whole download stream (as the device reads it) up to the closing u32 0. */
function parse(stream: Buffer): Received[] {
  const files: Received[] = [];
  let at = 0;
  const u32 = () => {
    const value = stream.readUInt32BE(at);
    at += 4;
    return value;
  };
  for (;;) {
    const nameLength = u32();
    if (nameLength === 0) break;
    const name = stream.subarray(at, (at += nameLength)).toString('utf8');
    const parts: Buffer[] = [];
    let largestFrame = 0;
    for (;;) {
      const length = u32();
      const code = stream[at++]!;
      const payload = stream.subarray(at, (at += length - 1));
      if (code !== 0x0c) {
        files.push({ name, data: Buffer.concat(parts), largestFrame, end: code });
        break;
      }
      largestFrame = Math.max(largestFrame, payload.length);
      parts.push(payload);
    }
  }
  assert.equal(at, stream.length, 'nothing after the end of the batch');
  return files;
}

/** Runs one batch from `root` for `paths`; returns the parsed stream, the errors or the error thrown. */
async function download(root: string, paths: string[], cache?: SmallFiles) {
  const socketPath = join(dir, `s-${Math.random().toString(36).slice(2)}`);
  const chunks: Buffer[] = [];
  let received!: () => void;
  const ended = new Promise<void>((resolve) => (received = resolve));
  const server = net.createServer((device) => {
    device.on('data', (chunk: Buffer) => chunks.push(chunk));
    device.on('end', received);
    device.on('error', received);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  const host = net.connect(socketPath);
  const link = new DeviceLink(host);
  try {
    const bytes = { count: 0, files: 0 };
    const errors = await sendDownloads(link, new PathConfinement(root, 'U'), paths, { onBytes: (n) => (bytes.count += n), onFile: () => (bytes.files += 1) }, undefined, undefined, cache).catch((error: unknown) => error);
    host.end();
    await ended;
    return { errors, stream: Buffer.concat(chunks), bytes };
  } finally {
    link.close();
    server.close();
  }
}

const sizes = [0, 1, 32 * 1024, 32 * 1024 + 1, 200_000, 600_000, 3 * 1024 * 1024 + 7];

test('files of every size arrive whole, in frames of at most 32 KiB, many small ones in one batch', async () => {
  const root = join(dir, 'sizes');
  mkdirSync(join(root, 'U', 'ab'), { recursive: true });
  const expected = new Map<string, Buffer>();
  for (const [index, size] of sizes.entries()) {
    const data = Buffer.alloc(size, index + 1);
    if (size >= 4) data.writeUInt32BE(size, 0);
    expected.set(`U/ab/f${index}`, data);
  }
  for (let index = 0; index < 300; index += 1) expected.set(`U/ab/small${index}`, Buffer.from(`small file ${index}`));
  for (const [path, data] of expected) writeFileSync(join(root, path), data);
  const { errors, stream, bytes } = await download(root, [...expected.keys()]);
  assert.deepEqual(errors, {});
  const files = parse(stream);
  assert.deepEqual(files.map((file) => file.name), [...expected.keys()]);
  for (const file of files) {
    assert.equal(file.end, 0x00, file.name);
    assert.ok(file.largestFrame <= 32 * 1024, file.name);
    assert.ok(file.data.equals(expected.get(file.name)!), `${file.name} arrives whole`);
  }
  assert.equal(bytes.count, [...expected.values()].reduce((sum, data) => sum + data.length, 0));
  assert.equal(bytes.files, expected.size);
});

test('a missing file gets an error frame and is reported; the others still arrive', async () => {
  const root = join(dir, 'missing');
  mkdirSync(join(root, 'U', 'ab'), { recursive: true });
  writeFileSync(join(root, 'U/ab/here'), 'present');
  const { errors, stream } = await download(root, ['U/ab/gone', 'U/ab/here']);
  assert.deepEqual(Object.keys(errors as object), ['U/ab/gone']);
  const [gone, here] = parse(stream);
  assert.equal(gone!.end, 0x06);
  assert.equal(gone!.data.length, 0);
  assert.equal(here!.data.toString(), 'present');
});

test('a file that is a symlink is PATH_ESCAPE and nothing it points to is sent', async () => {
  const root = join(dir, 'link');
  mkdirSync(join(root, 'U', 'ab'), { recursive: true });
  const outside = join(dir, 'secret.txt');
  writeFileSync(outside, 'TOP-SECRET');
  symlinkSync(outside, join(root, 'U/ab/planted'));
  const { errors, stream } = await download(root, ['U/ab/planted']);
  assert.ok(errors instanceof CradleError);
  assert.equal(errors.code, 'PATH_ESCAPE');
  assert.equal(stream.includes(Buffer.from('TOP-SECRET')), false);
});

test("with a clone's cache, small files are read once and every later device gets the same bytes; large ones are read each time", async () => {
  const root = join(dir, 'cache');
  mkdirSync(join(root, 'U', 'ab'), { recursive: true });
  const files = new Map<string, Buffer>([
    ['U/ab/empty', Buffer.alloc(0)],
    ['U/ab/one', Buffer.from('1')],
    ['U/ab/frame', Buffer.alloc(32 * 1024 - 1, 7)],
    ['U/ab/large', Buffer.alloc(200_000, 9)],
  ]);
  for (let index = 0; index < 200; index += 1) files.set(`U/ab/s${index}`, Buffer.from(`small ${index} `.repeat(index + 1)));
  for (const [path, data] of files) writeFileSync(join(root, path), data);
  const cache = new SmallFiles();
  const first = await download(root, [...files.keys()], cache);
  assert.deepEqual(first.errors, {});
  const small = [...files].filter(([, data]) => data.length < 32 * 1024);
  assert.equal(cache.size, small.reduce((sum, [, data]) => sum + data.length, 0), 'every small file is kept, and only those');

  // The disk no longer has them: the next device still gets them whole, from memory; the large one is read again.
  for (const path of files.keys()) unlinkSync(join(root, path));
  const second = await download(root, [...files.keys()], cache);
  assert.deepEqual(Object.keys(second.errors as object), ['U/ab/large'], 'a large file is read from disk every time');
  const parsed = parse(second.stream);
  for (const file of parsed.filter((f) => f.name !== 'U/ab/large')) {
    assert.equal(file.end, 0x00, file.name);
    assert.ok(file.data.equals(files.get(file.name)!), `${file.name} arrives whole from the cache`);
  }
  assert.equal(second.bytes.count, cache.size);
  assert.equal(second.bytes.files, files.size - 1);
});

test('the cache keeps no more than its bound', async () => {
  const root = join(dir, 'bound');
  mkdirSync(join(root, 'U', 'ab'), { recursive: true });
  const paths = Array.from({ length: 20 }, (_, index) => `U/ab/f${index}`);
  for (const path of paths) writeFileSync(join(root, path), Buffer.alloc(30_000, 1));
  const cache = new SmallFiles(100_000);
  const { errors, stream } = await download(root, paths, cache);
  assert.deepEqual(errors, {});
  assert.equal(parse(stream).length, 20);
  assert.ok(cache.size > 0 && cache.size <= 100_000, `kept ${cache.size} bytes`);
});
