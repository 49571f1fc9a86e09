/**
 * The device's management state as lockdown reports it (supervision, "force encrypted backups"), derived
 * from the management files in its content after a restore changed them (PROTOCOLS.md §2, §7).
 */
import fs from 'node:fs';
import { decodePlist } from '../plist.ts';
import type { VirtualDevice } from '../types.ts';
import { PROFILES_DOMAIN } from './restore-policy.ts';

const CLOUD_CONFIGURATION = 'Library/ConfigurationProfiles/CloudConfigurationDetails.plist';
const MDM = 'Library/ConfigurationProfiles/MDM.plist';
/** Where iOS keeps the restrictions in force: `restrictedBool.forceEncryptedBackup.value`. */
const EFFECTIVE_SETTINGS = 'Library/ConfigurationProfiles/EffectiveUserSettings.plist';

/**
 * Updates `com.apple.mobile.chaperone` DeviceIsChaperoned and `com.apple.mobile.backup` RequiresEncrypt from
 * the device's content: no management files means neither supervised nor forced encryption.
 */
export function syncManagementValues(device: VirtualDevice): void {
  const cloud = readPlist(device, CLOUD_CONFIGURATION);
  const managed = cloud !== undefined || device.store.get(PROFILES_DOMAIN, MDM) !== undefined;
  const chaperone = (device.values['com.apple.mobile.chaperone'] ??= {});
  const backup = (device.values['com.apple.mobile.backup'] ??= {});
  chaperone.DeviceIsChaperoned = cloud?.IsSupervised === true;
  if (!managed) {
    backup.RequiresEncrypt = false;
    return;
  }
  const settings = readPlist(device, EFFECTIVE_SETTINGS);
  const restricted = settings?.restrictedBool as Record<string, Record<string, unknown>> | undefined;
  const force = restricted?.forceEncryptedBackup?.value;
  if (typeof force === 'boolean') backup.RequiresEncrypt = force;
}

function readPlist(device: VirtualDevice, relativePath: string): Record<string, unknown> | undefined {
  if (device.store.get(PROFILES_DOMAIN, relativePath)?.kind !== 'file') return undefined;
  try {
    const value = decodePlist(fs.readFileSync(device.store.pathOf(PROFILES_DOMAIN, relativePath)));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
