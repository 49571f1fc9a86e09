/**
 * Names of apps for people: the App Store name the host recorded in the backup's Info.plist (Applications
 * → iTunesMetadata itemName / bundleDisplayName), Apple's built-in apps by their bundle ids, then the `.app`
 * folder name in Manifest.plist's Applications, and last the end of the bundle id.
 */
import { decodePlist } from '../../plist/codec.ts';
import type { BackupContents } from '../backup-reader.ts';
import { isDict } from './source.ts';
import { text } from './values.ts';
import { readBackupPlist } from '../backup-file.ts';

/** Apple's own apps, which Info.plist does not list (they are part of iOS). */
const BUILT_IN: Record<string, string> = {
  'com.apple.mobilephone': 'Phone', 'com.apple.mobilesafari': 'Safari', 'com.apple.MobileSMS': 'Messages', 'com.apple.Music': 'Music',
  'com.apple.mobilemail': 'Mail', 'com.apple.mobilecal': 'Calendar', 'com.apple.mobileslideshow': 'Photos', 'com.apple.camera': 'Camera',
  'com.apple.mobilenotes': 'Notes', 'com.apple.reminders': 'Reminders', 'com.apple.mobiletimer': 'Clock', 'com.apple.weather': 'Weather',
  'com.apple.Maps': 'Maps', 'com.apple.AppStore': 'App Store', 'com.apple.Preferences': 'Settings', 'com.apple.Health': 'Health',
  'com.apple.Passbook': 'Wallet', 'com.apple.DocumentsApp': 'Files', 'com.apple.calculator': 'Calculator', 'com.apple.compass': 'Compass',
  'com.apple.VoiceMemos': 'Voice Memos', 'com.apple.measure': 'Measure', 'com.apple.Magnifier': 'Magnifier', 'com.apple.MobileAddressBook': 'Contacts',
  'com.apple.facetime': 'FaceTime', 'com.apple.news': 'News', 'com.apple.tv': 'TV', 'com.apple.podcasts': 'Podcasts', 'com.apple.iBooks': 'Books',
  'com.apple.Home': 'Home', 'com.apple.findmy': 'Find My', 'com.apple.shortcuts': 'Shortcuts', 'com.apple.stocks': 'Stocks',
  'com.apple.Translate': 'Translate', 'com.apple.tips': 'Tips', 'com.apple.Fitness': 'Fitness', 'com.apple.freeform': 'Freeform',
  'com.apple.Bridge': 'Watch', 'com.apple.mobileme.fmf1': 'Find My Friends', 'com.apple.gamecenter': 'Game Center',
};

/** App names of one backup. */
export interface AppNames {
  /** A name for any bundle id (never empty). */
  nameOf(bundleId: string): string;
  /** The version recorded for an app, when any. */
  versionOf(bundleId: string): string | undefined;
}

/** Loads the names the backup's Info.plist and Manifest.plist give; a missing or damaged Info.plist only costs names. */
export async function loadAppNames(contents: BackupContents): Promise<AppNames> {
  const storeNames = new Map<string, string>();
  const versions = new Map<string, string>();
  for (const [bundleId, record] of Object.entries(await infoApplications(contents.path))) {
    if (!isDict(record) || !Buffer.isBuffer(record.iTunesMetadata)) continue;
    try {
      const metadata = decodePlist(record.iTunesMetadata, 'app metadata');
      if (!isDict(metadata)) continue;
      const name = text(metadata.itemName) ?? text(metadata.bundleDisplayName);
      if (name) storeNames.set(bundleId, name);
      const version = text(metadata.bundleShortVersionString) ?? text(metadata.bundleVersion);
      if (version) versions.set(bundleId, version);
    } catch {
      // One app's damaged metadata costs only its name.
    }
  }
  const manifestApps = isDict(contents.manifestPlist.Applications) ? contents.manifestPlist.Applications : {};
  return {
    nameOf(bundleId) {
      const record = manifestApps[bundleId];
      const folder = isDict(record) ? text(record.Path)?.split('/').pop()?.replace(/\.app$/, '') : undefined;
      return storeNames.get(bundleId) ?? BUILT_IN[bundleId] ?? folder ?? bundleId.split('.').pop() ?? bundleId;
    },
    versionOf(bundleId) {
      const record = manifestApps[bundleId];
      return versions.get(bundleId) ?? (isDict(record) ? text(record.CFBundleShortVersionString) ?? text(record.CFBundleVersion) : undefined);
    },
  };
}

async function infoApplications(folder: string): Promise<Record<string, unknown>> {
  try {
    const info = await readBackupPlist(folder, 'Info.plist');
    return isDict(info) && isDict(info.Applications) ? info.Applications : {};
  } catch {
    return {};
  }
}
