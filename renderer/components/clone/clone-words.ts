/**
 * How the clone grid reads: a tile's state chip ("Restoring 37 %", "Tap Trust on the device"), its name and
 * icon, every problem with what to do, the summary's counts and elapsed time. Pure, so it is tested in Node.
 */
import { deviceDistinction, deviceIconKind, deviceLabel, sameNamedDevices, type DeviceIconKind, type DeviceListItem, type NamedDevice } from '../../../shared/devices.ts';
import { fleetBusy, type FleetCounts, type FleetProblem, type FleetTile, type FleetTileState } from '../../../shared/fleet.ts';
import type { CloneStatus } from '../../../shared/restore.ts';
import { FLEET_STATE_CHIPS, type ChipTone } from '../fleet-states.ts';

/** The error code of a Trust the person denied on the device. */
const TRUST_DENIED = 'PAIRING_DENIED';

/** What to do about Find My, in the words the restore wizard uses. */
const FIND_MY_FIX = 'Turn off Find My on the device (Settings > [your name] > Find My), then press Retry.';

/** The state chip's words; backing up and restoring say how far once they know; a denied Trust says so. */
export function chipWords(tile: Pick<FleetTile, 'state' | 'fraction' | 'errorCode'>): string {
  if (tile.state === 'failed' && tile.errorCode === TRUST_DENIED) return 'Trust denied';
  const words = FLEET_STATE_CHIPS[tile.state].words;
  const measured = tile.state === 'restoring' || tile.state === 'backing-up';
  return measured && tile.fraction ? `${words} ${Math.round(tile.fraction * 100)} %` : words;
}

/** The state chip's tone. */
export function chipTone(state: FleetTileState): ChipTone {
  return FLEET_STATE_CHIPS[state].tone;
}

/**
 * Everything that stops a device, each with what to do: the engine's list (every ✕ of a refused
 * pre-flight), else what its state and error say. Empty for a tile that is not stopped.
 */
export function tileProblems(tile: Pick<FleetTile, 'state' | 'error' | 'errorCode' | 'problems'>): FleetProblem[] {
  if (tile.problems && tile.problems.length > 0) return tile.problems;
  if (tile.state === 'find-my') return [{ title: 'Find My is on', fix: FIND_MY_FIX }];
  if (tile.state !== 'failed') return [];
  if (tile.errorCode === TRUST_DENIED) {
    return [{ title: 'Trust was denied on the device', fix: 'Press Retry, then tap Trust on the device and enter its passcode.' }];
  }
  return tile.error ? [{ title: tile.error }] : [{ title: 'The restore did not finish.', fix: 'Press Retry to try again.' }];
}

/** "2 problems": the disclosure's title when a device has more than one. */
export function problemsWords(count: number): string {
  return count === 1 ? '1 problem' : `${count} problems`;
}

/** A skipped tile's line: why it was left out. */
export function skippedWords(tile: Pick<FleetTile, 'skippedBecause'>): string {
  return tile.skippedBecause ?? 'Not started: the clone was stopped first.';
}

type NamedTile = Pick<FleetTile, 'udid' | 'name' | 'serialNumber' | 'productType'>;

/** A tile as a device to name: its own facts, else what the device list last said. */
function namedTile(tile: NamedTile, seen: Readonly<Record<string, DeviceListItem>>): NamedDevice {
  const device = seen[tile.udid];
  return {
    udid: tile.udid,
    name: tile.name ?? device?.name ?? tile.serialNumber ?? device?.serialNumber,
    model: device?.model,
    productType: tile.productType ?? device?.productType,
    deviceClass: device?.deviceClass,
    serialNumber: tile.serialNumber ?? device?.serialNumber,
  };
}

/** What a tile is called: its name, the whole label, and what tells it apart from same-named tiles. */
export interface TileNames {
  /** Its name (the new one once renamed), else its serial number, else its UDID. */
  name: string;
  /** The name, with model and serial digits when another tile has the same name (for screen readers, Retry). */
  label: string;
  /** "iPad (10th generation) · …DC50" when another tile of the clone has the same name (a cart of "iPad"s). */
  distinction?: string;
}

/** What a tile is called, told apart from the other tiles of the clone. */
export function tileNames(tile: NamedTile, tiles: readonly NamedTile[], seen: Readonly<Record<string, DeviceListItem>>): TileNames {
  const named = namedTile(tile, seen);
  const all = tiles.map((other) => namedTile(other, seen));
  const twins = sameNamedDevices(named, all);
  return {
    name: named.name ?? tile.udid,
    label: deviceLabel(named, all),
    ...(twins.length > 0 ? { distinction: deviceDistinction(named, twins) } : {}),
  };
}

/** Which icon a tile shows: an iPad is never drawn as an iPhone. */
export function tileIcon(tile: Pick<FleetTile, 'udid' | 'productType'>, seen: Readonly<Record<string, DeviceListItem>>): DeviceIconKind {
  const device = seen[tile.udid];
  return deviceIconKind({ productType: tile.productType ?? device?.productType, deviceClass: device?.deviceClass });
}

/** Whether the clone still has work: a device waiting or in progress, or new devices still joining. */
export function cloneActive(status: CloneStatus): boolean {
  return status.watching || fleetBusy(status.counts);
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

/** The summary's counts: "3 done · 2 failed", then skipped, in progress and waiting when there are some. */
export function countsWords(counts: FleetCounts): string {
  const parts = [`${counts.done} done`, `${counts.failed} failed`];
  if (counts.skipped > 0) parts.push(`${counts.skipped} skipped`);
  if (counts.inProgress > 0) parts.push(`${counts.inProgress} in progress`);
  if (counts.waiting > 0) parts.push(`${counts.waiting} waiting`);
  return parts.join(' · ');
}
