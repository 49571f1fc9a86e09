/**
 * The device's keychain in its store (KeychainDomain/keychain-backup.plist, plaintext on the device). A
 * device that has none yet gets its profile's items the first time a backup needs them; from then on the
 * store's file is the keychain, so restores replace it like any other content.
 */
import { keychainItemsFor, type KeychainItem } from '../content/index.ts';
import type { VirtualDevice } from '../types.ts';
import type { DerValue } from './der.ts';
import { emptyKeychain, KEYCHAIN_DOMAIN, KEYCHAIN_PATH, serializeKeychain, type Keychain } from './keychain.ts';

/** Writes the profile's keychain into the store when the device has no keychain file yet. */
export function ensureKeychain(device: VirtualDevice): void {
  if (device.store.get(KEYCHAIN_DOMAIN, KEYCHAIN_PATH)) return;
  device.store.writeFile(KEYCHAIN_DOMAIN, KEYCHAIN_PATH, serializeKeychain(keychainOf(keychainItemsFor(device.profile))), { encryptedOnly: true });
  device.store.save();
}

/** Groups content items by class; their attributes (pdmn carries the protection class) become the item. */
function keychainOf(items: readonly KeychainItem[]): Keychain {
  const keychain = emptyKeychain();
  for (const item of items) {
    const attributes: Record<string, DerValue> = {};
    for (const [name, value] of Object.entries(item)) {
      if (name === 'class' || name === 'protectionClass' || value === undefined) continue;
      attributes[name] = value as DerValue;
    }
    keychain[item.class].push(attributes);
  }
  return keychain;
}
