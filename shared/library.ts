/**
 * Backups as the library lists them.
 */

/**
 * Which program wrote a backup. Told apart by Info.plist (the host writes it; the device writes the rest):
 * Cradle's `iTunes Version` starts with "Cradle"; libimobiledevice's idevicebackup2 never writes
 * `Product Name`, which Finder and iTunes always write. Anything else, or an unreadable Info.plist, counts
 * as Finder/iTunes.
 */
export type BackupSource = 'cradle' | 'idevicebackup2' | 'finder';

/**
 * What a backup folder is: the device's current backup (complete or not), an archive (a dated copy made by
 * Archive, named like Finder's `<udid>-YYYYMMDD-HHMMSS`), or a version Cradle kept automatically (the same
 * name, with a `.cradle-version` file inside).
 */
export type BackupState = 'complete' | 'incomplete' | 'archived' | 'version';

/** One backup folder found on disk. */
export interface BackupSummary {
  /** Stable id for the interface (the renderer refers to backups by id, never by path). */
  id: string;
  /** The backup folder, `<location>/<udid>` (archives and versions: `<location>/<udid>-YYYYMMDD-HHMMSS`). */
  path: string;
  /** The device's UDID (from the folder name, without an archive's date). */
  udid: string;
  deviceName?: string;
  productType?: string;
  model?: string;
  iosVersion?: string;
  /** ISO date of the backup (Status.plist, else Manifest.plist, else Info.plist). */
  date?: string;
  sizeBytes: number;
  encrypted: boolean;
  /** Status.plist says finished and no Snapshot/ folder is left over. */
  complete: boolean;
  /** The program that wrote it. */
  source: BackupSource;
  /** Current (complete or incomplete), archived or version; an archive or version may also be incomplete (see `complete`). */
  state: BackupState;
  /** The library location (folder) it was found in. */
  location: string;
  /** iOS 10+ (Manifest.db) or older (Manifest.mbdb). */
  format: 'modern' | 'legacy';
  /** What could not be read, when something could not. */
  problems: string[];
}

/** A folder the library looks in. */
export interface LibraryLocation {
  path: string;
  /** The folder new backups go to, or a folder the person added (an external disk…). */
  kind: 'backup-folder' | 'added';
  /** False when the folder is not there now (an unplugged disk): shown as missing, never an error. */
  available: boolean;
}
