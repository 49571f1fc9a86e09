/**
 * Which entries of a backup a restore writes, by the Restore options (PROTOCOLS.md §3, §7). Which domains
 * count as "system" and which files as "settings" is *(modelled)*: Apple does not publish the lists.
 */

/** Domains restored only with `RestoreSystemFiles`. */
const SYSTEM_DOMAINS = new Set([
  'SystemPreferencesDomain', 'WirelessDomain', 'ManagedPreferencesDomain', 'DatabaseDomain', 'RootDomain',
  'MobileDeviceDomain', 'InstallDomain', 'TonesDomain', 'KeyboardDomain',
]);
const SYSTEM_DOMAIN_PREFIXES = ['SysContainerDomain-', 'SysSharedContainerDomain-'];

/** The domain of configuration profiles and management state. */
export const PROFILES_DOMAIN = 'SysSharedContainerDomain-systemgroup.com.apple.configurationprofiles';
const PROFILES_FOLDER = 'Library/ConfigurationProfiles';

/** What a restore request asked for. */
export interface RestoreScope {
  systemFiles: boolean;
  /** Keep the device's settings instead of the backup's (`RestorePreserveSettings`). */
  preserveSettings: boolean;
  /** The backup comes from another device: its management configuration and MDM enrollment stay out. */
  otherDevice: boolean;
}

/** Whether an entry is a system file (restored only with RestoreSystemFiles). */
export function isSystemEntry(domain: string): boolean {
  return SYSTEM_DOMAINS.has(domain) || SYSTEM_DOMAIN_PREFIXES.some((prefix) => domain.startsWith(prefix));
}

/** Whether an entry is a device setting (kept from the device when settings are preserved). */
export function isSettingEntry(domain: string, relativePath: string): boolean {
  if (domain === 'SystemPreferencesDomain') return true;
  return domain === 'HomeDomain' && (relativePath === 'Library/Preferences' || relativePath.startsWith('Library/Preferences/'));
}

/**
 * Whether an entry is management configuration or MDM enrollment: supervision (CloudConfigurationDetails),
 * the MDM enrollment (MDM.plist, MDMAppManagement.plist), and the profiles, their bookkeeping and the
 * restrictions in force in the profiles folder.
 */
export function isManagementEntry(domain: string, relativePath: string): boolean {
  if (domain !== PROFILES_DOMAIN || !relativePath.startsWith(`${PROFILES_FOLDER}/`)) return false;
  const name = relativePath.slice(PROFILES_FOLDER.length + 1);
  return !name.includes('/') && /^(MDM.*\.plist|CloudConfiguration.*\.plist|ProfileTruth\.plist|PayloadManifest\.plist|profile-.*\.stub|.*Settings\.plist)$/.test(name);
}

/** Whether a backup entry is written by a restore with this scope (and whether a device entry is in scope). */
export function inRestoreScope(scope: RestoreScope, domain: string, relativePath: string): boolean {
  if (!scope.systemFiles && isSystemEntry(domain)) return false;
  if (scope.preserveSettings && isSettingEntry(domain, relativePath)) return false;
  if (scope.otherDevice && isManagementEntry(domain, relativePath)) return false;
  return true;
}

/** Paths only encrypted backups carry (PROTOCOLS.md §6); restored entries get the flag back. */
export function isEncryptedOnlyEntry(domain: string, relativePath: string): boolean {
  if (domain === 'KeychainDomain' || domain === 'HealthDomain') return true;
  if (domain === 'HomeDomain') {
    return relativePath.startsWith('Library/CallHistoryDB/') || relativePath === 'Library/Safari/History.db'
      || relativePath.startsWith('Library/Safari/History.db-');
  }
  return domain === 'SystemPreferencesDomain' && /^SystemConfiguration\/com\.apple\.wifi/.test(relativePath);
}
