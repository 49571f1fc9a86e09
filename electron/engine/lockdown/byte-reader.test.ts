import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { CradleError } from '../../../shared/errors.ts';
import { ByteReader } from './byte-reader.ts';

test('exact reads across and within chunks return the bytes in order', async () => {
  const stream = new PassThrough();
  const reader = new ByteReader(stream);
  const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
  for (let i = 0; i < data.length; i += 7) stream.write(data.subarray(i, i + 7));
  const parts = [await reader.read(3), await reader.read(500), await reader.readSome(10), await reader.read(0)];
  const taken = parts.reduce((n, p) => n + p.length, 0);
  parts.push(await reader.read(1000 - taken));
  assert.deepEqual(Buffer.concat(parts), data);
});

test('a stream that ends early is DEVICE_DISCONNECTED; silence past the timeout is TIMEOUT', async () => {
  const ended = new PassThrough();
  const reader = new ByteReader(ended);
  ended.end(Buffer.from([1, 2]));
  await assert.rejects(reader.read(4), (e: unknown) => e instanceof CradleError && e.code === 'DEVICE_DISCONNECTED');

  const silent = new ByteReader(new PassThrough());
  await assert.rejects(silent.read(1, 20), (e: unknown) => e instanceof CradleError && e.code === 'TIMEOUT');
});

test('the stream is paused while much is buffered and resumed as it is read (backpressure)', async () => {
  const stream = new PassThrough({ highWaterMark: 1024 });
  const reader = new ByteReader(stream);
  const chunk = Buffer.alloc(1024 * 1024, 7);
  // More than the 16 MiB read-ahead.
  const chunks = 20;
  for (let i = 0; i < chunks; i += 1) stream.write(chunk);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(stream.isPaused(), true);
  let total = 0;
  while (total < chunks * chunk.length) total += (await reader.readSome(1024 * 1024)).length;
  assert.equal(total, chunks * chunk.length);
  assert.equal(stream.isPaused(), false, 'resumed once read');
});
