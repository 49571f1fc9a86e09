import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { test } from 'node:test';
import { encryptCbc, storedKey } from '../../../tests/helpers/backup-crypto-fixtures.ts';
import { createDecryptStream, decryptBuffer, unwrapFileKey } from './file-cipher.ts';

const CLASS_KEYS = new Map([[1, randomBytes(32)], [3, randomBytes(32)]]);

function isCorrupt(message?: RegExp) {
  return (error: unknown): boolean => {
    assert.equal((error as { code?: string }).code, 'BACKUP_CORRUPT');
    if (message) assert.match((error as Error).message, message);
    return true;
  };
}

/** Pushes `data` through a decrypt stream in chunks of `chunk` bytes and collects what comes out. */
async function streamed(key: Buffer, data: Buffer, chunk: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  const chunks = Array.from({ length: Math.ceil(data.length / chunk) }, (_, i) => data.subarray(i * chunk, (i + 1) * chunk));
  await pipeline(Readable.from(chunks), createDecryptStream(key), new Writable({
    write(part: Buffer, _encoding, callback) {
      parts.push(part);
      callback();
    },
  }));
  return Buffer.concat(parts);
}

test('unwrapFileKey opens an EncryptionKey / ManifestKey with its class key', () => {
  const key = randomBytes(32);
  assert.deepEqual(unwrapFileKey(storedKey(3, CLASS_KEYS.get(3)!, key), CLASS_KEYS), key);
});

test('unwrapFileKey: a device-only or missing class, a damaged or short key are BACKUP_CORRUPT', () => {
  const key = randomBytes(32);
  assert.throws(() => unwrapFileKey(storedKey(10, randomBytes(32), key), CLASS_KEYS), isCorrupt(/stays on the device/));
  assert.throws(() => unwrapFileKey(storedKey(2, randomBytes(32), key), CLASS_KEYS), isCorrupt(/does not hold/));
  const damaged = storedKey(1, CLASS_KEYS.get(1)!, key);
  damaged[20]! ^= 1;
  assert.throws(() => unwrapFileKey(damaged, CLASS_KEYS), isCorrupt(/does not match/));
  assert.throws(() => unwrapFileKey(storedKey(1, CLASS_KEYS.get(1)!, key).subarray(0, 40), CLASS_KEYS), isCorrupt());
  assert.throws(() => unwrapFileKey(Buffer.alloc(2), CLASS_KEYS), isCorrupt());
});

test('decryptBuffer strips PKCS#7 padding at every length around block edges', () => {
  const key = randomBytes(32);
  for (const length of [0, 1, 15, 16, 17, 31, 32, 33, 1000]) {
    const plain = randomBytes(length);
    assert.deepEqual(decryptBuffer(encryptCbc(key, plain), key), plain, `length ${length}`);
  }
  assert.deepEqual(decryptBuffer(Buffer.alloc(0), key), Buffer.alloc(0));
});

test('decryptBuffer: bad padding, a cut-off length or a wrong key length are BACKUP_CORRUPT', () => {
  const key = randomBytes(32);
  const encrypted = encryptCbc(key, randomBytes(40));
  // The last block decrypted with another key ends in random bytes: bad padding (a valid one by chance
  // would need 0x01 at the end, 1 in 256; retry with fresh keys until the padding is bad).
  let other = randomBytes(32);
  while (decryptBufferOk(encrypted, other)) other = randomBytes(32);
  assert.throws(() => decryptBuffer(encrypted, other), isCorrupt(/padding/));
  assert.throws(() => decryptBuffer(encrypted.subarray(0, 40), key), isCorrupt(/cut off/));
  assert.throws(() => decryptBuffer(encrypted, key.subarray(0, 16)), isCorrupt());
});

function decryptBufferOk(data: Buffer, key: Buffer): boolean {
  try {
    decryptBuffer(data, key);
    return true;
  } catch {
    return false;
  }
}

test('createDecryptStream decrypts in any chunking, like decryptBuffer', async () => {
  const key = randomBytes(32);
  const plain = randomBytes(100_003);
  const encrypted = encryptCbc(key, plain);
  for (const chunk of [1, 7, 16, 4096, 65_537, encrypted.length]) assert.deepEqual(await streamed(key, encrypted, chunk), plain, `chunks of ${chunk}`);
  assert.deepEqual(await streamed(key, Buffer.alloc(0), 1), Buffer.alloc(0));
});

test('createDecryptStream fails with BACKUP_CORRUPT on a cut-off file or bad padding', async () => {
  const key = randomBytes(32);
  const encrypted = encryptCbc(key, randomBytes(5000));
  await assert.rejects(streamed(key, encrypted.subarray(0, 4999), 1000), isCorrupt(/cut off/));
  const tampered = Buffer.from(encrypted);
  tampered[tampered.length - 17]! ^= 0xff; // flips the last plaintext byte, which is the padding length
  await assert.rejects(streamed(key, tampered, 1000), isCorrupt(/padding/));
});
