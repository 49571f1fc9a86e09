/**
 * App settings: what persists between runs of the desktop app.
 */
import * as z from 'zod/mini';
import { DEFAULT_FLEET_CONCURRENCY, MAX_FLEET_CONCURRENCY } from './fleet.ts';
import type { LibraryLocation } from './library.ts';

/** Most versions a device may keep (each one shares unchanged files with the next, but changes add up). */
export const MAX_KEEP_VERSIONS = 20;

/**
 * Versions kept per device unless the person chooses: none, as Finder does, so no disk space is ever used
 * without asking. Settings offers it.
 */
export const DEFAULT_KEEP_VERSIONS = 0;

/** Longest "at most once every" interval of automatic backups: 30 days. */
export const MAX_AUTO_BACKUP_HOURS = 24 * 30;

/** A time of day, "HH:MM" on a 24-hour clock. */
export const DAILY_TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/** The stored settings file (unknown keys are dropped, bad values fall back to defaults). */
export const storedSettingsSchema = z.object({
  /** The backup folder chosen by the person; absent = the OS's standard folder. */
  backupFolder: z.optional(z.string().check(z.minLength(1))),
  /** More folders the library lists (external disks, other tools' folders), chosen by the person. */
  extraLocations: z.optional(z.array(z.string().check(z.minLength(1)))),
  /** How many earlier backups of each device are kept as versions after a backup. */
  keepVersions: z.optional(z.int().check(z.minimum(0), z.maximum(MAX_KEEP_VERSIONS))),
  /** Automatic backups of connected devices while the app runs. */
  autoBackup: z.optional(
    z.object({
      onConnect: z.optional(z.boolean()),
      intervalHours: z.optional(z.int().check(z.minimum(1), z.maximum(MAX_AUTO_BACKUP_HOURS))),
      dailyAt: z.optional(z.string().check(z.regex(DAILY_TIME))),
      concurrency: z.optional(z.int().check(z.minimum(1), z.maximum(MAX_FLEET_CONCURRENCY))),
      /** Per device (by UDID): on or off, overriding onConnect. */
      devices: z.optional(z.record(z.string(), z.boolean())),
    }),
  ),
  /** The last clone's settings (never its password), offered again next time. */
  lastClone: z.optional(
    z.object({
      backupId: z.optional(z.string()),
      namePattern: z.optional(z.string().check(z.maxLength(64))),
      concurrency: z.int().check(z.minimum(1), z.maximum(MAX_FLEET_CONCURRENCY)),
      watch: z.boolean(),
      options: z.object({ settings: z.boolean(), system: z.boolean(), remove: z.boolean(), reboot: z.boolean() }),
    }),
  ),
});

/** Automatic backups as the interface shows them, defaults filled in. */
export interface AutoBackupSettings {
  /** Back up a device when it connects, unless its own setting says otherwise. */
  onConnect: boolean;
  /** At most once per this many hours (on connect and on the schedule alike). */
  intervalHours: number;
  /** Back up every connected device each day at this time ("HH:MM"), while the app runs. */
  dailyAt?: string;
  /** Devices backed up at once. */
  concurrency: number;
  /** Per-device choices (UDID → on/off) overriding onConnect. */
  devices: Record<string, boolean>;
}

/** Automatic backups unless the person chooses: off, at most daily, as many at once as a clone. */
export const DEFAULT_AUTO_BACKUP: AutoBackupSettings = { onConnect: false, intervalHours: 24, concurrency: DEFAULT_FLEET_CONCURRENCY, devices: {} };

/** Whether a device is backed up when it connects: its own choice, else the default. */
export function autoBackupOn(settings: Pick<AutoBackupSettings, 'onConnect' | 'devices'>, udid: string): boolean {
  return settings.devices[udid] ?? settings.onConnect;
}

/** Whether any device is backed up when it connects (by default or by its own choice): the app watches then. */
export function autoBackupWatches(settings: Partial<Pick<AutoBackupSettings, 'onConnect' | 'devices'>>): boolean {
  return settings.onConnect === true || Object.values(settings.devices ?? {}).some(Boolean);
}

/** The last clone's settings. */
export type CloneDefaults = NonNullable<StoredSettings['lastClone']>;

/** Settings as stored. */
export type StoredSettings = z.infer<typeof storedSettingsSchema>;

/** Settings as the interface shows them. */
export interface AppSettings {
  /** Where backups go now. */
  backupFolder: string;
  /** The OS's standard backup folder (Finder/iTunes's MobileSync folder on macOS and Windows). */
  defaultBackupFolder: string;
  usingDefaultFolder: boolean;
  /** Every folder the library lists: the backup folder first, then the added ones. */
  locations: LibraryLocation[];
  /** Earlier backups kept per device as versions (0 = none). */
  keepVersions: number;
  autoBackup: AutoBackupSettings;
  /** The last clone's settings, offered again. */
  lastClone?: CloneDefaults;
  /** Whether this host keeps running with its window closed (the desktop app's tray icon). */
  canRunInBackground: boolean;
  /** Whether this host can show a folder picker (the desktop app can; the browser mode cannot). */
  canChooseFolder: boolean;
  /** Whether backup passwords can be remembered in the OS keychain (the desktop app, when the OS offers one). */
  canRememberPasswords: boolean;
  /** Whether backups can be moved to the OS's Trash (the desktop app). */
  canTrash: boolean;
  /** Whether a backup folder can be shown in the OS's file manager (the desktop app). */
  canShowInFolder: boolean;
}
