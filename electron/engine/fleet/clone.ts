/**
 * Cloning one golden backup onto many devices: a fleet whose work on each device is a restore job (its own
 * pre-flight, queue and cancel), then the naming pattern once the device is back. Untrusted devices are
 * paired by the fleet; watching never takes the golden backup's own device. The status is published on
 * `clone:changed` after every change.
 */
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { CradleError } from '../../../shared/errors.ts';
import type { FleetTile } from '../../../shared/fleet.ts';
import type { CloneReportRow, CloneStatus, RestoreOptions } from '../../../shared/restore.ts';
import { renameDevice } from '../devices/summary.ts';
import { checkBackup, type BackupCheck } from '../restore/preflight.ts';
import { SmallFiles } from '../devicelink/small-files.ts';
import { runRestore } from '../restore/restore.ts';
import type { UsbmuxDevice } from '../usbmux/client.ts';
import { FleetRun, type FleetServices } from './fleet-run.ts';

/** What a clone needs. */
export interface CloneRequest {
  backupPath: string;
  udids: string[];
  watch: boolean;
  concurrency: number;
  namePattern?: string;
  options: RestoreOptions;
  password?: string;
  confirmed: boolean;
}

/** One running (or finished) clone. */
export class CloneRun {
  private readonly fleet: FleetRun;
  /** Devices named so far: {n} counts restores that succeeded, so a refused device leaves no gap. */
  private named = 0;
  /**
   * The golden backup's own checks, made once for every device, and its small files read once for all of
   * them; both made again when the backup changed.
   */
  private golden: { stamp: string; check: Promise<BackupCheck>; smallFiles: SmallFiles | undefined } | undefined;

  constructor(
    private readonly services: FleetServices,
    private readonly request: CloneRequest,
  ) {
    const goldenUdid = basename(request.backupPath);
    this.fleet = new FleetRun(
      services,
      {
        run: (device, tile, publish) => this.restore(device, tile, publish),
        accepts: (device) => device.udid !== goldenUdid,
        rejoin: 'failed',
      },
      { udids: request.udids, watch: request.watch, concurrency: request.concurrency, onChange: () => this.publish() },
    );
    this.publish();
  }

  /** The current status. */
  status(): CloneStatus {
    return {
      backupPath: this.request.backupPath,
      watching: this.fleet.isWatching,
      concurrency: this.request.concurrency,
      ...(this.request.namePattern ? { namePattern: this.request.namePattern } : {}),
      startedAt: this.fleet.startedAt,
      tiles: this.fleet.tileList(),
      counts: this.fleet.counts(),
    };
  }

  /** Resolves when no device is waiting or in progress and watching has stopped. */
  finished(): Promise<void> {
    return this.fleet.finished();
  }

  /** Stops watching for new devices; the ones not started yet are skipped; running restores finish. */
  stop(): void {
    this.fleet.stop();
  }

  /** Runs a failed device again. */
  retry(udid: string): void {
    this.fleet.retry(udid);
  }

  /** The report: one row per device. */
  report(): CloneReportRow[] {
    return this.fleet.report();
  }

  /** Stops listening (the clone is discarded). */
  dispose(): void {
    this.fleet.dispose();
  }

  private async restore(device: UsbmuxDevice, tile: FleetTile, publish: () => void): Promise<void> {
    const { usbmux, jobs, devices } = this.services;
    const { check: backupCheck, smallFiles } = await this.checkBackupOnce();
    // Awaited by the restore's pre-flight; a device that fails before that must not leave it unobserved.
    backupCheck.catch(() => undefined);
    const { jobId, result } = jobs.start('restore', device.udid, (job) =>
      runRestore(
        {
          usbmux,
          device,
          backupPath: this.request.backupPath,
          options: this.request.options,
          password: this.request.password,
          confirmed: this.request.confirmed,
          backupCheck,
          smallFiles,
          onPreflight: (preflight) => {
            if (preflight.serialNumber) tile.serialNumber = preflight.serialNumber;
            if (preflight.deviceName) tile.name = preflight.deviceName;
            publish();
          },
        },
        job,
      ),
    );
    tile.jobId = jobId;
    devices.publish();
    publish();
    await result;
    if (!this.request.namePattern) return;
    tile.state = 'renaming';
    publish();
    const name = applyNamePattern(this.request.namePattern, { n: (this.named += 1), serial: tile.serialNumber ?? '', udid: device.udid, name: tile.name ?? '' });
    const back = (await usbmux.listDevices()).find((candidate) => candidate.udid === device.udid);
    if (!back) throw new CradleError('DEVICE_DISCONNECTED', `Restored, but the device was gone before it could be named ${name}.`);
    await renameDevice(usbmux, back, name);
    tile.name = name;
    // Every list of devices shows the new name at once (the device's own notification may come later).
    await devices.refresh(device.udid);
  }

  /**
   * The backup's checks (verify, size, password, management) are the same for every device: made once and
   * shared, and made again only when the backup's manifest or status changed (a watch can run for hours).
   * A failed check is not kept, so a retry checks again.
   */
  private async checkBackupOnce(): Promise<{ check: Promise<BackupCheck>; smallFiles: SmallFiles | undefined }> {
    const { backupPath, password } = this.request;
    const stamps = await Promise.all(['Manifest.plist', 'Manifest.db', 'Status.plist'].map((name) => stat(join(backupPath, name)).then((s) => `${s.ino}:${s.size}:${s.mtimeMs}`, () => 'none')));
    const stamp = stamps.join('/');
    if (this.golden?.stamp !== stamp) {
      const check = checkBackup(backupPath, password);
      // One device gains nothing from keeping the files it reads once.
      const smallFiles = this.request.udids.length > 1 || this.request.watch ? new SmallFiles() : undefined;
      this.golden = { stamp, check, smallFiles };
      check.catch(() => {
        if (this.golden?.check === check) this.golden = undefined;
      });
    }
    return this.golden;
  }

  private publish(): void {
    // The fleet reports before this clone has finished constructing it.
    if (this.fleet) this.services.events.emit('clone:changed', this.status());
  }
}

/** A device name from a pattern: {n} (order of finishing), {serial}, {udid}, {name} (its name before). */
export function applyNamePattern(pattern: string, values: { n: number; serial: string; udid: string; name: string }): string {
  const name = pattern.replace(/\{(n|serial|udid|name)\}/g, (_, key: keyof typeof values) => String(values[key])).trim();
  return name.slice(0, 64) || `Device ${values.n}`;
}
