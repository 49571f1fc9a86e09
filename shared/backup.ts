/**
 * Backups as the interface and the CLI report them.
 */

/** Whether local backups are encrypted, and whether a profile requires it. */
export interface EncryptionStatus {
  encrypted: boolean;
  required: boolean;
  /** The password is remembered in this computer's keychain (the app only, opt-in). */
  remembered?: boolean;
}

/** What a finished backup reports (the `done` event's summary and `cradle backup --json`). */
export interface BackupResult {
  udid: string;
  path: string;
  encrypted: boolean;
  full: boolean;
  files: number;
  bytes: number;
  durationMs: number;
}
