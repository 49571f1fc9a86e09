/**
 * AES building blocks of encrypted backups as a device makes them (PROTOCOLS.md §5): RFC 3394 key wrap,
 * AES-256-CBC with a zero IV and PKCS#7 padding for file content and Manifest.db.
 */
import { createCipheriv, createDecipheriv, type Cipher, type Decipher } from 'node:crypto';

/** RFC 3394 default initial value; unwrapping checks it, which is how a wrong password shows. */
const WRAP_IV = Buffer.from('a6a6a6a6a6a6a6a6', 'hex');
const ZERO_IV = Buffer.alloc(16);

/** Thrown when an RFC 3394 unwrap fails its integrity check (wrong key, hence wrong password). */
export class KeyUnwrapError extends Error {
  override readonly name = 'KeyUnwrapError';
}

/** Wraps a 32-byte key with a 32-byte key-encryption key (RFC 3394): 40 bytes out. */
export function wrapKey(kek: Buffer, key: Buffer): Buffer {
  const cipher = createCipheriv('id-aes256-wrap', kek, WRAP_IV);
  return Buffer.concat([cipher.update(key), cipher.final()]);
}

/** Unwraps an RFC 3394 wrapped key; throws {@link KeyUnwrapError} when the integrity check fails. */
export function unwrapKey(kek: Buffer, wrapped: Buffer): Buffer {
  try {
    const decipher = createDecipheriv('id-aes256-wrap', kek, WRAP_IV);
    return Buffer.concat([decipher.update(wrapped), decipher.final()]);
  } catch {
    throw new KeyUnwrapError('key unwrap failed its integrity check');
  }
}

/** AES-256-CBC, zero IV, PKCS#7 padding, as a whole buffer (Manifest.db, small files). */
export function cbcEncrypt(key: Buffer, data: Buffer): Buffer {
  const cipher = createCbcEncryptStream(key);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

/** Inverse of {@link cbcEncrypt}; throws when the padding is invalid (wrong key). */
export function cbcDecrypt(key: Buffer, data: Buffer): Buffer {
  const decipher = createCbcDecryptStream(key);
  return Buffer.concat([decipher.update(data), decipher.final()]);
}

/** Streaming AES-256-CBC encryptor (zero IV, PKCS#7) for large file content. */
export function createCbcEncryptStream(key: Buffer): Cipher {
  return createCipheriv('aes-256-cbc', key, ZERO_IV);
}

/** Streaming AES-256-CBC decryptor (zero IV, PKCS#7) for large file content. */
export function createCbcDecryptStream(key: Buffer): Decipher {
  return createDecipheriv('aes-256-cbc', key, ZERO_IV);
}

/** Size of `plainSize` bytes once CBC-encrypted with PKCS#7 padding (always at least one byte of padding). */
export function paddedSize(plainSize: number): number {
  return (Math.floor(plainSize / 16) + 1) * 16;
}

/**
 * Encrypts a 32-byte class key with the device's hardware key (AES-256-CBC, zero IV, no padding), the
 * layer that makes ThisDeviceOnly classes (keybag WRAP 3) useless off the device.
 */
export function deviceEncryptKey(deviceKey: Buffer, classKey: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-cbc', deviceKey, ZERO_IV).setAutoPadding(false);
  return Buffer.concat([cipher.update(classKey), cipher.final()]);
}

/** Inverse of {@link deviceEncryptKey}. */
export function deviceDecryptKey(deviceKey: Buffer, encrypted: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-cbc', deviceKey, ZERO_IV).setAutoPadding(false);
  return Buffer.concat([decipher.update(encrypted), decipher.final()]);
}
