/**
 * AES-256-GCM decryption for any IV length, written out from NIST SP 800-38D because keychain items in
 * backups use an EMPTY IV and Node's GCM refuses one. Only the block cipher comes from Node (AES-256-ECB);
 * the counter mode and GHASH are here.
 *
 * With an empty IV, J0 = GHASH_H(0^64 ‖ [0]_64) = GHASH_H(one all-zero block) = 0 · H = 0^128, so the
 * keystream starts at counter 1 and the tag is GHASH_H(C ‖ lengths) ⊕ E_K(0^128).
 */
import { createCipheriv, timingSafeEqual, type Cipher } from 'node:crypto';

const BLOCK = 16;
const TAG_LENGTH = 16;
/** The reduction polynomial's high word: R = 11100001 ‖ 0^120. */
const R_HIGH = 0xe1000000;

/**
 * Decrypts and authenticates AES-256-GCM data.
 * @returns the plaintext, or undefined when the tag does not match (wrong key or damaged data).
 */
export function gcmOpen(key: Buffer, iv: Buffer, ciphertext: Buffer, tag: Buffer, aad: Buffer = Buffer.alloc(0)): Buffer | undefined {
  if (key.length !== 32 || tag.length !== TAG_LENGTH) return undefined;
  const ecb = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false);
  const h = ecb.update(Buffer.alloc(BLOCK));
  const j0 = iv.length === 12
    ? Buffer.concat([iv, Buffer.from([0, 0, 0, 1])])
    : ghash(h, [iv], lengthBlock(0, iv.length));
  const s = ghash(h, [aad, ciphertext], lengthBlock(aad.length, ciphertext.length));
  const expected = xor(ecb.update(j0), s);
  if (!timingSafeEqual(expected, tag)) return undefined;
  return xor(ciphertext, keystream(ecb, j0, ciphertext.length));
}

/** E_K(inc32(J0)), E_K(inc32²(J0))…: the counter blocks built first, then encrypted in one ECB call. */
function keystream(ecb: Cipher, j0: Buffer, length: number): Buffer {
  const blocks = Math.ceil(length / BLOCK);
  const counters = Buffer.alloc(blocks * BLOCK);
  const low = j0.readUInt32BE(12);
  for (let i = 0; i < blocks; i++) {
    j0.copy(counters, i * BLOCK, 0, 12);
    // inc32 wraps the low 32 bits only (unlike a 128-bit CTR counter).
    counters.writeUInt32BE((low + i + 1) >>> 0, i * BLOCK + 12);
  }
  return ecb.update(counters);
}

/** GHASH_H over each part zero-padded to whole blocks, then the length block. */
function ghash(h: Buffer, parts: readonly Buffer[], lengths: Buffer): Buffer {
  const hw = Uint32Array.from([0, 4, 8, 12], (offset) => h.readUInt32BE(offset));
  const y = new Uint32Array(4);
  const tail = Buffer.alloc(BLOCK);
  const absorb = (data: Buffer): void => {
    for (let offset = 0; offset < data.length; offset += BLOCK) {
      let source = data;
      let at = offset;
      if (data.length - offset < BLOCK) {
        tail.fill(0);
        data.copy(tail, 0, offset);
        source = tail;
        at = 0;
      }
      for (let w = 0; w < 4; w++) y[w]! ^= source.readUInt32BE(at + w * 4);
      multiply(y, hw);
    }
  };
  for (const part of parts) absorb(part);
  absorb(lengths);
  const out = Buffer.alloc(BLOCK);
  for (let w = 0; w < 4; w++) out.writeUInt32BE(y[w]!, w * 4);
  return out;
}

/** x ← x · h in GF(2^128), bit by bit (SP 800-38D algorithm 1) on four big-endian 32-bit words. */
function multiply(x: Uint32Array, h: Uint32Array): void {
  let z0 = 0, z1 = 0, z2 = 0, z3 = 0;
  let v0 = h[0]!, v1 = h[1]!, v2 = h[2]!, v3 = h[3]!;
  for (let i = 0; i < 128; i++) {
    if ((x[i >>> 5]! >>> (31 - (i & 31))) & 1) {
      z0 ^= v0;
      z1 ^= v1;
      z2 ^= v2;
      z3 ^= v3;
    }
    const carry = v3 & 1;
    v3 = (v3 >>> 1) | (v2 << 31);
    v2 = (v2 >>> 1) | (v1 << 31);
    v1 = (v1 >>> 1) | (v0 << 31);
    v0 >>>= 1;
    if (carry) v0 ^= R_HIGH;
  }
  x[0] = z0;
  x[1] = z1;
  x[2] = z2;
  x[3] = z3;
}

/** [len(A)]_64 ‖ [len(C)]_64 in bits. */
function lengthBlock(aadBytes: number, dataBytes: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.writeBigUInt64BE(BigInt(aadBytes) * 8n, 0);
  block.writeBigUInt64BE(BigInt(dataBytes) * 8n, 8);
  return block;
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}
