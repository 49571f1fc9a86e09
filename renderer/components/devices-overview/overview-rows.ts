/**
 * The Devices overview's rows: each connected device with its last backup and what it is doing now (from
 * the backup queue's tile and its jobs), and the table's sorts. Pure, so it is tested in Node.
 */
import { compareDevices, deviceIdentity, deviceLabel, sameNamedDevices, type DeviceListItem } from '../../../shared/devices.ts';
import { tileEnded, tileFailed, type FleetCounts, type FleetTile, type FleetTileState } from '../../../shared/fleet.ts';
import type { BackupSummary } from '../../../shared/library.ts';
import type { JobView } from '../../store/jobs-reducer.ts';
import { FLEET_STATE_CHIPS, type ChipTone } from '../fleet-states.ts';

/** What a row's State column says. */
export interface RowStatus {
  words: string;
  tone: ChipTone;
  /** 0–1 while a backup or restore runs and says how far it is. */
  fraction?: number;
  /** More about it: the error of a failed backup, why a device was skipped. */
  detail?: string;
  /** A failed backup of the queue can be retried. */
  canRetry?: boolean;
}

/** One device of the overview. */
export interface OverviewRow {
  device: DeviceListItem;
  /** Its name, told apart from same-named devices ("iPad (iPad Air · …F3K2)"): for titles, labels and sorting. */
  label: string;
  /** What tells it apart from devices of the same name beside its Model column (the serial's end), under the name. */
  distinction?: string;
  /** ISO date of its newest complete backup in the library. */
  lastBackup?: string;
  status: RowStatus;
}

/** The columns the table sorts by. */
export type SortKey = 'name' | 'model' | 'ios' | 'serial' | 'battery' | 'lastBackup' | 'state';

/** A column and a direction. */
export interface SortOrder {
  key: SortKey;
  descending: boolean;
}

/** The newest complete backup date of each device (UDIDs lower-cased), from the library's list. */
export function lastBackupDates(backups: readonly BackupSummary[]): Map<string, string> {
  const dates = new Map<string, string>();
  for (const backup of backups) {
    if (!backup.complete || !backup.date) continue;
    const udid = backup.udid.toLowerCase();
    const known = dates.get(udid);
    if (!known || Date.parse(backup.date) > Date.parse(known)) dates.set(udid, backup.date);
  }
  return dates;
}

/** The queue's states as the clone's tiles say them; a finished backup says so. */
const TILE_STATUS: Record<FleetTileState, RowStatus> = { ...FLEET_STATE_CHIPS, done: { words: 'Backed up', tone: 'ok' } };

const DEVICE_STATUS: Record<DeviceListItem['state'], RowStatus> = {
  connected: { words: 'Connected', tone: 'idle' },
  'trust-needed': { words: 'Trust needed', tone: 'attention' },
  locked: { words: 'Locked', tone: 'attention' },
  busy: { words: 'Busy', tone: 'active' },
  disconnected: { words: 'Disconnected', tone: 'idle' },
};

const JOB_WORDS: Partial<Record<NonNullable<JobView['kind']>, string>> = { backup: 'Backing up', restore: 'Restoring', pair: 'Pairing' };

/** "Backing up 42 %"; no percentage until there is one (0 % says nothing the words do not). */
function withPercent(words: string, fraction: number | undefined): RowStatus {
  return { words: fraction ? `${words} ${Math.round(fraction * 100)} %` : words, tone: 'active', ...(fraction ? { fraction } : {}) };
}

/**
 * What a device is doing, most pressing first: its running job (a prompt it waits on, its progress), the
 * queue's tile while it waits or works, the device's own state when it is not simply connected, then how its
 * last queued backup ended.
 */
