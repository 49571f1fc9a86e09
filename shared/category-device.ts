/**
 * The device's own settings a backup holds, as the backup browser's categories show them: Wi-Fi networks,
 * keychain passwords, Home Screen, accounts, apps, configuration profiles and management. Dates are ISO
 * 8601 strings (UTC). Secrets never travel in these types: one is revealed on request (RevealedSecret).
 */

/** A Wi-Fi network the device knows. */
export interface WifiNetwork {
  ssid: string;
  /** "Open", "WPA2 Personal", "WPA2 Enterprise"… when the backup says. */
  security?: string;
  lastJoined?: string;
  added?: string;
  /** Joined by hand, or installed by a configuration profile. */
  addedBy?: 'user' | 'profile' | 'other';
  hidden?: boolean;
  /** Id of its keychain password (reveal it like any password); absent when the keychain holds none or is locked. */
  passwordId?: string;
}

/** Wi-Fi networks of a backup (encrypted backups only). */
export interface WifiData {
  networks: WifiNetwork[];
}

/** What a keychain item is for. */
export type PasswordKind = 'website' | 'wifi' | 'app' | 'account';

/** One keychain password, without its secret. */
export interface PasswordItem {
  /** Opaque id; pass it to the reveal call. */
  id: string;
  kind: PasswordKind;
  /** Website host (internet passwords) or service name (generic passwords). */
  where: string;
  account?: string;
  label?: string;
  /** The app group that owns it (keychain access group). */
  accessGroup?: string;
  created?: string;
  modified?: string;
  /** Keychain protection class (6 WhenUnlocked … 11); the ThisDeviceOnly ones (9–11) never leave the device. */
  protectionClass: number;
}

/** Keychain passwords of a backup (encrypted and unlocked backups only). */
export interface PasswordsData {
  items: PasswordItem[];
  /**
   * Items bound to the device that made the backup ("ThisDeviceOnly"): the backup holds them, but their key
   * never leaves that device, so they cannot be read here (and do not restore onto another device).
   */
  deviceOnlyCount: number;
}

/** One secret, revealed on request. */
export interface RevealedSecret {
  id: string;
  /** The secret as text, or base64 when it is not text (tokens, keys). */
  value: string;
  encoding: 'text' | 'base64';
}

/** An icon on the Home Screen or in the dock. */
export type HomeScreenIcon =
  | { type: 'app'; bundleId: string; name: string }
  | { type: 'folder'; name: string; pages: HomeScreenApp[][] }
  | { type: 'widget'; name: string; size?: string };

/** An app icon (inside folders only apps appear). */
export type HomeScreenApp = Extract<HomeScreenIcon, { type: 'app' }>;

/** Home Screen layout of a backup. */
export interface HomeScreenData {
  dock: HomeScreenIcon[];
  /** Pages left to right, icons in reading order. */
  pages: HomeScreenIcon[][];
}

/** What an account is, for grouping. */
export type AccountKind = 'apple-account' | 'mail' | 'calendar' | 'other';

/** One account signed in on the device. */
export interface AccountInfo {
  id: number;
  kind: AccountKind;
  /** Account type identifier ("com.apple.account.AppleAccount", "com.apple.account.Google"). */
  type: string;
  /** Human name of the type ("iCloud", "Gmail", "Exchange"). */
  typeName: string;
  description?: string;
  username?: string;
  /** Id of the account this one belongs to (iMessage, Game Center… under the Apple Account). */
  parentId?: number;
  /** Services turned on for it ("Contacts", "Calendars", "Mail"…). */
  services: string[];
  created?: string;
}

/** Accounts of a backup. */
export interface AccountsData {
  accounts: AccountInfo[];
  /** The Apple Account signed in, when any (its user name). */
  appleAccount?: string;
}

/** One app whose data the backup holds or whose record Manifest.plist lists. */
export interface AppInfo {
  bundleId: string;
  name: string;
  version?: string;
  /** Bytes of app data in the backup (its container, extensions and app groups). */
  dataSize: number;
  fileCount: number;
}

/** Apps of a backup. */
export interface AppsData {
  apps: AppInfo[];
}

/** One installed configuration profile. */
export interface InstalledProfile {
  identifier: string;
  name: string;
  organization?: string;
  description?: string;
  installed?: string;
  removalDisallowed: boolean;
  /** Payload types inside it ("com.apple.wifi.managed", "com.apple.mdm"…). */
  payloadTypes: string[];
  /** The MDM enrollment profile itself. */
  mdmEnrollment: boolean;
}

/** Restrictions that change what backups and restores do. */
export interface BackupRestrictions {
  /** "Force encrypted backups": backups to a computer must be encrypted. */
  forceEncryptedBackup: boolean;
  /** iCloud Backup turned off by the organisation. */
  cloudBackupDisabled: boolean;
  /** Managed apps whose data is kept out of backups ("Prevent app backup"). */
  appsExcludedFromBackup: string[];
  /** Managed books and in-house documents kept out of backups. */
  enterpriseBooksExcluded: boolean;
}

/** Management state of the device the backup came from. */
export interface ManagementData {
  supervised: boolean;
  /** Enrolled in an MDM server (from the enrollment, or from traces every backup holds). */
  mdmEnrolled: boolean;
  /** Whether the MDM enrollment profile is in this backup (encrypted backups only). */
  mdmProfileIncluded: boolean;
  mdmServer?: string;
  /** Set up through Automated Device Enrollment (the organisation's cloud configuration). */
  automatedEnrollment: boolean;
  organization?: { name: string; department?: string; email?: string; phone?: string };
  profiles: InstalledProfile[];
  restrictions: BackupRestrictions;
}
