/**
 * Fleet work: one job on many devices at once (a clone onto a cart, a backup of every device at a desk).
 * Each device is a tile with its own state; one failing never stops the others.
 */

/** Most devices a fleet job works on at once (a cart of 32 through hubs, with room to spare). */
export const MAX_FLEET_CONCURRENCY = 64;

/** Devices at once unless the person chooses. */
export const DEFAULT_FLEET_CONCURRENCY = 4;

/** Where one device of a fleet job stands (the tile's state chip). */
export type FleetTileState =
  | 'waiting'
  | 'needs-trust'
  | 'needs-passcode'
  | 'checking'
  | 'find-my'
  | 'backing-up'
  | 'restoring'
  | 'rebooting'
  | 'renaming'
  | 'done'
  | 'skipped'
  | 'failed';

/** One thing that stops a device, with what to do about it (a pre-flight's ✕ items, or the error). */
export interface FleetProblem {
  title: string;
  detail?: string;
  fix?: string;
}

/** One device of a fleet job. */
export interface FleetTile {
  udid: string;
  serialNumber?: string;
  /** The device's name before, then the name given by a naming pattern. */
  name?: string;
  /** e.g. iPad13,18: tells iPads from iPhones on the tile. */
  productType?: string;
  state: FleetTileState;
  /** 0–1 while backing up or restoring. */
  fraction?: number;
  jobId?: string;
  /** The error in one line, for failed tiles. */
  error?: string;
  errorCode?: string;
  /** Every blocker of a failed device (all of a refused pre-flight's ✕ items), each with its fix. */
  problems?: FleetProblem[];
  /** Why a skipped device was left out ("Backed up 2 hours ago"). */
  skippedBecause?: string;
  startedAt?: string;
  endedAt?: string;
  durationMs?: number;
}

/** How many devices are where. */
export interface FleetCounts {
  done: number;
  failed: number;
  skipped: number;
  inProgress: number;
  waiting: number;
}

/** One row of a fleet report (CSV/JSON). */
export interface FleetReportRow {
  serial: string;
  udid: string;
  name: string;
  result: 'done' | 'failed' | 'skipped' | 'not finished';
  durationSeconds: number | null;
  error: string;
}

/** Why a device joined the app's backup queue. */
export type FleetBackupReason = 'manual' | 'connect' | 'schedule';

/** The app's backups of many devices: Back Up Selected / All, on connect, on the daily schedule. */
export interface FleetBackupStatus {
  /** New devices join as they connect (automatic backups on, or `cradle backup --all --watch`). */
  watching: boolean;
  concurrency: number;
  startedAt: string;
  tiles: FleetTile[];
  counts: FleetCounts;
}

/** Counts the tiles by state. */
export function fleetCounts(tiles: readonly Pick<FleetTile, 'state'>[]): FleetCounts {
  const counts: FleetCounts = { done: 0, failed: 0, skipped: 0, inProgress: 0, waiting: 0 };
  for (const { state } of tiles) {
    if (state === 'done') counts.done += 1;
    else if (tileFailed(state)) counts.failed += 1;
    else if (state === 'skipped') counts.skipped += 1;
    else if (state === 'waiting' || state === 'needs-trust') counts.waiting += 1;
    else counts.inProgress += 1;
  }
  return counts;
}

/** Whether a tile has failed (Find My on is a failure with its own chip); only these can be retried. */
export function tileFailed(state: FleetTileState): boolean {
  return state === 'failed' || state === 'find-my';
}

/** Whether a tile has ended (well or not). */
export function tileEnded(state: FleetTileState): boolean {
  return state === 'done' || state === 'skipped' || tileFailed(state);
}

/** Whether a fleet still has work: a device waiting or in progress. */
export function fleetBusy(counts: FleetCounts): boolean {
  return counts.inProgress > 0 || counts.waiting > 0;
}
