/**
 * The device keychain in backups (PROTOCOLS.md §5): `KeychainDomain/keychain-backup.plist` with
 * `{genp, inet, cert, keys}` arrays whose items carry `v_Data` = u32 LE version ‖ u32 LE class ‖ u32 LE
 * wrapped-key length ‖ wrapped key ‖ AES-256-GCM ciphertext (empty IV) ‖ tag, plaintext a DER attribute SET.
 * On the virtual device the same path holds the keychain in plaintext (the items' attribute dictionaries).
 */
import { createHmac } from 'node:crypto';
import { decodePlist, encodeBinary } from '../plist.ts';
import { KeyUnwrapError, unwrapKey, wrapKey } from './aes.ts';
import { decodeAttributes, encodeAttributes, type DerValue } from './der.ts';
import { GcmAuthenticationError, gcmDecrypt, gcmEncrypt } from './gcm.ts';
import { classKeyOf, type ClassKeys } from './keybag.ts';

/** Where the keychain lives in the device store and in backups. */
export const KEYCHAIN_DOMAIN = 'KeychainDomain';
export const KEYCHAIN_PATH = 'keychain-backup.plist';

/** Keychain item classes, as the plist's top-level keys. */
export const KEYCHAIN_CLASSES = ['genp', 'inet', 'cert', 'keys'] as const;
export type KeychainClass = (typeof KEYCHAIN_CLASSES)[number];

/** One plaintext item: its attributes (`pdmn` = accessibility, `v_Data` = the secret, `acct`, `svce`…). */
export type KeychainAttributes = Record<string, DerValue>;

/** A whole plaintext keychain. */
export type Keychain = Record<KeychainClass, KeychainAttributes[]>;

/** `pdmn` accessibility → protection class (6–11; the `…u` forms are ThisDeviceOnly). */
const CLASS_OF_ACCESSIBILITY: Record<string, number> = { ak: 6, ck: 7, dk: 8, aku: 9, cku: 10, dku: 11 };
const ITEM_VERSION = 3;
const EMPTY_IV = Buffer.alloc(0);

/** Protection class of an item from its `pdmn` attribute (WhenUnlocked when absent or unknown). */
export function protectionClassOf(item: KeychainAttributes): number {
  return CLASS_OF_ACCESSIBILITY[String(item.pdmn)] ?? 6;
}

/** Encodes a plaintext keychain as the device stores it (binary plist of attribute dictionaries). */
export function serializeKeychain(keychain: Keychain): Buffer {
  return encodeBinary(keychain);
}

/** Decodes the device's plaintext keychain file. */
export function parseKeychain(data: Buffer): Keychain {
  const value = decodePlist(data) as Partial<Record<KeychainClass, unknown>>;
  const keychain = emptyKeychain();
  for (const itemClass of KEYCHAIN_CLASSES) {
    const items = value?.[itemClass];
    if (Array.isArray(items)) keychain[itemClass] = items as KeychainAttributes[];
  }
  return keychain;
}

/** A keychain without items. */
export function emptyKeychain(): Keychain {
  return { genp: [], inet: [], cert: [], keys: [] };
}

/** Encrypts every item with its class key into keychain-backup.plist (binary plist). */
export function encryptKeychain(keychain: Keychain, classKeys: ClassKeys): Buffer {
  const out: Record<string, unknown[]> = {};
  let rowId = 1;
  for (const itemClass of KEYCHAIN_CLASSES) {
    out[itemClass] = keychain[itemClass].map((item) => {
      const protectionClass = protectionClassOf(item);
      const classKey = classKeyOf(classKeys, protectionClass);
      const plaintext = encodeAttributes(item);
      // The item key derives from the item, so an unchanged keychain encrypts to the same bytes and an
      // incremental backup does not send it again (a real device keeps item keys in its database).
      const itemKey = createHmac('sha256', classKey).update(plaintext).digest();
      const wrapped = wrapKey(classKey, itemKey);
      const { ciphertext, tag } = gcmEncrypt(itemKey, EMPTY_IV, plaintext);
      const header = Buffer.alloc(12);
      header.writeUInt32LE(ITEM_VERSION, 0);
      header.writeUInt32LE(protectionClass, 4);
      header.writeUInt32LE(wrapped.length, 8);
      const persistentRef = Buffer.alloc(12);
      persistentRef.write(itemClass, 0, 'latin1');
      persistentRef.writeBigUInt64BE(BigInt(rowId++), 4);
      return { v_Data: Buffer.concat([header, wrapped, ciphertext, tag]), v_PersistentRef: persistentRef };
    });
  }
  return encodeBinary(out);
}

/**
 * Decrypts keychain-backup.plist. Items whose class key is not usable here (ThisDeviceOnly items of another
 * device) fail to unwrap or authenticate and are dropped, as a real restore drops them.
 */
export function decryptKeychain(data: Buffer, classKeys: ClassKeys): Keychain {
  const value = decodePlist(data) as Partial<Record<KeychainClass, unknown>>;
  const keychain = emptyKeychain();
  for (const itemClass of KEYCHAIN_CLASSES) {
    const items = value?.[itemClass];
    if (!Array.isArray(items)) continue;
    for (const item of items as Array<Record<string, unknown>>) {
      const blob = item.v_Data;
      if (!Buffer.isBuffer(blob) || blob.length < 12 + 16) continue;
      const attributes = decryptItem(blob, classKeys);
      if (attributes) keychain[itemClass].push(attributes);
    }
  }
  return keychain;
}

function decryptItem(blob: Buffer, classKeys: ClassKeys): KeychainAttributes | undefined {
  const protectionClass = blob.readUInt32LE(4) & 0xf;
  const wrappedLength = blob.readUInt32LE(8);
  const wrapped = blob.subarray(12, 12 + wrappedLength);
  const body = blob.subarray(12 + wrappedLength);
  const classKey = classKeys.get(protectionClass);
  if (!classKey || body.length < 16) return undefined;
  try {
    const itemKey = unwrapKey(classKey, wrapped);
    return decodeAttributes(gcmDecrypt(itemKey, EMPTY_IV, body.subarray(0, -16), body.subarray(-16)));
  } catch (error) {
    if (error instanceof KeyUnwrapError || error instanceof GcmAuthenticationError) return undefined;
    throw error;
  }
}
