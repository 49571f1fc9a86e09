/**
 * Deterministic randomness for generated content: the same udid always yields the same device, byte for
 * byte, so tests can compare a restore against a fresh generation.
 */
import { createCipheriv, createHash } from 'node:crypto';
import fs from 'node:fs';

/** Small fast seeded PRNG (sfc32) with helpers for picking realistic values. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Seeds from any strings (typically the udid and a purpose label). */
  constructor(...seed: string[]) {
    const digest = createHash('sha256').update(seed.join('\0')).digest();
    this.a = digest.readUInt32LE(0);
    this.b = digest.readUInt32LE(4);
    this.c = digest.readUInt32LE(8);
    this.d = digest.readUInt32LE(12);
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Log-uniform integer in [min, max]: many small values, a few large ones, like real file sizes. */
  logUniform(min: number, max: number): number {
    return Math.round(Math.exp(Math.log(min) + this.next() * (Math.log(max) - Math.log(min))));
  }

  /** Upper-case RFC 4122-shaped UUID, the way iOS writes most identifiers. */
  uuid(): string {
    const hex = this.hex(32).toUpperCase();
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89AB'[this.int(0, 3)]}${hex.slice(17, 20)}-${hex.slice(20)}`;
  }

  /** Lower-case hex string of `length` characters. */
  hex(length: number): string {
    let out = '';
    while (out.length < length) out += Math.floor(this.next() * 0x1_0000_0000).toString(16).padStart(8, '0');
    return out.slice(0, length);
  }

  /** `length` pseudo-random bytes (small sizes; use writeRandomBytes for bulk). */
  bytes(length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i++) out[i] = Math.floor(this.next() * 256);
    return out;
  }
}

/** Upper-case UUID derived from a name, stable across runs (app containers, profile UUIDs). */
export function stableUuid(...name: string[]): string {
  return new Rng('uuid', ...name).uuid();
}

const CHUNK = 1024 * 1024;

/**
 * Keystream of AES-128-CTR keyed by the seed: incompressible, deterministic, and as fast as the disk.
 * Returns a function that yields the next `n` bytes.
 */
export function byteStream(...seed: string[]): (n: number) => Buffer {
  const key = createHash('sha256').update(seed.join('\0')).digest();
  const cipher = createCipheriv('aes-128-ctr', key.subarray(0, 16), key.subarray(16, 32));
  const zeros = Buffer.alloc(CHUNK);
  return (n: number) => {
    if (n <= CHUNK) return cipher.update(zeros.subarray(0, n));
    return cipher.update(Buffer.alloc(n));
  };
}

/** Appends `length` deterministic pseudo-random bytes to an open file, 1 MiB at a time (bounded memory). */
export function writeRandomBytes(fd: number, length: number, ...seed: string[]): void {
  const next = byteStream(...seed);
  for (let left = length; left > 0; left -= CHUNK) fs.writeSync(fd, next(Math.min(CHUNK, left)));
}