export function rowStatus(device: DeviceListItem, tile: FleetTile | undefined, job: JobView | undefined): RowStatus {
  const tileRunning = tile && !tileEnded(tile.state);
  if (job) {
    if (job.prompt?.prompt === 'passcode' && job.kind !== 'pair') return TILE_STATUS['needs-passcode'];
    if (job.prompt?.prompt === 'trust') return TILE_STATUS['needs-trust'];
    if (job.state === 'queued') return TILE_STATUS.waiting;
    const words = job.kind ? JOB_WORDS[job.kind] : undefined;
    if (words) return withPercent(words, job.progress?.fraction ?? (tileRunning ? tile.fraction : undefined));
    return DEVICE_STATUS.busy;
  }
  if (tile && tileRunning) return tile.state === 'backing-up' ? withPercent('Backing up', tile.fraction) : TILE_STATUS[tile.state];
  if (device.state !== 'connected' || !tile) return DEVICE_STATUS[device.state];
  const ended = TILE_STATUS[tile.state];
  const detail = tile.state === 'skipped' ? tile.skippedBecause : tile.error;
  return { ...ended, ...(detail ? { detail } : {}), ...(tileFailed(tile.state) ? { canRetry: true } : {}) };
}

/** The overview's rows, in the sidebar's order. */
export function overviewRows(
  devices: readonly DeviceListItem[],
  lastBackups: ReadonlyMap<string, string>,
  tiles: readonly FleetTile[],
  activeJobOf: (udid: string) => JobView | undefined,
): OverviewRow[] {
  return [...devices].sort(compareDevices).map((device) => {
    const lastBackup = lastBackups.get(device.udid.toLowerCase());
    const tile = tiles.find((candidate) => candidate.udid === device.udid);
    const twins = sameNamedDevices(device, devices);
    return {
      device,
      label: deviceLabel(device, devices),
      // The model has its own column: the serial's end is what tells same-named devices apart here.
      ...(twins.length > 0 ? { distinction: deviceIdentity(device, twins).serial } : {}),
      ...(lastBackup ? { lastBackup } : {}),
      status: rowStatus(device, tile, activeJobOf(device.udid)),
    };
  });
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Problems first when sorted by state: failed, then what needs the person, working, waiting, done. */
const TONE_RANK: Record<ChipTone, number> = { bad: 0, attention: 1, active: 2, idle: 3, ok: 4 };

/** Each column's value; undefined (unknown) always sorts last, whichever the direction. */
const SORT_VALUES: Record<SortKey, (row: OverviewRow) => string | number | undefined> = {
  name: (row) => row.label,
  model: (row) => row.device.model ?? row.device.productType,
  ios: (row) => row.device.iosVersion,
  serial: (row) => row.device.serialNumber,
  battery: (row) => row.device.batteryPercent,
  lastBackup: (row) => (row.lastBackup ? Date.parse(row.lastBackup) : undefined),
  state: (row) => TONE_RANK[row.status.tone],
};

function compareValues(a: string | number, b: string | number): number {
  return typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b));
}

/** The rows sorted by a column; ties keep the sidebar's order. */
export function sortRows(rows: readonly OverviewRow[], order: SortOrder): OverviewRow[] {
  const value = SORT_VALUES[order.key];
  const sign = order.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const left = value(a);
    const right = value(b);
    if (left === undefined || right === undefined) {
      if (left !== right) return left === undefined ? 1 : -1;
    } else {
      const compared = compareValues(left, right);
      if (compared !== 0) return sign * compared;
    }
    return compareDevices(a.device, b.device);
  });
}

/** The next order when a column's header is clicked: the same column turns around, another starts ascending. */
export function nextSortOrder(current: SortOrder, key: SortKey): SortOrder {
  return current.key === key ? { key, descending: !current.descending } : { key, descending: false };
}

/** Whether a device can be backed up now from the overview (a disconnected one cannot; the queue explains the rest). */
export function canBackUp(device: DeviceListItem): boolean {
  return device.state !== 'disconnected';
}

/** The queue's counts in words: "2 backed up · 1 failed · 1 in progress"; only what is there. */
export function fleetCountsWords(counts: FleetCounts): string {
  const parts: [number, string][] = [
    [counts.done, 'backed up'],
    [counts.failed, 'failed'],
    [counts.skipped, 'skipped'],
    [counts.inProgress, 'in progress'],
    [counts.waiting, 'waiting'],
  ];
  return parts
    .filter(([count]) => count > 0)
    .map(([count, words]) => `${count} ${words}`)
    .join(' · ');
}
