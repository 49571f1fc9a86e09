/**
 * Backups as the library lists them.
 */

/** One backup folder found on disk. */
export interface BackupSummary {
  /** Stable id for the interface (the renderer refers to backups by id, never by path). */
  id: string;
  /** The backup folder, `<location>/<udid>`. */
  path: string;
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
  /** Written by Cradle, or by another tool (Finder, iTunes, libimobiledevice). */
  source: 'cradle' | 'other';
  /** iOS 10+ (Manifest.db) or older (Manifest.mbdb). */
  format: 'modern' | 'legacy';
  /** What could not be read, when something could not. */
  problems: string[];
}
