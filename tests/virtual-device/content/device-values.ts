/**
 * Lockdown values a profile sets on top of the device model's identity (name, backup policy, Find My,
 * supervision).
 */
import { createHash } from 'node:crypto';
import type { LockdownValues, Profile } from '../types.ts';
import { personaOf } from './persona.ts';

/** Lockdown overrides of a profile, by domain ('' = no domain). */
export function profileValues(profile: Profile, udid: string): LockdownValues {
  const persona = personaOf(profile);
  const managed = profile === 'managed';
  // Several loaners of one fleet get distinct names.
  const loaner = 1 + (createHash('sha256').update(udid).digest().readUInt16BE(0) % 40);
  const general: Record<string, unknown> = {
    DeviceName: managed ? `Loaner ${String(loaner).padStart(2, '0')}` : persona.deviceName,
    ProductType: persona.productType,
    DeviceClass: persona.deviceClass,
  };
  if (persona.phoneNumber) general.PhoneNumber = persona.phoneNumber;
  return {
    '': general,
    'com.apple.mobile.backup': { RequiresEncrypt: managed, CloudBackupEnabled: persona.cloudBackup },
    'com.apple.fmip': { IsAssociated: profile === 'personal' },
    'com.apple.mobile.chaperone': { DeviceIsChaperoned: managed },
  };
}
