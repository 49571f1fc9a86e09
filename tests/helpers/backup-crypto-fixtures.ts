/**
 * Encrypted-backup material built in tests with node:crypto directly (and the virtual device's GCM for the
 * empty-IV keychain items Node cannot make): keybags with a known password, wrapped keys, CBC files.
 */
import { createCipheriv, pbkdf2Sync, randomBytes } from 'node:crypto';
import { gcmEncrypt } from '../virtual-device/backup/gcm.ts';

/** The virtual device's DER encoder of keychain attributes (an implementation independent of the engine's). */
export { encodeAttributes as encodeDerAttributes } from '../virtual-device/backup/der.ts';

/** A keybag field: a buffer, or a number written as u32 BE. */
export type TlvField = [tag: string, value: Buffer | number];

/** Encodes keybag TLV records: 4-byte tag, u32 BE length, value. */
export function encodeTlv(fields: readonly TlvField[]): Buffer {
  return Buffer.concat(fields.flatMap(([tag, value]) => {
    const body = typeof value === 'number' ? u32be(value) : value;
    return [Buffer.from(tag, 'latin1'), u32be(body.length), body];
  }));
}

/** RFC 3394 wrap through OpenSSL (the default IV). */
export function wrapKey(kek: Buffer, key: Buffer): Buffer {
  const cipher = createCipheriv('id-aes256-wrap', kek, Buffer.from('a6a6a6a6a6a6a6a6', 'hex'));
  return Buffer.concat([cipher.update(key), cipher.final()]);
}

/** Options of {@link buildKeybag}. */
export interface KeybagRecipe {
  password: string;
  /** PBKDF2-SHA256 iterations; omitted = a pre-iOS 10.2 keybag (SHA-1 step only, no DPIC/DPSL). */
  dpic?: number;
  iterations: number;
  /** Classes wrapped with the password alone (WRAP 2). */
  classes: readonly number[];
  /** ThisDeviceOnly classes (WRAP 3): their key is wrapped too, but a computer must not use it. */
  deviceOnly?: readonly number[];
}

/** A keybag with a known password, and the class keys it protects. */
export function buildKeybag(recipe: KeybagRecipe): { data: Buffer; classKeys: Map<number, Buffer>; kek: Buffer } {
  const salt = randomBytes(20);
  const dpsl = randomBytes(20);
  const first = recipe.dpic === undefined ? Buffer.from(recipe.password, 'utf8') : pbkdf2Sync(recipe.password, dpsl, recipe.dpic, 32, 'sha256');
  const kek = pbkdf2Sync(first, salt, recipe.iterations, 32, 'sha1');
  const fields: TlvField[] = [['VERS', recipe.dpic === undefined ? 3 : 5], ['TYPE', 1], ['UUID', randomBytes(16)], ['HMCK', randomBytes(40)], ['WRAP', 0], ['SALT', salt], ['ITER', recipe.iterations]];
  if (recipe.dpic !== undefined) fields.push(['DPWT', 1], ['DPIC', recipe.dpic], ['DPSL', dpsl]);
  const classKeys = new Map<number, Buffer>();
  for (const [protectionClass, wrap] of [...recipe.classes.map((c) => [c, 2]), ...(recipe.deviceOnly ?? []).map((c) => [c, 3])] as Array<[number, number]>) {
    const key = randomBytes(32);
    if (wrap === 2) classKeys.set(protectionClass, key);
    fields.push(['UUID', randomBytes(16)], ['CLAS', protectionClass], ['WRAP', wrap], ['KTYP', 0], ['WPKY', wrapKey(kek, key)]);
  }
  return { data: encodeTlv(fields), classKeys, kek };
}

/** An `EncryptionKey` / `ManifestKey`: u32 LE class ‖ `key` wrapped with the class key. */
export function storedKey(protectionClass: number, classKey: Buffer, key: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32LE(protectionClass, 0);
  return Buffer.concat([head, wrapKey(classKey, key)]);
}

/** AES-256-CBC, zero IV, PKCS#7: how a device encrypts a file. */
export function encryptCbc(key: Buffer, data: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-cbc', key, Buffer.alloc(16));
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

/** A keychain item's `v_Data` sealed with an empty GCM IV (version 3: DER plaintext; 2: binary plist). */
export function sealKeychainItem(version: number, protectionClass: number, classKey: Buffer, plaintext: Buffer): Buffer {
  const itemKey = randomBytes(32);
  const wrapped = wrapKey(classKey, itemKey);
  const { ciphertext, tag } = gcmEncrypt(itemKey, Buffer.alloc(0), plaintext);
  const header = Buffer.alloc(12);
  header.writeUInt32LE(version, 0);
  header.writeUInt32LE(protectionClass, 4);
  header.writeUInt32LE(wrapped.length, 8);
  return Buffer.concat([header, wrapped, ciphertext, tag]);
}

function u32be(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value, 0);
  return b;
}
