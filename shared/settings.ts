/**
 * App settings: what persists between runs of the desktop app.
 */
import { z } from 'zod';
import type { LibraryLocation } from './library.ts';

/** Most versions a device may keep (each one shares unchanged files with the next, but changes add up). */
export const MAX_KEEP_VERSIONS = 20;

/**
 * Versions kept per device unless the person chooses: none, as Finder does, so no disk space is ever used
 * without asking. Settings offers it.
 */
export const DEFAULT_KEEP_VERSIONS = 0;

/** The stored settings file (unknown keys are dropped, bad values fall back to defaults). */
export const storedSettingsSchema = z.object({
  /** The backup folder chosen by the person; absent = the OS's standard folder. */
  backupFolder: z.string().min(1).optional(),
  /** More folders the library lists (external disks, other tools' folders), chosen by the person. */
  extraLocations: z.array(z.string().min(1)).optional(),
  /** How many earlier backups of each device are kept as versions after a backup. */
  keepVersions: z.number().int().min(0).max(MAX_KEEP_VERSIONS).optional(),
});

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
  /** Whether this host can show a folder picker (the desktop app can; the browser mode cannot). */
  canChooseFolder: boolean;
  /** Whether backup passwords can be remembered in the OS keychain (the desktop app, when the OS offers one). */
  canRememberPasswords: boolean;
  /** Whether backups can be moved to the OS's Trash (the desktop app). */
  canTrash: boolean;
  /** Whether a backup folder can be shown in the OS's file manager (the desktop app). */
  canShowInFolder: boolean;
}
