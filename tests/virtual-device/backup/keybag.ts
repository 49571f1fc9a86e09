/**
 * Backup keybag (PROTOCOLS.md §5): TLV records, password → key-encryption key derivation (PBKDF2-SHA256
 * then PBKDF2-SHA1), class keys wrapped with RFC 3394, and the per-file / Manifest.db keys they wrap.
 */
import { createHash, pbkdf2, randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { deviceDecryptKey, deviceEncryptKey, unwrapKey, wrapKey } from './aes.ts';

const pbkdf2Async = promisify(pbkdf2);

/** Keybag WRAP bit: the class key is also encrypted with the device's hardware key. */
export const WRAP_DEVICE = 1;
/** Keybag WRAP bit: the class key is wrapped with the password-derived key. */
export const WRAP_PASSCODE = 2;
/** Classes bound to the device that made the backup (keybag WRAP 3): 5 and the ThisDeviceOnly keychain classes. */
export const THIS_DEVICE_ONLY_CLASSES: ReadonlySet<number> = new Set([5, 9, 10, 11]);
/** Protection classes a backup keybag carries. */
export const KEYBAG_CLASSES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const;

/** One class record of a keybag. */
export interface KeybagClass {
  uuid: Buffer;
  protectionClass: number;
  wrap: number;
  keyType: number;
  wrappedKey: Buffer;
}

/** A decoded backup keybag. */
export interface Keybag {
  version: number;
  type: number;
  uuid: Buffer;
  hmck: Buffer;
  wrap: number;
  salt: Buffer;
  iterations: number;
  dpwt: number;
  dpic: number;
  dpsl: Buffer;
  classes: KeybagClass[];
}

/** Class keys by protection class, after unwrapping. */
export type ClassKeys = Map<number, Buffer>;

/** Iteration counts of the two PBKDF2 steps. */
export interface KdfCounts {
  dpic: number;
  iter: number;
}

/** Encodes a keybag as TLV records (4-byte tag, u32 BE length, value; 4-byte numbers as u32 BE). */
export function serializeKeybag(keybag: Keybag): Buffer {
  const parts: Buffer[] = [];
  const add = (tag: string, value: Buffer | number): void => {
    const body = typeof value === 'number' ? u32(value) : value;
    parts.push(Buffer.from(tag, 'latin1'), u32(body.length), body);
  };
  add('VERS', keybag.version);
  add('TYPE', keybag.type);
  add('UUID', keybag.uuid);
  add('HMCK', keybag.hmck);
  add('WRAP', keybag.wrap);
  add('SALT', keybag.salt);
  add('ITER', keybag.iterations);
  add('DPWT', keybag.dpwt);
  add('DPIC', keybag.dpic);
  add('DPSL', keybag.dpsl);
  for (const c of keybag.classes) {
    add('UUID', c.uuid);
    add('CLAS', c.protectionClass);
    add('WRAP', c.wrap);
    add('KTYP', c.keyType);
    add('WPKY', c.wrappedKey);
  }
  return Buffer.concat(parts);
}

/** Decodes TLV keybag records; a UUID after the first one starts a new class record. */
export function parseKeybag(data: Buffer): Keybag {
  const keybag: Keybag = {
    version: 0, type: 0, uuid: Buffer.alloc(0), hmck: Buffer.alloc(0), wrap: 0, salt: Buffer.alloc(0),
    iterations: 0, dpwt: 0, dpic: 0, dpsl: Buffer.alloc(0), classes: [],
  };
  let current: KeybagClass | undefined;
  for (let offset = 0; offset + 8 <= data.length;) {
    const tag = data.toString('latin1', offset, offset + 4);
    const length = data.readUInt32BE(offset + 4);
    const value = data.subarray(offset + 8, offset + 8 + length);
    if (value.length !== length) throw new Error(`keybag record ${tag} is truncated`);
    offset += 8 + length;
    const n = length === 4 ? value.readUInt32BE(0) : 0;
    if (tag === 'UUID') {
      if (keybag.uuid.length === 0) keybag.uuid = value;
      else keybag.classes.push((current = { uuid: value, protectionClass: 0, wrap: 0, keyType: 0, wrappedKey: Buffer.alloc(0) }));
    } else if (current) {
      if (tag === 'CLAS') current.protectionClass = n;
      else if (tag === 'WRAP') current.wrap = n;
      else if (tag === 'KTYP') current.keyType = n;
      else if (tag === 'WPKY') current.wrappedKey = value;
    } else if (tag === 'VERS') keybag.version = n;
    else if (tag === 'TYPE') keybag.type = n;
    else if (tag === 'HMCK') keybag.hmck = value;
    else if (tag === 'WRAP') keybag.wrap = n;
    else if (tag === 'SALT') keybag.salt = value;
    else if (tag === 'ITER') keybag.iterations = n;
    else if (tag === 'DPWT') keybag.dpwt = n;
    else if (tag === 'DPIC') keybag.dpic = n;
    else if (tag === 'DPSL') keybag.dpsl = value;
  }
  return keybag;
}

/** Derived keys by a hash of (password, salts, counts): PBKDF2 with real counts takes seconds. */
const derivedKeys = new Map<string, Buffer>();
const DERIVED_CACHE_LIMIT = 64;

/**
 * Password → key-encryption key: PBKDF2-HMAC-SHA256 (DPSL, DPIC) then PBKDF2-HMAC-SHA1 (SALT, ITER), or only
 * the SHA-1 step for keybags older than version 4 (before iOS 10.2). Runs off the event loop and is cached.
 */
export async function deriveKek(password: string, keybag: Keybag): Promise<Buffer> {
  const modern = keybag.version >= 4 && keybag.dpic > 0;
  const cacheKey = createHash('sha256')
    .update(JSON.stringify([modern, keybag.dpic, keybag.iterations, keybag.dpsl.toString('hex'), keybag.salt.toString('hex')]))
    .update(password, 'utf8')
    .digest('hex');
  const cached = derivedKeys.get(cacheKey);
  if (cached) return cached;
  const first = modern ? await pbkdf2Async(password, keybag.dpsl, keybag.dpic, 32, 'sha256') : Buffer.from(password, 'utf8');
  const kek = await pbkdf2Async(first, keybag.salt, keybag.iterations, 32, 'sha1');
  if (derivedKeys.size >= DERIVED_CACHE_LIMIT) derivedKeys.delete(derivedKeys.keys().next().value as string);
  derivedKeys.set(cacheKey, kek);
  return kek;
}

/**
 * Creates a fresh backup keybag (VERS 5, TYPE 1) protected by `password`, with random class keys for
 * classes 1–11; ThisDeviceOnly classes are first encrypted with `deviceKey`, then wrapped.
 */
export async function createKeybag(password: string, counts: KdfCounts, deviceKey: Buffer): Promise<{ keybag: Keybag; classKeys: ClassKeys }> {
  const keybag: Keybag = {
    version: 5, type: 1, uuid: uuidBytes(), hmck: randomBytes(40), wrap: 0, salt: randomBytes(20),
    iterations: counts.iter, dpwt: 1, dpic: counts.dpic, dpsl: randomBytes(20), classes: [],
  };
  const kek = await deriveKek(password, keybag);
  const classKeys: ClassKeys = new Map();
  for (const protectionClass of KEYBAG_CLASSES) {
    const key = randomBytes(32);
    const deviceBound = THIS_DEVICE_ONLY_CLASSES.has(protectionClass);
    const wrap = deviceBound ? WRAP_DEVICE | WRAP_PASSCODE : WRAP_PASSCODE;
    const inner = deviceBound ? deviceEncryptKey(deviceKey, key) : key;
    keybag.classes.push({ uuid: uuidBytes(), protectionClass, wrap, keyType: 0, wrappedKey: wrapKey(kek, inner) });
    classKeys.set(protectionClass, key);
  }
  return { keybag, classKeys };
}

/**
 * Unwraps the class keys of a keybag with a password. Throws KeyUnwrapError on a wrong password. Classes
 * with the device bit are decrypted with `deviceKey`; from another device that yields a useless key, as on
 * real hardware (their items then fail to authenticate and are dropped).
 */
export async function unlockKeybag(keybag: Keybag, password: string, deviceKey: Buffer): Promise<ClassKeys> {
  const kek = await deriveKek(password, keybag);
  const classKeys: ClassKeys = new Map();
  for (const c of keybag.classes) {
    let key = c.wrap & WRAP_PASSCODE ? unwrapKey(kek, c.wrappedKey) : c.wrappedKey;
    if (c.wrap & WRAP_DEVICE) key = deviceDecryptKey(deviceKey, key);
    classKeys.set(c.protectionClass, key);
  }
  return classKeys;
}

/** A new random content key and its `EncryptionKey` form: u32 LE class ‖ key wrapped with the class key. */
export function newWrappedKey(classKeys: ClassKeys, protectionClass: number): { key: Buffer; encryptionKey: Buffer } {
  const key = randomBytes(32);
  return { key, encryptionKey: Buffer.concat([u32le(protectionClass), wrapKey(classKeyOf(classKeys, protectionClass), key)]) };
}

/** Unwraps an `EncryptionKey` / `ManifestKey` (u32 LE class ‖ 40-byte wrapped key). */
export function unwrapStoredKey(classKeys: ClassKeys, encryptionKey: Buffer): Buffer {
  return unwrapKey(classKeyOf(classKeys, encryptionKey.readUInt32LE(0)), encryptionKey.subarray(4));
}

/** The key of a protection class; throws when the keybag has none. */
export function classKeyOf(classKeys: ClassKeys, protectionClass: number): Buffer {
  const key = classKeys.get(protectionClass);
  if (!key) throw new Error(`keybag has no class ${protectionClass}`);
  return key;
}

function uuidBytes(): Buffer {
  return Buffer.from(randomUUID().replace(/-/g, ''), 'hex');
}

function u32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value, 0);
  return b;
}

function u32le(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value, 0);
  return b;
}
