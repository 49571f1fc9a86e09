/**
 * The app's backups of many devices: one backup fleet for the engine's life, fed by Back Up Selected / All,
 * by devices that connect (when their automatic backup is on) and by the daily schedule, all at most once
 * per interval unless a person asked. Settings are read again whenever they change.
 */
import type { FleetBackupStatus } from '../../../shared/fleet.ts';
import { autoBackupOn, autoBackupWatches, DEFAULT_AUTO_BACKUP, type AutoBackupSettings, type StoredSettings } from '../../../shared/settings.ts';
import type { BackupResult } from '../../../shared/backup.ts';
import type { SettingsStore } from '../settings/settings-store.ts';
import { BackupFleet } from './backup-fleet.ts';
import type { FleetServices } from './fleet-run.ts';

/** The automatic-backup settings with defaults filled in. */
export function autoBackupSettings(stored: StoredSettings): AutoBackupSettings {
  const { devices, dailyAt, ...rest } = stored.autoBackup ?? {};
  return { ...DEFAULT_AUTO_BACKUP, ...rest, ...(dailyAt ? { dailyAt } : {}), devices: { ...devices } };
}

/** Milliseconds from `now` to the next time the clock reads `dailyAt` ("HH:MM", local time). */
export function msUntilDaily(dailyAt: string, now: Date): number {
  const [hours, minutes] = dailyAt.split(':').map(Number) as [number, number];
  const next = new Date(now);
  next.setHours(hours, minutes, 0, 0);
  if (next.getTime() <= now.getTime()) next.setDate(next.getDate() + 1);
  return next.getTime() - now.getTime();
}

/** What the app's backup queue needs. */
export interface AutoBackupOptions {
  settings: SettingsStore;
  folder(): string;
  startBackup(udid: string): Promise<{ jobId: string; result: Promise<BackupResult> }>;
  /** Called with the status after every change (`fleet:changed`). */
  onChange(status: FleetBackupStatus): void;
}

/** The app's backup queue with its automatic triggers. */
export class AutoBackup {
  readonly fleet: BackupFleet;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly services: FleetServices,
    private readonly options: AutoBackupOptions,
  ) {
    const current = () => autoBackupSettings(options.settings.get());
    this.fleet = new BackupFleet(services, {
      watch: false,
      concurrency: current().concurrency,
      folder: options.folder,
      startBackup: options.startBackup,
      minIntervalMs: (reason) => (reason === 'manual' ? undefined : current().intervalHours * 3_600_000),
      accepts: (udid) => autoBackupOn(current(), udid),
      onChange: options.onChange,
    });
    this.apply();
  }

  /** Follows the settings: watching while any device backs up on connect, the concurrency, the daily timer. */
  apply(): void {
    const settings = autoBackupSettings(this.options.settings.get());
    this.fleet.run.setConcurrency(settings.concurrency);
    this.fleet.run.setWatching(autoBackupWatches(settings));
    clearTimeout(this.timer);
    this.timer = undefined;
    if (settings.dailyAt) {
      this.timer = setTimeout(() => {
        this.runSchedule();
        this.apply();
      }, msUntilDaily(settings.dailyAt, new Date()));
      // The schedule never keeps a process alive by itself.
      this.timer.unref();
    }
  }

  /** The daily schedule's turn: every connected device, skipping those backed up within the interval. */
  runSchedule(): void {
    const connected = this.services.devices.list().filter((device) => device.state !== 'disconnected');
    this.fleet.backUp(connected.map((device) => device.udid), 'schedule');
  }

  /** Stops the timer and the queue (devices in progress finish). */
  close(): void {
    clearTimeout(this.timer);
    this.fleet.run.dispose();
  }
}
