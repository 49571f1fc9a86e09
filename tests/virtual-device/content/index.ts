/**
 * Content of a virtual device: fills a store with a profile's realistic user data, deterministically from
 * the udid, and answers what installation_proxy, MCInstall, lockdown and the backup keychain need.
 */
import type { DeviceStore, Profile } from '../types.ts';
import { writeAccounts } from './accounts.ts';
import { writeAppContainers } from './apps.ts';
import { addBulkContent } from './bulk.ts';
import { writeCalendar } from './calendar.ts';
import { writeCallHistory } from './calls.ts';
import { writeConfigurationProfiles } from './config-profiles.ts';
import { writeContacts } from './contacts.ts';
import { putDirectory, putPlist, type ContentContext } from './context.ts';
import { writeHealth } from './health.ts';
import { CameraRoll } from './media.ts';
import { writeMessages } from './messages.ts';
import { writeNotes } from './notes.ts';
import { othersOf, peopleOf } from './people.ts';
import { personaOf } from './persona.ts';
import { writePhotosDatabase } from './photos-db.ts';
import { Rng } from './random.ts';
import { writeSafari } from './safari.ts';
import { writeSpringBoard } from './springboard.ts';
import { REFERENCE_TIME } from './time.ts';
import { writeWifi } from './wifi.ts';

export { appsFor, containerPath } from './apps.ts';
export { isEncryptedOnly } from './backup-rules.ts';
export { catalogFor, type AppFact } from './catalog.ts';
export { PROFILES_DOMAIN, profilesFor } from './config-profiles.ts';
export { profileValues } from './device-values.ts';
export { keychainItemsFor, type KeychainItem } from './keychain.ts';
export { personaOf, type Persona } from './persona.ts';
export type { SizeKnobs } from './bulk.ts';

/** What to generate besides the profile's own content. */
export interface PopulateOptions {
  /** Seeds everything: the same udid always yields the same files, byte for byte. */
  udid: string;
  /** Adds about this many MiB (videos, photos, app files). */
  dataMb?: number;
  /** Tops the device up to about this many files (small app files). */
  files?: number;
}

/**
 * Fills an empty store with the profile's content (synchronous; does not call save()).
 * Every file a profile has is in the real domain and path of PROTOCOLS.md §6.
 */
export function populateProfile(store: DeviceStore, profile: Profile, options: PopulateOptions): void {
  const context: ContentContext = {
    store, profile, udid: options.udid, persona: personaOf(profile), rng: (label) => new Rng(options.udid, label),
  };
  const people = peopleOf(context);
  const others = othersOf(context, people);
  writeContacts(context, people);
  writeMessages(context, others);
  putDirectory(context, 'MediaDomain', 'Library/SMS/Attachments');
  writeCallHistory(context, others);
  writeSafari(context);
  writeNotes(context);
  writeCalendar(context);
  writeAccounts(context);
  writeHealth(context);
  writeSpringBoard(context);
  writeWifi(context);
  writeConfigurationProfiles(context);
  writeAppContainers(context);
  if (context.persona.deviceClass === 'iPhone') {
    putPlist(context, 'WirelessDomain', 'Library/Preferences/com.apple.commcenter.plist', { PhoneNumber: context.persona.phoneNumber ?? '', CarrierName: 'Verizon' });
  }
  const roll = new CameraRoll(context);
  const rng = context.rng('camera-roll');
  const amounts = context.persona.amounts;
  const total = amounts.photos + amounts.videos;
  const moments = Array.from({ length: total }, () => REFERENCE_TIME - rng.int(1, 400 * 86400)).sort((a, b) => a - b);
  // Videos are spread evenly among the photos, as a camera roll would have them.
  const videoAt = new Set(Array.from({ length: amounts.videos }, (_, k) => Math.floor(((k + 0.5) * total) / amounts.videos)));
  moments.forEach((when, i) => (videoAt.has(i) ? roll.addVideo(when, 1_500_000 + rng.int(0, 500_000)) : roll.addPhoto(when)));
  putDirectory(context, 'CameraRollDomain', 'Media/DCIM/100APPLE');
  addBulkContent(context, roll, { dataMb: options.dataMb, files: options.files });
  writePhotosDatabase(context, roll.assets);
}
