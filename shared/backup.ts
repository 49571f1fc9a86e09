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

/**
 * What a finished backup reports (the `done` event's summary and `cradle backup --json`). Files and bytes
 * count as verify, list and summary do: the files the backup holds and the size of its folder.
 */
export interface BackupResult {
  udid: string;
  path: string;
  encrypted: boolean;
  /** Everything was sent: asked for, or the first backup of the device here. */
  full: boolean;
  /** Files the backup holds. */
  files: number;
  /** Bytes the backup folder takes. */
  bytes: number;
  /** What this backup moved (an incremental one sends only what changed, plus its manifest and plists). */
  receivedFiles: number;
  receivedBytes: number;
  durationMs: number;
}
