/**
 * Per-file encryption of backups (PROTOCOLS.md §5): a file's `EncryptionKey` (and Manifest.plist's
 * `ManifestKey`, same format) is a u32 LE protection class followed by the file key wrapped with that
 * class's key; the content is AES-256-CBC with a zero IV and PKCS#7 padding, over the whole file.
 */
import { createDecipheriv, type Decipher } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { CradleError } from '../../../shared/errors.ts';
import { aesUnwrap, isWrappedKeyShape } from './key-wrap.ts';
import type { ClassKeys } from './unlock.ts';

const ZERO_IV = Buffer.alloc(16);
const BLOCK = 16;

/** Classes whose keys never leave the device that made the backup (keybag WRAP 3). */
const DEVICE_ONLY_CLASSES: ReadonlySet<number> = new Set([5, 9, 10, 11]);

/**
 * Unwraps a file key (`EncryptionKey`) or Manifest.db's key (`ManifestKey`) with its class key.
 * @throws CradleError BACKUP_CORRUPT when the record is malformed, its class key is not available (a
 *   ThisDeviceOnly class, or one missing from the keybag) or the unwrap fails its integrity check.
 */
export function unwrapFileKey(wrapped: Buffer, classKeys: ClassKeys): Buffer {
  if (wrapped.length < 4 || !isWrappedKeyShape(wrapped.subarray(4))) {
    throw new CradleError('BACKUP_CORRUPT', 'A file\'s encryption key in this backup is damaged, so the file cannot be decrypted.', { length: wrapped.length });
  }
  const protectionClass = wrapped.readUInt32LE(0);
  const classKey = classKeys.get(protectionClass);
  if (!classKey) {
    throw new CradleError(
      'BACKUP_CORRUPT',
      DEVICE_ONLY_CLASSES.has(protectionClass)
        ? `This file is protected with class ${protectionClass}, whose key stays on the device that made the backup ("this device only"); it cannot be decrypted on a computer.`
        : `This file is protected with class ${protectionClass}, which the backup's key bag does not hold; the backup is damaged.`,
      { protectionClass },
    );
  }
  const key = aesUnwrap(classKey, wrapped.subarray(4));
  if (!key || key.length !== 32) {
    throw new CradleError('BACKUP_CORRUPT', 'A file\'s encryption key in this backup does not match its key bag, so the file cannot be decrypted. The backup is damaged.', { protectionClass });
  }
  return key;
}

/**
 * Decrypts a whole file (or Manifest.db) in memory and strips its padding. An empty input is an empty file.
 * @throws CradleError BACKUP_CORRUPT when the length is not whole AES blocks or the padding is wrong.
 */
export function decryptBuffer(data: Buffer, key: Buffer): Buffer {
  if (data.length === 0) return Buffer.alloc(0);
  const decipher = cbcDecipher(key);
  const body = decipher.update(data);
  return Buffer.concat([body, finalBlock(decipher, data.length)]);
}

/**
 * A streaming decryptor (constant memory, for exports of large files) with the padding handling of
 * {@link decryptBuffer}: its errors are CradleError BACKUP_CORRUPT.
 */
export function createDecryptStream(key: Buffer): Transform {
  return new CbcDecryptStream(cbcDecipher(key));
}

class CbcDecryptStream extends Transform {
  readonly #decipher: Decipher;
  #received = 0;

  constructor(decipher: Decipher) {
    super();
    this.#decipher = decipher;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#received += chunk.length;
    callback(null, this.#decipher.update(chunk));
  }

  override _flush(callback: TransformCallback): void {
    if (this.#received === 0) return callback();
    try {
      callback(null, finalBlock(this.#decipher, this.#received));
    } catch (error) {
      callback(error as Error);
    }
  }
}

function cbcDecipher(key: Buffer): Decipher {
  if (key.length !== 32) throw new CradleError('BACKUP_CORRUPT', 'A file key of this backup has the wrong length.', { length: key.length });
  return createDecipheriv('aes-256-cbc', key, ZERO_IV);
}

/** The last block without its padding; a length that is not whole blocks or a bad padding is corruption. */
function finalBlock(decipher: Decipher, length: number): Buffer {
  if (length % BLOCK !== 0) {
    throw new CradleError('BACKUP_CORRUPT', 'An encrypted file of this backup is cut off (its length is not a whole number of AES blocks). The backup is incomplete or damaged.', { length });
  }
  try {
    return decipher.final();
  } catch {
    throw new CradleError('BACKUP_CORRUPT', 'An encrypted file of this backup does not decrypt with its key (wrong padding): the file is damaged.', { length });
  }
}
