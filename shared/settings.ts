/**
 * App settings: what persists between runs of the desktop app.
 */
import { z } from 'zod';

/** The stored settings file (unknown keys are dropped, bad values fall back to defaults). */
export const storedSettingsSchema = z.object({
  /** The backup folder chosen by the person; absent = the OS's standard folder. */
  backupFolder: z.string().min(1).optional(),
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
  /** Whether this host can show a folder picker (the desktop app can; the browser mode cannot). */
  canChooseFolder: boolean;
  /** Whether backup passwords can be remembered in the OS keychain (the desktop app, when the OS offers one). */
  canRememberPasswords: boolean;
}
