/**
 * Restores and clones: the pre-flight a restore runs before anything is sent, the options people choose,
 * and what a restore or a clone reports.
 */
import type { FleetCounts, FleetReportRow, FleetTile, FleetTileState } from './fleet.ts';

/** One pre-flight item: ✓ ok, ⚠ warning (may go on), ✕ error (must be fixed first). */
export type CheckStatus = 'ok' | 'warning' | 'error';

/** What a pre-flight item checks. */
export type CheckId = 'trust' | 'locked' | 'find-my' | 'backup-complete' | 'backup-verified' | 'password' | 'ios-version' | 'supervision' | 'space' | 'battery';

/** One line of the pre-flight list. */
export interface PreflightCheck {
  id: CheckId;
  status: CheckStatus;
  /** What was checked, in words ("Find My is off"). */
  title: string;
  /** What was found. */
  detail?: string;
  /** For warnings and errors: what the person should do. */
  fix?: string;
}

/** A consequence the person must see (and, when serious, confirm) before restoring. */
export interface RestoreWarning {
  id: 'management-removed' | 'mdm-may-refuse' | 'managed-app-data' | 'apps-reinstall' | 'new-passcode';
  /** Serious warnings need a ticked checkbox (UI) or --yes (CLI). */
  serious: boolean;
  message: string;
}

/** The pre-flight of restoring one backup onto one device. */
export interface RestorePreflight {
  udid: string;
  deviceName?: string;
  serialNumber?: string;
  backupPath: string;
  /** The backup's own device (UDID in its Manifest.plist). */
  sourceUdid: string;
  sameDevice: boolean;
  encrypted: boolean;
  /** Bytes of the backup folder (what the restore sends, at most). */
  backupBytes: number;
  /** No check failed: the restore may start. */
  ok: boolean;
  checks: PreflightCheck[];
  warnings: RestoreWarning[];
}

/** Restore options as people understand them (mapped to mobilebackup2's Restore options). */
export interface RestoreOptions {
  /** Restore the backup's settings (else the device keeps its own: RestorePreserveSettings). */
  settings: boolean;
  /** Restore system files (RestoreSystemFiles). */
  system: boolean;
  /** Remove what is on the device but not in the backup (RemoveItemsNotRestored). */
  remove: boolean;
  /** Restart the device when done (RestoreShouldReboot). */
  reboot: boolean;
}

/** What a finished restore reports (a job's done summary). */
export interface RestoreResult {
  udid: string;
  sourceUdid: string;
  backupPath: string;
  files: number;
  bytes: number;
  durationMs: number;
  /** The device restarted and came back. */
  rebooted: boolean;
  /** The name given after the restore (clone naming pattern). */
  renamedTo?: string;
}

/** Where one device of a clone stands (the tile's state chip). */
export type CloneTileState = FleetTileState;

/** One device of a clone. */
export type CloneTile = FleetTile;

/** A clone: one golden backup onto many devices. */
export interface CloneStatus {
  backupPath: string;
  /** New devices join while this is true ("every device that gets connected"). */
  watching: boolean;
  concurrency: number;
  namePattern?: string;
  startedAt: string;
  tiles: CloneTile[];
  counts: FleetCounts;
}

/** One row of the clone report (CSV/JSON). */
export type CloneReportRow = FleetReportRow;
