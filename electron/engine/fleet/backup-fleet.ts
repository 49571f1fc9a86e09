/**
 * Backups of many devices: Back Up Selected / All in the app, automatic backups when a device connects or
 * on the daily schedule, and `cradle backup --all [--watch]`. A fleet whose work on each device is an
 * ordinary backup job; a device backed up more recently than the interval is skipped when the fleet was
 * asked to (automatic backups, `--every`), never when a person asked for it.
 */
import type { BackupResult } from '../../../shared/backup.ts';
import type { FleetBackupReason, FleetBackupStatus } from '../../../shared/fleet.ts';
import { ageWords } from '../../../shared/format.ts';
import { lastBackupDate } from '../backup/last-backup.ts';
import { FleetRun, type FleetServices } from './fleet-run.ts';

/** How a backup fleet works. */
export interface BackupFleetOptions {
  udids?: readonly string[];
  watch: boolean;
  concurrency: number;
  /** The backup folder now (the app's setting may change while it runs). */
  folder(): string;
  /** Starts one device's backup job (the engine's, so the device list and jobs see it as any backup). */
  startBackup(udid: string): Promise<{ jobId: string; result: Promise<BackupResult> }>;
  /** Devices backed up less than this long ago are skipped, for devices that joined for this reason. */
  minIntervalMs(reason: FleetBackupReason): number | undefined;
  /** Called with the status after every change. */
  onChange(status: FleetBackupStatus): void;
  /** Whether a device that gets connected joins now (the app: its automatic-backup setting). */
  accepts?(udid: string): boolean;
}

/** A backup fleet. */
export class BackupFleet {
  private readonly fleet: FleetRun;
  private readonly reasons = new Map<string, FleetBackupReason>();

  constructor(services: FleetServices, private readonly options: BackupFleetOptions) {
    this.fleet = new FleetRun(
      services,
      {
        run: async (device, tile) => {
          const { jobId, result } = await options.startBackup(device.udid);
          tile.jobId = jobId;
          tile.state = 'backing-up';
          await result;
        },
        skip: (udid) => this.recentBackup(udid),
        accepts: (device) => {
          if (options.accepts && !options.accepts(device.udid)) return false;
          this.reasons.set(device.udid, 'connect');
          return true;
        },
        rejoin: 'ended',
      },
      { udids: options.udids ?? [], watch: options.watch, concurrency: options.concurrency, onChange: () => this.publish() },
    );
    for (const udid of options.udids ?? []) this.reasons.set(udid, 'manual');
    this.publish();
  }

  /** Backs these devices up (again, when they ended), for this reason. */
  backUp(udids: readonly string[], reason: FleetBackupReason): void {
    for (const udid of udids) this.reasons.set(udid, reason);
    this.fleet.add(udids);
  }

  /** The current status. */
  status(): FleetBackupStatus {
    return { watching: this.fleet.isWatching, concurrency: this.fleet.maxAtOnce, startedAt: this.fleet.startedAt, tiles: this.fleet.tileList(), counts: this.fleet.counts() };
  }

  /** The underlying fleet: finished, stop, retry, report, watching and concurrency. */
  get run(): FleetRun {
    return this.fleet;
  }

  /** "Backed up 3 hours ago" when the device's last backup is newer than its reason's interval. */
  private async recentBackup(udid: string): Promise<string | undefined> {
    const interval = this.options.minIntervalMs(this.reasons.get(udid) ?? 'manual');
    if (interval === undefined) return undefined;
    const last = await lastBackupDate(this.options.folder(), udid);
    const now = Date.now();
    return last && now - Date.parse(last) < interval ? `Backed up ${ageWords(last, now)} (at most once every ${hoursWords(interval)}).` : undefined;
  }

  private publish(): void {
    // The fleet reports before this object has finished constructing it.
    if (this.fleet) this.options.onChange(this.status());
  }
}

/** "12 hours", "1 day", "7 days". */
function hoursWords(milliseconds: number): string {
  const hours = Math.round(milliseconds / 3_600_000);
  return hours % 24 === 0 ? `${hours / 24} day${hours === 24 ? '' : 's'}` : `${hours} hour${hours === 1 ? '' : 's'}`;
}
