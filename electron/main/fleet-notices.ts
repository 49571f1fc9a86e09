/**
 * What the desktop app tells the OS's notification centre about fleet work (the backup queue, a clone): a
 * device that failed while others go on, and the end of a batch with its counts. Pure, so it is tested in
 * plain Node; electron/main/fleet-feedback.ts shows what it decides. Also: whether closing the window
 * should leave Cradle running in the tray.
 */
import { fleetBusy, tileEnded, tileFailed, type FleetCounts, type FleetTile } from '../../shared/fleet.ts';
import { autoBackupWatches, type StoredSettings } from '../../shared/settings.ts';

/** One notification: its title and its line. */
export interface FleetNotice {
  title: string;
  body: string;
}

/** What the notices need of a backup queue's or a clone's status. */
export interface FleetStatusLike {
  startedAt: string;
  tiles: readonly FleetTile[];
  counts: FleetCounts;
}

/** Which fleet a tracker follows: the words differ. */
export type FleetKind = 'backup' | 'clone';

const WORDS: Record<FleetKind, { done: string; one: string; many: string; job: string }> = {
  backup: { done: 'backed up', one: 'Backup finished', many: 'Backups finished', job: 'Backup' },
  clone: { done: 'restored', one: 'Restore finished', many: 'Clone finished', job: 'Restore' },
};

const failed = (state: FleetTile['state'] | undefined) => state !== undefined && tileFailed(state);
const failedState = (tile: FleetTile) => tileFailed(tile.state);

/** A failed tile's line: its error, and the fix of its first problem when it has one. */
function failureWords(tile: FleetTile): string {
  const fix = tile.problems?.find((problem) => problem.fix)?.fix;
  return [tile.error ?? 'Open Cradle to see why.', fix].filter(Boolean).join(' ');
}

/** "3 backed up · 1 failed · 1 skipped": only the counts there are. */
function countsWords(tiles: readonly FleetTile[], kind: FleetKind): string {
  const count = (test: (tile: FleetTile) => boolean) => tiles.filter(test).length;
  const parts: [number, string][] = [
    [count((tile) => tile.state === 'done'), WORDS[kind].done],
    [count(failedState), 'failed'],
    [count((tile) => tile.state === 'skipped'), 'skipped'],
    [count((tile) => !tileEnded(tile.state)), 'not finished'],
  ];
  return parts
    .filter(([number]) => number > 0)
    .map(([number, words]) => `${number} ${words}`)
    .join(' · ');
}

/** The notice for a failed device. */
function failureNotice(tile: FleetTile, kind: FleetKind, name: string): FleetNotice {
  return { title: `${WORDS[kind].job} of ${name} failed`, body: failureWords(tile) };
}

/** The notice for a batch's end: one device named, several counted. */
function endNotice(batch: readonly FleetTile[], kind: FleetKind, nameOf: (tile: FleetTile) => string): FleetNotice {
  const [only] = batch;
  if (batch.length === 1 && only) {
    if (failedState(only)) return failureNotice(only, kind, nameOf(only));
    if (only.state === 'done') return { title: WORDS[kind].one, body: kind === 'backup' ? `${nameOf(only)} is backed up to this computer.` : `${nameOf(only)} is restored.` };
  }
  const failures = batch.filter(failedState).length;
  return { title: failures > 0 ? `${WORDS[kind].many}: ${failures} failed` : WORDS[kind].many, body: countsWords(batch, kind) };
}

/**
 * Follows one fleet's statuses (the backup queue's or the clone's) and returns, for each new status, what to
 * notify: a device that failed while others still work, and when the batch ends (nothing waits or works
 * any more), one notice with what happened to the devices of that batch. A new run (another start time)
 * starts afresh.
 */
export function fleetNoticeTracker(kind: FleetKind): (status: FleetStatusLike, nameOf: (tile: FleetTile) => string) => FleetNotice[] {
  let run: string | undefined;
  let seen = new Map<string, FleetTile['state']>();
  /** The devices of the batch under way: those that waited or worked since the queue last rested. */
  let batch = new Set<string>();
  let wasBusy = false;
  return (status, nameOf) => {
    if (status.startedAt !== run) {
      run = status.startedAt;
      seen = new Map();
      batch = new Set();
      wasBusy = false;
    }
    const newlyFailed: FleetTile[] = [];
    for (const tile of status.tiles) {
      const before = seen.get(tile.udid);
      if (before !== tile.state) batch.add(tile.udid);
      if (failedState(tile) && !failed(before)) newlyFailed.push(tile);
      seen.set(tile.udid, tile.state);
    }
    const nowBusy = fleetBusy(status.counts);
    const ended = wasBusy && !nowBusy;
    wasBusy = nowBusy;
    const tiles = status.tiles.filter((tile) => batch.has(tile.udid));
    // Once the queue rests, the next batch starts afresh.
    if (!nowBusy) batch = new Set();
    if (ended && tiles.length > 0) return [endNotice(tiles, kind, nameOf)];
    return newlyFailed.map((tile) => failureNotice(tile, kind, nameOf(tile)));
  };
}

/** The job ids of a fleet's tiles: their backups are told about by the fleet's notices, not one by one. */
export function fleetJobIds(status: FleetStatusLike | null | undefined): string[] {
  return status?.tiles.flatMap((tile) => (tile.jobId ? [tile.jobId] : [])) ?? [];
}

/**
 * Whether closing the window leaves Cradle running (in the tray): while automatic backups are on (by
 * default or for one device) or scheduled daily, or while the backup queue still works.
 */
export function keepsRunning(autoBackup: StoredSettings['autoBackup'], queueBusy: boolean): boolean {
  if (queueBusy) return true;
  if (!autoBackup) return false;
  return autoBackup.dailyAt !== undefined || autoBackupWatches(autoBackup);
}
