/**
 * Which device files only encrypted backups carry (PROTOCOLS.md §6, §7): call history, Safari history,
 * Health, Wi-Fi, keychain and the MDM enrollment. Generation marks them; a restore, whose backup does not
 * record the flag, can mark them again with this rule.
 */
import { PROFILES_DOMAIN, enrollmentStubNames } from './config-profiles.ts';

const PROFILE_DIR = 'Library/ConfigurationProfiles/';
let enrollmentStubs: Set<string> | undefined;

/** True when a backup includes this file only when it is encrypted (folders are in every backup). */
export function isEncryptedOnly(domain: string, relativePath: string): boolean {
  switch (domain) {
    case 'HealthDomain':
    case 'KeychainDomain':
      return relativePath !== '';
    case 'HomeDomain':
      return relativePath.startsWith('Library/CallHistoryDB/') || relativePath === 'Library/Safari/History.db';
    case 'SystemPreferencesDomain':
      return /^SystemConfiguration\/com\.apple\.wifi(\.known-networks)?\.plist$/.test(relativePath);
    case PROFILES_DOMAIN: {
      enrollmentStubs ??= new Set(enrollmentStubNames());
      const name = relativePath.startsWith(PROFILE_DIR) ? relativePath.slice(PROFILE_DIR.length) : '';
      return name === 'MDM.plist' || enrollmentStubs.has(name);
    }
    default:
      return false;
  }
}
