/**
 * The golden-backup review: what a backup would carry onto every device restored from it (PROTOCOLS.md §7:
 * accounts, personal data, browser history, passwords and management travel with a backup), with warnings
 * in plain words for the clone wizard.
 */
import { CATEGORY_INFO, type GoldenReview, type GoldenWarning, type WarningLevel } from '../../../shared/categories.ts';
import type { ClassKeys } from '../crypto/unlock.ts';
import type { BackupContents } from './backup-reader.ts';
import { readAllCategories, type AllCategories } from './categories/index.ts';
import { plural } from './categories/overview.ts';
import { isDict } from './categories/source.ts';
import { text } from './categories/values.ts';

const LEVEL_ORDER: Record<WarningLevel, number> = { danger: 0, caution: 1, info: 2 };

/** Reviews a backup before it is cloned onto other devices. `classKeys` let it count the keychain's passwords. */
export async function reviewGoldenBackup(contents: BackupContents, classKeys?: ClassKeys): Promise<GoldenReview> {
  const all = await readAllCategories(contents, classKeys);
  const available = (status: string) => status === 'ok' || status === 'missing';
  const lockdown = isDict(contents.manifestPlist.Lockdown) ? contents.manifestPlist.Lockdown : {};
  const accounts = all.accounts.data;
  const photos = all.photos.data;
  const management = all.management.data;
  const review: GoldenReview = {
    device: compact({ name: text(lockdown.DeviceName), productType: text(lockdown.ProductType), iosVersion: text(lockdown.ProductVersion) }),
    encrypted: contents.encrypted,
    unlocked: contents.encrypted && classKeys !== undefined,
    accounts: {
      ...(accounts.appleAccount ? { appleAccount: accounts.appleAccount } : {}),
      others: accounts.accounts.filter((a) => a.kind !== 'apple-account' && a.parentId === undefined)
        .map((a) => ({ typeName: a.typeName, ...compact({ username: a.username, description: a.description }) })),
    },
    personalData: {
      contacts: all.contacts.data.contacts.length,
      messageThreads: all.messages.data.threads.length,
      messages: all.messages.data.messageCount,
      calls: available(all.calls.status) ? all.calls.data.calls.length : null,
      photos: photos.photoCount,
      videos: photos.videoCount,
      notes: all.notes.data.notes.length,
      calendarEvents: all.calendar.data.events.length,
    },
    browser: {
      bookmarks: all.safari.data.bookmarks.length,
      historyItems: all.safari.data.historyIncluded ? all.safari.data.history.length : contents.encrypted ? 0 : null,
    },
    passwords: available(all.passwords.status) ? all.passwords.data.items.length : null,
    wifiNetworks: available(all.wifi.status) ? all.wifi.data.networks.map((n) => n.ssid) : null,
    management: {
      supervised: management.supervised,
      mdmEnrolled: management.mdmEnrolled,
      mdmProfileIncluded: management.mdmProfileIncluded,
      ...(management.mdmServer ? { mdmServer: management.mdmServer } : {}),
      ...(management.organization ? { organization: management.organization.name } : {}),
      profiles: management.profiles.map((p) => p.name),
      forceEncryptedBackup: management.restrictions.forceEncryptedBackup,
      appsExcludedFromBackup: management.restrictions.appsExcludedFromBackup,
    },
    apps: all.apps.data.apps.length,
    warnings: [],
    problems: problemsOf(all),
  };
  review.warnings = warningsOf(review).sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]);
  return review;
}

function problemsOf(all: AllCategories): string[] {
  return Object.values(all).filter((result) => result.status === 'unreadable' || (result.status === 'ok' && result.problem))
    .map((result) => `${CATEGORY_INFO[result.name].title}: ${result.problem ?? 'could not be read.'}`);
}

function warningsOf(review: GoldenReview): GoldenWarning[] {
  const warnings: GoldenWarning[] = [];
  const warn = (level: WarningLevel, category: GoldenWarning['category'], message: string) => warnings.push({ level, ...(category ? { category } : {}), message });
  if (review.accounts.appleAccount) {
    warn('danger', 'accounts', `This backup is signed in to an Apple Account (${review.accounts.appleAccount}): every clone will carry it.`);
  }
  const signedIn = review.accounts.others.filter((a) => a.username);
  if (signedIn.length) {
    warn('caution', 'accounts', `It is signed in to ${signedIn.map((a) => `${a.typeName} (${a.username})`).join(', ')}: every clone will carry ${signedIn.length === 1 ? 'this account' : 'these accounts'}.`);
  }
  personalDataWarning(review, warn);
  if (review.passwords === null && review.encrypted) {
    warn('caution', 'passwords', 'Unlock the backup to check its saved passwords: an encrypted backup carries its keychain to every clone.');
  } else if (review.passwords) {
    warn('danger', 'passwords', `Its keychain holds ${plural(review.passwords, 'saved password or sign-in', 'saved passwords and sign-ins')}: every clone will get them.`);
  }
  if (review.browser.historyItems) {
    warn('caution', 'safari', `Safari history (${plural(review.browser.historyItems, 'page')}) will be on every clone.`);
  }
  if (review.wifiNetworks?.length) {
    warn('info', 'wifi', `${plural(review.wifiNetworks.length, 'Wi-Fi network')} (${review.wifiNetworks.join(', ')}) and their passwords will be on every clone.`);
  }
  if (!review.encrypted) {
    warn('info', undefined, 'This backup is not encrypted: saved passwords, Wi-Fi networks, call history and Safari history are not in it, so clones will not get them.');
  }
  managementWarnings(review, warn);
  return warnings;
}

type Warn = (level: WarningLevel, category: GoldenWarning['category'], message: string) => void;

function personalDataWarning(review: GoldenReview, warn: Warn): void {
  const data = review.personalData;
  const media = data.photos + data.videos;
  const parts = [
    data.contacts ? plural(data.contacts, 'contact') : '', data.messages ? plural(data.messages, 'message') : '',
    data.calls ? plural(data.calls, 'call') : '', media ? plural(media, 'photo or video', 'photos and videos') : '',
    data.notes ? plural(data.notes, 'note') : '', data.calendarEvents ? plural(data.calendarEvents, 'calendar event') : '',
  ].filter(Boolean);
  if (!parts.length) return;
  const private_ = data.messages > 0 || (data.calls ?? 0) > 0 || media > 0;
  warn(private_ ? 'danger' : 'caution', undefined, `It holds personal data (${parts.join(', ')}): every clone will copy it.`);
}

function managementWarnings(review: GoldenReview, warn: Warn): void {
  const management = review.management;
  if (management.supervised) warn('info', 'management', 'The device was supervised: this backup restores only onto supervised devices.');
  if (management.mdmEnrolled) {
    const server = management.mdmServer ? ` (${management.mdmServer})` : '';
    warn('caution', 'management', `The device is enrolled in MDM${server}. Restoring onto another device removes the enrollment: each clone has to enroll again.`);
  }
  if (management.appsExcludedFromBackup.length) {
    warn('info', 'apps', `Data of managed apps (${management.appsExcludedFromBackup.join(', ')}) is kept out of backups: clones get those apps without their data.`);
  }
}

/** The object without its undefined fields (optional fields of the shared types are absent, not undefined). */
function compact<T extends Record<string, string | undefined>>(value: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: string };
}

