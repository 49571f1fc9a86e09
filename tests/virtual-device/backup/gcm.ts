/**
 * AES-256-GCM with an arbitrary IV length, written out from NIST SP 800-38D because keychain items in
 * backups use an EMPTY IV and Node's GCM refuses one. Items are small, so a BigInt GHASH is fast enough.
 */
import { createCipheriv, timingSafeEqual } from 'node:crypto';

/** GCM reduction constant R = 11100001 || 0^120. */
const R = 0xe1n << 120n;
const MASK_128 = (1n << 128n) - 1n;
const TAG_LENGTH = 16;

/** Thrown when a GCM tag does not match (wrong key or tampered data). */
export class GcmAuthenticationError extends Error {
  override readonly name = 'GcmAuthenticationError';
}

/** Encrypts `plaintext`; returns the ciphertext and the 16-byte tag. */
export function gcmEncrypt(key: Buffer, iv: Buffer, plaintext: Buffer, aad: Buffer = Buffer.alloc(0)): { ciphertext: Buffer; tag: Buffer } {
  const { h, j0, encryptBlocks } = setup(key, iv);
  const ciphertext = xorKeystream(encryptBlocks, j0, plaintext);
  return { ciphertext, tag: tagOf(h, j0, encryptBlocks, aad, ciphertext) };
}

/** Decrypts and authenticates; throws {@link GcmAuthenticationError} when the tag does not match. */
export function gcmDecrypt(key: Buffer, iv: Buffer, ciphertext: Buffer, tag: Buffer, aad: Buffer = Buffer.alloc(0)): Buffer {
  const { h, j0, encryptBlocks } = setup(key, iv);
  const expected = tagOf(h, j0, encryptBlocks, aad, ciphertext);
  if (tag.length !== TAG_LENGTH || !timingSafeEqual(expected, tag)) throw new GcmAuthenticationError('GCM tag mismatch');
  return xorKeystream(encryptBlocks, j0, ciphertext);
}

type BlockCipher = (blocks: Buffer) => Buffer;

function setup(key: Buffer, iv: Buffer): { h: bigint; j0: bigint; encryptBlocks: BlockCipher } {
  const encryptBlocks: BlockCipher = (blocks) => {
    const cipher = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false);
    return Buffer.concat([cipher.update(blocks), cipher.final()]);
  };
  const h = toBigInt(encryptBlocks(Buffer.alloc(16)));
  // A 96-bit IV is used as is; any other length (the empty keychain IV included) goes through GHASH.
  const j0 = iv.length === 12
    ? toBigInt(Buffer.concat([iv, Buffer.from([0, 0, 0, 1])]))
    : ghash(h, Buffer.concat([padTo16(iv), lengthBlock(0, iv.length)]));
  return { h, j0, encryptBlocks };
}

/** CTR part: counter blocks inc32(J0), inc32²(J0)… encrypted in one ECB call and XORed in. */
function xorKeystream(encryptBlocks: BlockCipher, j0: bigint, input: Buffer): Buffer {
  const blockCount = Math.ceil(input.length / 16);
  if (blockCount === 0) return Buffer.alloc(0);
  const counters = Buffer.alloc(blockCount * 16);
  for (let i = 0; i < blockCount; i++) counters.set(fromBigInt(inc32(j0, i + 1)), i * 16);
  const keystream = encryptBlocks(counters);
  const out = Buffer.alloc(input.length);
  for (let i = 0; i < input.length; i++) out[i] = input[i]! ^ keystream[i]!;
  return out;
}

function tagOf(h: bigint, j0: bigint, encryptBlocks: BlockCipher, aad: Buffer, ciphertext: Buffer): Buffer {
  const s = ghash(h, Buffer.concat([padTo16(aad), padTo16(ciphertext), lengthBlock(aad.length, ciphertext.length)]));
  return fromBigInt(s ^ toBigInt(encryptBlocks(fromBigInt(j0))));
}

/** Increments the low 32 bits of a counter block by `n`, modulo 2^32. */
function inc32(block: bigint, n: number): bigint {
  const low = (block + BigInt(n)) & 0xffffffffn;
  return (block & (MASK_128 ^ 0xffffffffn)) | low;
}

/** GHASH over data whose length is a multiple of 16. */
function ghash(h: bigint, data: Buffer): bigint {
  let y = 0n;
  for (let i = 0; i < data.length; i += 16) y = multiply(y ^ toBigInt(data.subarray(i, i + 16)), h);
  return y;
}

/** Multiplication in GF(2^128) with GCM's bit order (bit 0 = most significant bit). */
function multiply(x: bigint, y: bigint): bigint {
  let z = 0n;
  let v = y;
  for (let bit = 127n; bit >= 0n; bit--) {
    if ((x >> bit) & 1n) z ^= v;
    v = v & 1n ? (v >> 1n) ^ R : v >> 1n;
  }
  return z;
}

function lengthBlock(aadBytes: number, dataBytes: number): Buffer {
  const block = Buffer.alloc(16);
  block.writeBigUInt64BE(BigInt(aadBytes) * 8n, 0);
  block.writeBigUInt64BE(BigInt(dataBytes) * 8n, 8);
  return block;
}

function padTo16(data: Buffer): Buffer {
  const rest = data.length % 16;
  return rest === 0 ? data : Buffer.concat([data, Buffer.alloc(16 - rest)]);
}

function toBigInt(block: Buffer): bigint {
  return BigInt(`0x${block.toString('hex') || '0'}`);
}

function fromBigInt(value: bigint): Buffer {
  return Buffer.from(value.toString(16).padStart(32, '0'), 'hex');
}
