/**
 * The keychain of an encrypted backup, KeychainDomain `keychain-backup.plist` (PROTOCOLS.md §5): sections
 * genp, inet, cert and keys of items whose `v_Data` = u32 LE version ‖ u32 LE class ‖ u32 LE wrapped-key
 * length ‖ wrapped key ‖ AES-256-GCM ciphertext (empty IV) ‖ 16-byte tag. Version 3 plaintexts are DER
 * attribute SETs; version 2 (older iOS) ones are binary plists of the same attributes.
 */
import { CradleError } from '../../../shared/errors.ts';
import { decodePlist } from '../plist/codec.ts';
import { decodeDerAttributes, setAttribute, type AttributeValue } from './der.ts';
import { gcmOpen } from './gcm.ts';
import { aesUnwrap, isWrappedKeyShape } from './key-wrap.ts';
import type { ClassKeys } from './unlock.ts';

/** The keychain's item classes, as the plist's top-level keys. */
export const KEYCHAIN_SECTIONS = ['genp', 'inet', 'cert', 'keys'] as const;

/** genp (generic password), inet (internet password), cert, keys. */
export type KeychainSection = (typeof KEYCHAIN_SECTIONS)[number];

/** One decrypted item; the secret stays in `attributes.v_Data` (a Buffer). */
export interface KeychainItem {
  section: KeychainSection;
  /** Keychain protection class 6–11 (6 WhenUnlocked, 7 AfterFirstUnlock, 8 Always…). */
  protectionClass: number;
  /** acct, svce, srvr, agrp, labl, pdmn, cdat/mdat (ISO 8601), v_Data… */
  attributes: Record<string, AttributeValue>;
}

/** The decrypted keychain and what could not be read. */
export interface DecryptedKeychain {
  items: KeychainItem[];
  /** Items of a class whose key stays on the device (ThisDeviceOnly) or is not in the keybag. */
  undecryptable: number;
  /** Items that are malformed or fail their integrity check (skipped). */
  damaged: number;
}

const EMPTY_IV = Buffer.alloc(0);
const HEADER = 12;
const TAG_LENGTH = 16;

type ItemResult = { protectionClass: number; attributes: Record<string, AttributeValue> } | 'undecryptable' | 'damaged';

/**
 * Decrypts every item of keychain-backup.plist with the unlocked class keys. Unreadable items are counted
 * and skipped, so one damaged item does not hide the others.
 * @throws CradleError BACKUP_CORRUPT when the file is not a keychain plist at all.
 */
export function decryptKeychain(plistBytes: Buffer, classKeys: ClassKeys): DecryptedKeychain {
  const root = readRoot(plistBytes);
  const result: DecryptedKeychain = { items: [], undecryptable: 0, damaged: 0 };
  for (const section of KEYCHAIN_SECTIONS) {
    const list = root[section];
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw corrupt(`its ${section} section is not a list`);
    for (const item of list) {
      const vData = isRecord(item) ? item.v_Data : undefined;
      const opened = Buffer.isBuffer(vData) ? decryptItem(vData, classKeys) : 'damaged';
      if (opened === 'undecryptable') result.undecryptable += 1;
      else if (opened === 'damaged') result.damaged += 1;
      else result.items.push({ section, ...opened });
    }
  }
  return result;
}

function decryptItem(vData: Buffer, classKeys: ClassKeys): ItemResult {
  if (vData.length < HEADER + TAG_LENGTH) return 'damaged';
  const version = vData.readUInt32LE(0);
  const protectionClass = vData.readUInt32LE(4) & 0xf;
  const wrappedLength = vData.readUInt32LE(8);
  if ((version !== 2 && version !== 3) || wrappedLength > vData.length - HEADER - TAG_LENGTH) return 'damaged';
  const wrapped = vData.subarray(HEADER, HEADER + wrappedLength);
  if (!isWrappedKeyShape(wrapped)) return 'damaged';
  const classKey = classKeys.get(protectionClass);
  if (!classKey) return 'undecryptable';
  const itemKey = aesUnwrap(classKey, wrapped);
  if (!itemKey) return 'damaged';
  const plaintext = gcmOpen(itemKey, EMPTY_IV, vData.subarray(HEADER + wrappedLength, -TAG_LENGTH), vData.subarray(-TAG_LENGTH));
  itemKey.fill(0);
  if (!plaintext) return 'damaged';
  const attributes = version === 3 ? decodeDerAttributes(plaintext) : plistAttributes(plaintext);
  return attributes ? { protectionClass, attributes } : 'damaged';
}

/** Version 2 plaintext: a binary plist dictionary of the attributes. */
function plistAttributes(plaintext: Buffer): Record<string, AttributeValue> | undefined {
  let value: unknown;
  try {
    value = decodePlist(plaintext, 'keychain item');
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  const attributes: Record<string, AttributeValue> = {};
  for (const [name, raw] of Object.entries(value)) {
    const converted = attributeOf(raw);
    if (converted !== undefined) setAttribute(attributes, name, converted);
  }
  return attributes;
}

function attributeOf(raw: unknown): AttributeValue | undefined {
  if (typeof raw === 'string' || typeof raw === 'number' || Buffer.isBuffer(raw)) return raw;
  if (typeof raw === 'bigint') return Number(raw);
  if (typeof raw === 'boolean') return raw ? 1 : 0;
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? undefined : raw.toISOString();
  return undefined;
}

function readRoot(plistBytes: Buffer): Record<string, unknown> {
  let root: unknown;
  try {
    root = decodePlist(plistBytes, 'keychain');
  } catch (error) {
    throw corrupt(error instanceof CradleError ? error.details : String(error));
  }
  if (!isRecord(root)) throw corrupt('its top level is not a dictionary');
  return root;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value) && !(value instanceof Date);
}

function corrupt(why: unknown): CradleError {
  return new CradleError('BACKUP_CORRUPT', 'The keychain file of this backup is damaged, so its saved passwords cannot be read.', why);
}
