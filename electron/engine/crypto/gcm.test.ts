import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { gcmOpen } from './gcm.ts';

function nodeSeal(key: Buffer, iv: Buffer, plain: Buffer, aad: Buffer): { ciphertext: Buffer; tag: Buffer } {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { ciphertext, tag: cipher.getAuthTag() };
}

test('gcmOpen opens what Node\'s AES-256-GCM sealed, for 96-bit and other IV lengths (the GHASH path)', () => {
  for (const ivLength of [1, 8, 12, 16, 60]) {
    for (const length of [0, 1, 15, 16, 17, 100]) {
      const key = randomBytes(32);
      const iv = randomBytes(ivLength);
      const plain = randomBytes(length);
      const aad = randomBytes(length % 7);
      const { ciphertext, tag } = nodeSeal(key, iv, plain, aad);
      assert.deepEqual(gcmOpen(key, iv, ciphertext, tag, aad), plain, `IV ${ivLength}, ${length} bytes`);
    }
  }
});

/** E_K of one block. */
function aesBlock(key: Buffer, block: Buffer): Buffer {
  return createCipheriv('aes-256-ecb', key, null).setAutoPadding(false).update(block);
}

test('gcmOpen with an empty IV: J0 = 0^128 (keystream from counter 1, tag = GHASH ⊕ E_K(0)), built from Node alone', () => {
  const key = randomBytes(32);
  const plain = randomBytes(50);
  // Ciphertext: AES-CTR from counter block 0…01 = inc32(J0) with J0 = 0.
  const counterOne = Buffer.alloc(16);
  counterOne[15] = 1;
  const ctr = createCipheriv('aes-256-ctr', key, counterOne);
  const ciphertext = Buffer.concat([ctr.update(plain), ctr.final()]);
  // S = GHASH_H(C ‖ lengths) taken from Node's GCM: with a 96-bit IV, choose the plaintext that encrypts
  // to exactly C; its tag is S ⊕ E_K(iv ‖ 0001).
  const iv = randomBytes(12);
  const counterTwo = Buffer.concat([iv, Buffer.from([0, 0, 0, 2])]);
  const ks = createCipheriv('aes-256-ctr', key, counterTwo);
  const chosen = Buffer.concat([ks.update(ciphertext), ks.final()]);
  const sealed = nodeSeal(key, iv, chosen, Buffer.alloc(0));
  assert.deepEqual(sealed.ciphertext, ciphertext);
  const s = xor(sealed.tag, aesBlock(key, Buffer.concat([iv, Buffer.from([0, 0, 0, 1])])));
  const tag = xor(s, aesBlock(key, Buffer.alloc(16)));
  assert.deepEqual(gcmOpen(key, Buffer.alloc(0), ciphertext, tag), plain);
  assert.equal(gcmOpen(key, Buffer.alloc(0), ciphertext, xor(tag, Buffer.from('01'.padStart(32, '0'), 'hex'))), undefined);
});

function xor(a: Buffer, b: Buffer): Buffer {
  return Buffer.from(a.map((byte, i) => byte ^ b[i]!));
}

test('gcmOpen rejects a flipped bit anywhere (tag, ciphertext, AAD) and a short tag', () => {
  const key = randomBytes(32);
  const iv = randomBytes(12);
  const aad = randomBytes(5);
  const { ciphertext, tag } = nodeSeal(key, iv, randomBytes(40), aad);
  const flipped = (b: Buffer, i: number): Buffer => {
    const copy = Buffer.from(b);
    copy[i]! ^= 0x80;
    return copy;
  };
  assert.equal(gcmOpen(key, iv, ciphertext, flipped(tag, 15), aad), undefined);
  assert.equal(gcmOpen(key, iv, flipped(ciphertext, 0), tag, aad), undefined);
  assert.equal(gcmOpen(key, iv, ciphertext, tag, flipped(aad, 4)), undefined);
  assert.equal(gcmOpen(key, iv, ciphertext, tag.subarray(0, 12), aad), undefined);
  assert.equal(gcmOpen(randomBytes(32), iv, ciphertext, tag, aad), undefined);
});
