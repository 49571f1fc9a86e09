/**
 * Unlocking an encrypted backup: the backup password → key-encryption key (PBKDF2, PROTOCOLS.md §5) →
 * class keys (RFC 3394 unwrap). PBKDF2 runs through Node's asynchronous `crypto.pbkdf2`, i.e. on libuv's
 * thread pool: the seconds that 10,000,000 iterations take never block the main thread or the UI.
 */
import { pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';
import { CradleError } from '../../../shared/errors.ts';
import { aesUnwrap } from './key-wrap.ts';
import { isPasswordWrapped, type Keybag } from './keybag.ts';

const pbkdf2Async = promisify(pbkdf2);

/** Unwrapped class keys by protection class (only the classes a computer can unwrap). */
export type ClassKeys = ReadonlyMap<number, Buffer>;

/** What the key derivation reads from a keybag. */
export type KdfParameters = Pick<Keybag, 'salt' | 'iterations' | 'dpic' | 'dpsl'>;

/** What a person reads when the password is wrong. */
const WRONG_PASSWORD_MESSAGE =
  'The password is not the one this backup was encrypted with. Check it (letters are case-sensitive) and try again; it is the password chosen when backup encryption was turned on, not the device passcode.';

/**
 * Password → key-encryption key: PBKDF2-HMAC-SHA256(password, DPSL, DPIC, 32) then PBKDF2-HMAC-SHA1(that,
 * SALT, ITER, 32); keybags without DPIC/DPSL (before iOS 10.2) take only the SHA-1 step, on the password.
 * @throws CradleError CANCELLED when `signal` aborts (the derivation running on the pool is abandoned).
 */
export async function deriveKeyEncryptionKey(password: string, keybag: KdfParameters, signal?: AbortSignal): Promise<Buffer> {
  const { dpic, dpsl } = keybag;
  const first = dpic !== undefined && dpsl !== undefined
    ? await abortable(() => pbkdf2Async(password, dpsl, dpic, 32, 'sha256'), signal)
    : Buffer.from(password, 'utf8');
  try {
    return await abortable(() => pbkdf2Async(first, keybag.salt, keybag.iterations, 32, 'sha1'), signal);
  } finally {
    first.fill(0);
  }
}

/**
 * Unlocks a keybag with the backup password: derives the key-encryption key and unwraps every class key
 * wrapped with the password alone. ThisDeviceOnly classes (WRAP with the device bit) are skipped: their
 * keys are also encrypted with the device's hardware key and cannot be opened on a computer.
 * @throws CradleError WRONG_PASSWORD when the unwrap's integrity check fails, BACKUP_CORRUPT when some
 *   classes unwrap and others do not (or none is protected by a password), CANCELLED on abort.
 */
export async function unlockKeybag(keybag: Keybag, password: string, signal?: AbortSignal): Promise<ClassKeys> {
  const kek = await deriveKeyEncryptionKey(password, keybag, signal);
  const keys = new Map<number, Buffer>();
  const failed: number[] = [];
  try {
    for (const entry of keybag.classes.values()) {
      if (!isPasswordWrapped(entry) || !entry.wrappedKey) continue;
      const key = aesUnwrap(kek, entry.wrappedKey);
      if (key) keys.set(entry.protectionClass, key);
      else failed.push(entry.protectionClass);
    }
  } finally {
    kek.fill(0);
  }
  if (failed.length > 0 && keys.size === 0) throw new CradleError('WRONG_PASSWORD', WRONG_PASSWORD_MESSAGE);
  if (failed.length > 0) {
    throw new CradleError('BACKUP_CORRUPT', 'Some keys of this backup\'s key bag are damaged, so part of the backup cannot be decrypted. Make a new encrypted backup of the device.', { classes: failed });
  }
  if (keys.size === 0) {
    throw new CradleError('BACKUP_CORRUPT', 'This backup\'s key bag holds no key protected by a password, so it cannot be unlocked here. Make a new encrypted backup of the device.');
  }
  return keys;
}

/** Starts `work` unless `signal` has aborted; settles with it, or rejects with CANCELLED as soon as `signal` aborts. */
function abortable<T>(work: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work();
  const cancelled = (): CradleError => new CradleError('CANCELLED', 'Unlocking the backup was cancelled.');
  if (signal.aborted) return Promise.reject(cancelled());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    work().then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
