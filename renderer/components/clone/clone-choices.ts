/**
 * What the clone setup offers: the target devices (the golden backup's own device never), Select all /
 * none, how many at once, and the settings it opens with (the last clone's). Pure, so it is tested in Node.
 */
import { compareDevices, deviceLabel, type DeviceListItem } from '../../../shared/devices.ts';
import { MAX_FLEET_CONCURRENCY, DEFAULT_FLEET_CONCURRENCY } from '../../../shared/fleet.ts';
import type { RestoreOptions } from '../../../shared/restore.ts';
import type { CloneDefaults } from '../../../shared/settings.ts';
import { DEFAULT_RESTORE_OPTIONS } from '../../store/restore-steps.ts';

/** How the targets are chosen: ticked devices, or every device that gets connected until Stop. */
export type TargetMode = 'selected' | 'every';

/** Devices at once on offer: one by one up to 8, then the sizes of carts and hubs. */
const CONCURRENCY_STEPS = [1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 24, 32] as const;

/** The "Devices at once" choices, with `current` among them (a remembered count not in the steps). */
export function concurrencyChoices(current: number): number[] {
  const steps: number[] = [...CONCURRENCY_STEPS];
  if (!steps.includes(current) && current >= 1 && current <= MAX_FLEET_CONCURRENCY) steps.push(current);
  return steps.sort((a, b) => a - b);
}

/** One connected device as a target: its label, and why it cannot be ticked when it cannot. */
export interface TargetChoice {
  udid: string;
  label: string;
  disabledBecause?: string;
}

/** The connected devices in the sidebar's order; the golden backup's own device cannot be ticked. */
export function targetChoices(devices: readonly DeviceListItem[], goldenUdid: string | undefined): TargetChoice[] {
  const present = devices.filter((device) => device.state !== 'disconnected').sort(compareDevices);
  return present.map((device) => ({
    udid: device.udid,
    label: deviceLabel(device, present),
    ...(device.udid === goldenUdid ? { disabledBecause: 'the golden backup’s own device' } : {}),
  }));
}

/** Every device that can be ticked (Select all). */
export function selectAll(choices: readonly TargetChoice[]): Set<string> {
  return new Set(choices.filter((choice) => !choice.disabledBecause).map((choice) => choice.udid));
}

/** The ticked devices that are still there and may be targets, in the list's order. */
export function chosenTargets(choices: readonly TargetChoice[], selected: ReadonlySet<string>): string[] {
  return choices.filter((choice) => !choice.disabledBecause && selected.has(choice.udid)).map((choice) => choice.udid);
}

/** "3 of 6 selected" (the golden device does not count: it can never be). */
export function selectionWords(choices: readonly TargetChoice[], selected: ReadonlySet<string>): string {
  return `${chosenTargets(choices, selected).length} of ${selectAll(choices).size} selected`;
}

/** What the setup opens with. */
export interface SetupStart {
  /** The golden backup to offer (the newest complete one when this one is gone). */
  backupId?: string;
  pattern: string;
  concurrency: number;
  mode: TargetMode;
  options: RestoreOptions;
}

/** The last clone's settings when there are any, else the defaults (restore's options: one set for both). */
export function setupStart(last: CloneDefaults | undefined): SetupStart {
  return {
    ...(last?.backupId ? { backupId: last.backupId } : {}),
    pattern: last?.namePattern ?? '',
    concurrency: last?.concurrency ?? DEFAULT_FLEET_CONCURRENCY,
    mode: last?.watch ? 'every' : 'selected',
    options: { ...(last?.options ?? DEFAULT_RESTORE_OPTIONS) },
  };
}
