/**
 * RFC 3394 AES key unwrap: the one step every layer of backup encryption shares (class keys under the
 * password key, file and Manifest.db keys and keychain item keys under a class key).
 */
import { createDecipheriv } from 'node:crypto';

/** RFC 3394's default initial value; the unwrap checks it, which is how a wrong key shows. */
const DEFAULT_IV = Buffer.from('a6a6a6a6a6a6a6a6', 'hex');

/** True when `wrapped` has a shape RFC 3394 can unwrap: whole 64-bit blocks, at least a 128-bit key. */
export function isWrappedKeyShape(wrapped: Buffer): boolean {
  return wrapped.length >= 24 && wrapped.length % 8 === 0;
}

/**
 * Unwraps a key wrapped with a 256-bit key-encryption key.
 * @returns the key, or undefined when the integrity check fails (wrong key or damaged bytes).
 */
export function aesUnwrap(kek: Buffer, wrapped: Buffer): Buffer | undefined {
  if (kek.length !== 32 || !isWrappedKeyShape(wrapped)) return undefined;
  try {
    // OpenSSL's id-aes256-wrap is RFC 3394 with this IV; a failed check throws from update or final.
    const decipher = createDecipheriv('id-aes256-wrap', kek, DEFAULT_IV);
    return Buffer.concat([decipher.update(wrapped), decipher.final()]);
  } catch {
    return undefined;
  }
}
