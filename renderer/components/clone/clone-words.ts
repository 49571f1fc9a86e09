/**
 * How the clone grid reads: a tile's state chip ("Restoring 37 %", "Find My on"), its name, the footer's
 * counts and elapsed time. Pure, so it is tested in Node.
 */
import type { DeviceListItem } from '../../../shared/devices.ts';
import type { CloneStatus, CloneTile, CloneTileState } from '../../../shared/restore.ts';

/** The chip's colour family: waiting, working, needs the person, finished well, failed. */
export type ChipTone = 'idle' | 'active' | 'attention' | 'ok' | 'bad';

const CHIPS: Record<CloneTileState, { words: string; tone: ChipTone }> = {
  waiting: { words: 'Waiting', tone: 'idle' },
  checking: { words: 'Checking', tone: 'active' },
  'needs-trust': { words: 'Needs Trust', tone: 'attention' },
  'needs-passcode': { words: 'Needs passcode', tone: 'attention' },
  'find-my': { words: 'Find My on', tone: 'bad' },
  restoring: { words: 'Restoring', tone: 'active' },
  rebooting: { words: 'Rebooting', tone: 'active' },
  renaming: { words: 'Renaming', tone: 'active' },
  done: { words: 'Done', tone: 'ok' },
  failed: { words: 'Failed', tone: 'bad' },
};

/** Most devices a clone restores at once from this window (the engine allows more; USB hubs do not). */
export const MAX_CONCURRENCY = 8;

/** The state chip's words; a restoring tile says how far it is once it knows. */
export function chipWords(tile: Pick<CloneTile, 'state' | 'fraction'>): string {
  const words = CHIPS[tile.state].words;
  return tile.state === 'restoring' && tile.fraction ? `${words} ${Math.round(tile.fraction * 100)} %` : words;
}

/** The state chip's tone. */
export function chipTone(state: CloneTileState): ChipTone {
  return CHIPS[state].tone;
}

/** A failed tile's line: for Find My, what to do on the device (the engine's whole message is the tooltip). */
export function tileErrorWords(tile: Pick<CloneTile, 'state' | 'error'>): string | undefined {
  if (tile.state === 'find-my') return 'Turn off Find My (Settings > [your name] > Find My), then retry.';
  return tile.error;
}

/** Whether a tile can be run again. */
export function canRetry(state: CloneTileState): boolean {
  return state === 'failed' || state === 'find-my';
}

/** What a tile is called: its name (the new one once renamed), else its serial number, else its UDID. */
export function tileName(tile: Pick<CloneTile, 'udid' | 'name' | 'serialNumber'>, devices: readonly DeviceListItem[]): string {
  return tile.name ?? devices.find((device) => device.udid === tile.udid)?.name ?? tile.serialNumber ?? tile.udid;
}

/** Whether the clone still has work: a device waiting or in progress, or new devices still joining. */
export function cloneActive(status: CloneStatus): boolean {
  return status.watching || status.counts.inProgress > 0 || status.counts.waiting > 0;
}

/** How long the clone has run: until now while active, else until its last device ended. */
export function elapsedMs(status: CloneStatus, now: number): number {
  const started = Date.parse(status.startedAt);
  if (cloneActive(status)) return Math.max(0, now - started);
  const ends = status.tiles.map((tile) => (tile.endedAt ? Date.parse(tile.endedAt) : started));
  return Math.max(0, ...ends.map((end) => end - started));
}

/** A stopwatch reading: "0:05", "12:34", "1:02:03". */
export function clockWords(milliseconds: number): string {
  // Rounded like the tiles' durations, so a clone of one device reads the same in both places.
  const seconds = Math.round(Math.max(0, milliseconds) / 1000);
  const two = (value: number) => String(value).padStart(2, '0');
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor(seconds / 60) % 60;
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds % 60)}` : `${minutes}:${two(seconds % 60)}`;
}

/** The footer's counts: "3 done · 1 failed · 2 in progress", waiting ones only when there are some. */
export function countsWords(counts: CloneStatus['counts']): string {
  const parts = [`${counts.done} done`, `${counts.failed} failed`, `${counts.inProgress} in progress`];
  if (counts.waiting > 0) parts.push(`${counts.waiting} waiting`);
  return parts.join(' · ');
}
