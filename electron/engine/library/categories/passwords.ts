/**
 * Keychain passwords from KeychainDomain keychain-backup.plist (encrypted backups only, readable once
 * unlocked): internet passwords (inet: server, account) and generic passwords (genp: service, account;
 * service "AirPort" holds Wi-Fi passwords, account = SSID). Lists carry no secrets; one is revealed on request.
 */
import type { CategoryResult, PasswordItem, PasswordKind, RevealedSecret } from '../../../../shared/categories.ts';
import { CradleError } from '../../../../shared/errors.ts';
import { decryptKeychain, type KeychainItem } from '../../crypto/keychain.ts';
import type { ClassKeys } from '../../crypto/unlock.ts';
import type { BackupContents } from '../backup-reader.ts';
import { CategoryProblem, PartialResult, readEntry, requireEntry, settle, type SourceFile } from './source.ts';
import { hasControlCharacters, setDefined, text } from './values.ts';

/** Where the keychain is. */
export const KEYCHAIN: SourceFile = { domain: 'KeychainDomain', relativePath: 'keychain-backup.plist', what: 'the keychain', encryptedOnly: true };
/** Service of Wi-Fi passwords in the keychain. */
export const WIFI_SERVICE = 'AirPort';
const MAX_KEYCHAIN_BYTES = 256 * 1024 * 1024;

/** A password item with its decrypted keychain item (engine-side only: it holds the secret). */
interface OpenedItem {
  item: PasswordItem;
  source: KeychainItem;
}

/** The keychain's password items, decrypted; counts of items that could not be. */
interface OpenedKeychain {
  items: OpenedItem[];
  deviceOnly: number;
  damaged: number;
}

/** Lists the keychain's passwords (without secrets). */
export function readPasswords(contents: BackupContents, classKeys?: ClassKeys): Promise<CategoryResult<'passwords'>> {
  return settle('passwords', () => ({ items: [], deviceOnlyCount: 0 }), async () => {
    const keychain = await openKeychain(contents, classKeys);
    const data = { items: keychain.items.map((opened) => opened.item), deviceOnlyCount: keychain.deviceOnly };
    return keychain.damaged > 0 ? new PartialResult(data, `${keychain.damaged} damaged keychain items could not be read.`) : data;
  });
}

/**
 * Reveals the secret of one keychain item, by the id the list gave it.
 * @throws CradleError PASSWORD_REQUIRED without class keys, BACKUP_NOT_FOUND for an unknown id or a backup
 *   without a keychain (not encrypted), BACKUP_CORRUPT when the keychain cannot be read.
 */
export async function revealPassword(contents: BackupContents, classKeys: ClassKeys | undefined, id: string): Promise<RevealedSecret> {
  let keychain: OpenedKeychain;
  try {
    keychain = await openKeychain(contents, classKeys);
  } catch (error) {
    if (!(error instanceof CategoryProblem)) throw error;
    const code = error.status === 'locked' ? 'PASSWORD_REQUIRED' : error.status === 'unreadable' ? 'BACKUP_CORRUPT' : 'BACKUP_NOT_FOUND';
    throw new CradleError(code, error.message);
  }
  const found = keychain.items.find((opened) => opened.item.id === id);
  const secret = found?.source.attributes.v_Data;
  if (!found || secret === undefined) throw new CradleError('BACKUP_NOT_FOUND', 'This password is not in the backup’s keychain.');
  return { id, ...secretValue(secret) };
}

/** The decrypted password items of the keychain; a CategoryProblem when the backup cannot give them. */
export async function openKeychain(contents: BackupContents, classKeys?: ClassKeys): Promise<OpenedKeychain> {
  const entry = requireEntry(contents, KEYCHAIN);
  if (!classKeys) throw new CategoryProblem('locked', 'Unlock the backup with its password to see the saved passwords.');
  const bytes = await readEntry(contents, entry, KEYCHAIN.what, MAX_KEYCHAIN_BYTES);
  let decrypted: ReturnType<typeof decryptKeychain>;
  try {
    decrypted = decryptKeychain(bytes, classKeys);
  } catch (error) {
    throw new CategoryProblem('unreadable', error instanceof Error ? error.message : String(error));
  }
  const items = decrypted.items
    .filter((source) => source.section === 'genp' || source.section === 'inet')
    .map((source, index): OpenedItem => ({ item: passwordItem(source, `${source.section}:${index}`), source }));
  return { items, deviceOnly: decrypted.undecryptable, damaged: decrypted.damaged };
}

function passwordItem(source: KeychainItem, id: string): PasswordItem {
  const attributes = source.attributes;
  const service = text(attributes.svce);
  const server = text(attributes.srvr);
  const account = text(attributes.acct);
  const kind = kindOf(source.section, service);
  const item: PasswordItem = {
    id, kind, where: (kind === 'wifi' ? account : server ?? service) ?? text(attributes.labl) ?? 'Unnamed item', protectionClass: source.protectionClass,
  };
  return setDefined(item, {
    account: kind === 'wifi' ? undefined : account, label: text(attributes.labl), accessGroup: text(attributes.agrp),
    created: isoDate(attributes.cdat), modified: isoDate(attributes.mdat),
  });
}

/** The keychain gives dates as ISO 8601 text. */
function isoDate(value: string | number | Buffer | undefined): string | undefined {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : undefined;
}

function kindOf(section: KeychainItem['section'], service: string | undefined): PasswordKind {
  if (section === 'inet') return 'website';
  if (service === WIFI_SERVICE) return 'wifi';
  return service?.startsWith('com.apple.account.') ? 'account' : 'app';
}

/** Text when the secret is printable UTF-8, else base64 (tokens, keys). */
function secretValue(secret: string | number | Buffer): Pick<RevealedSecret, 'value' | 'encoding'> {
  if (!Buffer.isBuffer(secret)) return { value: String(secret), encoding: 'text' };
  try {
    const decoded = new TextDecoder('utf-8', { fatal: true }).decode(secret);
    if (!hasControlCharacters(decoded)) return { value: decoded, encoding: 'text' };
  } catch {
    // Not UTF-8: shown as base64 below.
  }
  return { value: secret.toString('base64'), encoding: 'base64' };
}
