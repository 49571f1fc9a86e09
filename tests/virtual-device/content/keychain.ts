/**
 * Keychain items of a profile in plaintext. The backup service encrypts them into KeychainDomain
 * keychain-backup.plist (AES-GCM per item, PROTOCOLS.md §5) when a backup is encrypted.
 */
import type { Profile } from '../types.ts';
import { catalogFor } from './catalog.ts';
import { personaOf } from './persona.ts';
import { Rng } from './random.ts';
import { REFERENCE_TIME, dateOf } from './time.ts';

/** One keychain item: `genp` (generic password) or `inet` (internet password). */
export interface KeychainItem {
  class: 'genp' | 'inet';
  /** Keychain protection class 6..11 (6 WhenUnlocked, 7 AfterFirstUnlock, 10 AfterFirstUnlockThisDeviceOnly…). */
  protectionClass: number;
  /** kSecAttrAccessible as stored: ak, ck, dk, aku, cku, dku. */
  pdmn: string;
  acct: string;
  agrp: string;
  labl?: string;
  /** genp: service. */
  svce?: string;
  /** inet: server, protocol (four-char code) and port. */
  srvr?: string;
  ptcl?: string;
  port?: number;
  cdat: Date;
  mdat: Date;
  /** The secret. */
  v_Data: Buffer;
}

const PDMN: Record<number, string> = { 6: 'ak', 7: 'ck', 8: 'dk', 9: 'aku', 10: 'cku', 11: 'dku' };

/** The profile's keychain items (Wi-Fi passwords, website passwords, app tokens). */
export function keychainItemsFor(profile: Profile): KeychainItem[] {
  const persona = personaOf(profile);
  const rng = new Rng('keychain', profile);
  const items: KeychainItem[] = [];
  const add = (item: Omit<KeychainItem, 'pdmn' | 'cdat' | 'mdat'>): void => {
    const created = REFERENCE_TIME - rng.int(10, 600) * 86400;
    items.push({ ...item, pdmn: PDMN[item.protectionClass] ?? 'ck', cdat: dateOf(created), mdat: dateOf(created + rng.int(0, 86400 * 5)) });
  };
  for (const network of persona.networks) {
    if (network.password) add({ class: 'genp', protectionClass: 7, acct: network.ssid, svce: 'AirPort', agrp: 'apple', labl: network.ssid, v_Data: Buffer.from(network.password) });
  }
  if (persona.owner) {
    const sites: Array<[string, string, string]> = [
      ['www.amazon.com', persona.owner.email, 'Amaz0n-shopping!'], ['github.com', 'annakeller', 'gh-correct-horse-battery'],
      ['www.netflix.com', persona.owner.email, 'movie-night-2024'], ['accounts.google.com', 'anna.keller.sf@gmail.com', 'G00gle!Secure#1'],
    ];
    for (const [srvr, acct, password] of sites) {
      add({ class: 'inet', protectionClass: 6, srvr, acct, ptcl: 'htps', port: 0, agrp: 'com.apple.cfnetwork', labl: `${srvr} (${acct})`, v_Data: Buffer.from(password) });
    }
    add({ class: 'genp', protectionClass: 7, acct: persona.owner.email, svce: 'com.apple.account.AppleAccount.token', agrp: 'com.apple.account.token', v_Data: Buffer.from(rng.hex(64)) });
  }
  if (persona.organization && !persona.owner) {
    add({ class: 'inet', protectionClass: 6, srvr: `outlook.${persona.organization.domain}`, acct: `loaner01@${persona.organization.domain}`, ptcl: 'htps', port: 443,
      agrp: 'com.apple.cfnetwork', labl: 'Exchange', v_Data: Buffer.from('Corp-Passw0rd!') });
  }
  for (const app of catalogFor(profile)) {
    add({ class: 'genp', protectionClass: app.managedNoBackup ? 10 : 7, acct: 'session', svce: `${app.bundleId}.auth`, agrp: `${rng.hex(10).toUpperCase()}.${app.bundleId}`,
      v_Data: Buffer.from(JSON.stringify({ access_token: rng.hex(48), refresh_token: rng.hex(48) })) });
  }
  return items;
}
