/**
 * The backup browser's categories: what a backup holds, read from its real databases, with the data only
 * encrypted backups carry marked as such (PROTOCOLS.md §6), and the golden-backup review the clone wizard
 * shows. Plain types (no zod) so the renderer, the CLI and the engine share them.
 */
import type { AccountsData, AppsData, HomeScreenData, ManagementData, PasswordsData, WifiData } from './category-device.ts';
import type { CalendarData, CallsData, ContactsData, MessagesData, NotesData, PhotosData, SafariData } from './category-personal.ts';

export type * from './category-device.ts';
export type * from './category-personal.ts';

/** Every category, in the order the interface lists them. */
export const CATEGORY_NAMES = [
  'contacts', 'messages', 'calls', 'photos', 'safari', 'notes', 'calendar',
  'wifi', 'passwords', 'home-screen', 'accounts', 'apps', 'management',
] as const;

/** One category of the backup browser. */
export type CategoryName = (typeof CATEGORY_NAMES)[number];

/**
 * How much of a category only encrypted backups hold: 'all' (call history, Wi-Fi, passwords), 'part'
 * (Safari's history, the MDM enrollment profile) or 'none'.
 */
export type EncryptedOnly = 'all' | 'part' | 'none';

/** Static facts of a category: its title and what needs an encrypted backup. */
export interface CategoryInfo {
  name: CategoryName;
  /** Title as the interface shows it. */
  title: string;
  encryptedOnly: EncryptedOnly;
  /** What the encrypted-only part is, in words ("Website history", "The MDM enrollment profile"). */
  encryptedOnlyPart?: string;
  /** Reading it needs the backup unlocked with its password (keychain secrets). */
  needsUnlock: boolean;
}

/** Title and encryption needs of every category, by name. */
export const CATEGORY_INFO: Readonly<Record<CategoryName, CategoryInfo>> = {
  contacts: { name: 'contacts', title: 'Contacts', encryptedOnly: 'none', needsUnlock: false },
  messages: { name: 'messages', title: 'Messages', encryptedOnly: 'none', needsUnlock: false },
  calls: { name: 'calls', title: 'Call History', encryptedOnly: 'all', needsUnlock: false },
  photos: { name: 'photos', title: 'Photos', encryptedOnly: 'none', needsUnlock: false },
  safari: { name: 'safari', title: 'Safari', encryptedOnly: 'part', encryptedOnlyPart: 'Website history', needsUnlock: false },
  notes: { name: 'notes', title: 'Notes', encryptedOnly: 'none', needsUnlock: false },
  calendar: { name: 'calendar', title: 'Calendar', encryptedOnly: 'none', needsUnlock: false },
  wifi: { name: 'wifi', title: 'Wi-Fi', encryptedOnly: 'all', needsUnlock: false },
  passwords: { name: 'passwords', title: 'Passwords', encryptedOnly: 'all', needsUnlock: true },
  'home-screen': { name: 'home-screen', title: 'Home Screen', encryptedOnly: 'none', needsUnlock: false },
  accounts: { name: 'accounts', title: 'Accounts', encryptedOnly: 'none', needsUnlock: false },
  apps: { name: 'apps', title: 'Apps', encryptedOnly: 'none', needsUnlock: false },
  management: {
    name: 'management', title: 'Profiles & Management', encryptedOnly: 'part',
    encryptedOnlyPart: 'The MDM enrollment profile', needsUnlock: false,
  },
};

/** The data of each category, by name. */
export interface CategoryDataMap {
  contacts: ContactsData;
  messages: MessagesData;
  calls: CallsData;
  photos: PhotosData;
  safari: SafariData;
  notes: NotesData;
  calendar: CalendarData;
  wifi: WifiData;
  passwords: PasswordsData;
  'home-screen': HomeScreenData;
  accounts: AccountsData;
  apps: AppsData;
  management: ManagementData;
}

/**
 * Why a category shows nothing or only part of it: 'needs-encryption' (the backup is not encrypted, so it
 * does not hold this), 'locked' (encrypted but not unlocked), 'missing' (the backup has no such file),
 * 'unreadable' (the file is damaged; `problem` says how).
 */
export type CategoryStatus = 'ok' | 'needs-encryption' | 'locked' | 'missing' | 'unreadable';

/** One category read from a backup: its data (empty when unreadable) and what stood in the way. */
export interface CategoryResult<N extends CategoryName = CategoryName> {
  name: N;
  status: CategoryStatus;
  data: CategoryDataMap[N];
  /** What went wrong, in plain words, when something did (also for partial reads). */
  problem?: string;
}

/** A category result whose `data` narrows when `name` is checked (switch over `result.name`). */
export type AnyCategoryResult = { [N in CategoryName]: CategoryResult<N> }[CategoryName];

/** One line of the summary page. */
export interface CategorySummary extends CategoryInfo {
  status: CategoryStatus;
  /** How many main items it holds (contacts, threads, calls, photos and videos, bookmarks…). */
  count: number;
  /** The count in words ("120 contacts", "24 photos, 2 videos"). */
  countText: string;
  problem?: string;
}

/** The summary page of a backup: every category with its count. */
export interface BackupOverview {
  encrypted: boolean;
  /** Encrypted and unlocked with its password (keychain items can be read). */
  unlocked: boolean;
  categories: CategorySummary[];
}

/** A count, or null when this backup cannot tell (the data needs an encrypted backup, or unlocking). */
export type CountOrUnknown = number | null;

/** How much one warning matters to someone about to clone. */
export type WarningLevel = 'danger' | 'caution' | 'info';

/** One finding of the golden-backup review, in plain words. */
export interface GoldenWarning {
  level: WarningLevel;
  category?: CategoryName;
  message: string;
}

/** What a backup would carry onto every device restored from it (the clone wizard's review). */
export interface GoldenReview {
  device: { name?: string; productType?: string; iosVersion?: string };
  encrypted: boolean;
  unlocked: boolean;
  accounts: {
    /** User name of the Apple Account signed in, when any. */
    appleAccount?: string;
    /** Other accounts (mail, calendars…), top-level ones only. */
    others: Array<{ typeName: string; username?: string; description?: string }>;
  };
  personalData: {
    contacts: number;
    messageThreads: number;
    messages: number;
    calls: CountOrUnknown;
    photos: number;
    videos: number;
    notes: number;
    calendarEvents: number;
  };
  browser: { bookmarks: number; historyItems: CountOrUnknown };
  passwords: CountOrUnknown;
  /** SSIDs of the Wi-Fi networks it carries; null when the backup does not hold them. */
  wifiNetworks: string[] | null;
  management: {
    supervised: boolean;
    mdmEnrolled: boolean;
    mdmProfileIncluded: boolean;
    mdmServer?: string;
    organization?: string;
    profiles: string[];
    forceEncryptedBackup: boolean;
    appsExcludedFromBackup: string[];
  };
  apps: number;
  /** Most serious first. */
  warnings: GoldenWarning[];
  /** Categories that could not be read, in words. */
  problems: string[];
}
