/**
 * Wi-Fi networks from SystemPreferencesDomain SystemConfiguration/ (encrypted backups only):
 * com.apple.wifi.known-networks.plist (iOS 14+: `wifi.network.ssid.<SSID>` → {SSID data, AddedAt,
 * JoinedByUserAt, JoinedBySystemAt, BSSList[{LastAssociatedAt}], AddReason, Hidden, SupportedSecurityTypes})
 * and com.apple.wifi.plist ("List of known networks": SSID_STR, lastJoined, SecurityMode…), merged by SSID.
 * Passwords are keychain items of service "AirPort" whose account is the SSID.
 */
import type { CategoryResult, WifiNetwork } from '../../../../shared/categories.ts';
import type { ClassKeys } from '../../crypto/unlock.ts';
import type { BackupContents } from '../backup-reader.ts';
import { openKeychain } from './passwords.ts';
import { CategoryProblem, isDict, loadPlist, PartialResult, settle, type SourceFile } from './source.ts';
import { newestFirst, plistDate, text } from './values.ts';

/** The known-networks list of iOS 14 and later. */
export const KNOWN_NETWORKS: SourceFile = {
  domain: 'SystemPreferencesDomain', relativePath: 'SystemConfiguration/com.apple.wifi.known-networks.plist', what: 'the Wi-Fi networks', encryptedOnly: true,
};
/** The older Wi-Fi preferences. */
export const WIFI_PREFERENCES: SourceFile = {
  domain: 'SystemPreferencesDomain', relativePath: 'SystemConfiguration/com.apple.wifi.plist', what: 'the Wi-Fi settings', encryptedOnly: true,
};

type Dict = Record<string, unknown>;

/** Reads the networks the device knows, most recently joined first, with their keychain password ids. */
export function readWifi(contents: BackupContents, classKeys?: ClassKeys): Promise<CategoryResult<'wifi'>> {
  return settle('wifi', () => ({ networks: [] }), async () => {
    const problems: string[] = [];
    const known = await optionalPlist(contents, KNOWN_NETWORKS, problems);
    const preferences = await optionalPlist(contents, WIFI_PREFERENCES, problems);
    if (!known && !preferences) {
      if (problems.length) throw new CategoryProblem('unreadable', problems.join(' '));
      if (!contents.encrypted) throw new CategoryProblem('needs-encryption', 'Only encrypted backups hold the Wi-Fi networks.');
      throw new CategoryProblem('missing', 'This backup does not hold the Wi-Fi networks.');
    }
    const networks = new Map<string, WifiNetwork>();
    for (const value of Object.values(known ?? {})) mergeKnown(networks, value);
    const list = preferences?.['List of known networks'];
    for (const value of Array.isArray(list) ? list : []) mergePreference(networks, value);
    await attachPasswords(contents, classKeys, networks);
    const data = { networks: newestFirst([...networks.values()], (n) => n.lastJoined ?? n.added) };
    return problems.length ? new PartialResult(data, problems.join(' ')) : data;
  });
}

async function optionalPlist(contents: BackupContents, file: SourceFile, problems: string[]): Promise<Dict | undefined> {
  try {
    return await loadPlist(contents, file);
  } catch (error) {
    if (!(error instanceof CategoryProblem)) throw error;
    if (error.status === 'unreadable') problems.push(error.message);
    return undefined;
  }
}

function networkOf(networks: Map<string, WifiNetwork>, ssid: string): WifiNetwork {
  let network = networks.get(ssid);
  if (!network) {
    network = { ssid };
    networks.set(ssid, network);
  }
  return network;
}

function mergeKnown(networks: Map<string, WifiNetwork>, value: unknown): void {
  if (!isDict(value)) return;
  const ssid = text(value.SSID);
  if (!ssid) return;
  const network = networkOf(networks, ssid);
  const bssDates = (Array.isArray(value.BSSList) ? value.BSSList : []).map((bss) => (isDict(bss) ? plistDate(bss.LastAssociatedAt) : undefined));
  const joined = [plistDate(value.JoinedByUserAt), plistDate(value.JoinedBySystemAt), ...bssDates].filter((d): d is string => d !== undefined).sort().pop();
  if (joined) network.lastJoined = joined;
  const added = plistDate(value.AddedAt);
  if (added) network.added = added;
  const reason = text(value.AddReason);
  if (reason) network.addedBy = /profile|mdm|configuration/i.test(reason) ? 'profile' : /manual|user|join/i.test(reason) ? 'user' : 'other';
  if (typeof value.Hidden === 'boolean') network.hidden = value.Hidden;
  if (value.SupportedSecurityTypes === 0) network.security = 'Open';
}

function mergePreference(networks: Map<string, WifiNetwork>, value: unknown): void {
  if (!isDict(value)) return;
  const ssid = text(value.SSID_STR) ?? text(value.SSID);
  if (!ssid) return;
  const network = networkOf(networks, ssid);
  const security = text(value.SecurityMode);
  if (security) network.security = security;
  const joined = plistDate(value.lastJoined) ?? plistDate(value.lastAutoJoined);
  if (joined && (!network.lastJoined || joined > network.lastJoined)) network.lastJoined = joined;
  if (network.hidden === undefined && typeof value.HIDDEN_NETWORK === 'boolean') network.hidden = value.HIDDEN_NETWORK;
}

/** Links each network to its keychain password, when the backup is unlocked and holds one. */
async function attachPasswords(contents: BackupContents, classKeys: ClassKeys | undefined, networks: Map<string, WifiNetwork>): Promise<void> {
  if (!classKeys) return;
  const keychain = await openKeychain(contents, classKeys).catch((error: unknown) => {
    if (error instanceof CategoryProblem) return undefined;
    throw error;
  });
  for (const { item } of keychain?.items ?? []) {
    const network = item.kind === 'wifi' ? networks.get(item.where) : undefined;
    if (network) network.passwordId = item.id;
  }
}
