/**
 * Cloning one golden backup onto many devices: each device is its own restore job (its own pre-flight,
 * queue and cancel), at most `concurrency` at once; one failing never stops the others; failed ones can be
 * retried; in watch mode every device that gets connected joins until stopped; an optional naming pattern
 * is applied once the device is back. The status is published on `clone:changed` after every change.
 */
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { DeviceListItem } from '../../../shared/devices.ts';
import { CradleError, toErrorPayload } from '../../../shared/errors.ts';
import type { JobEvent } from '../../../shared/jobs.ts';
import type { CloneReportRow, CloneStatus, CloneTile, RestoreOptions } from '../../../shared/restore.ts';
import type { EventHub } from '../api/events.ts';
import type { DeviceManager } from '../devices/device-manager.ts';
import { renameDevice } from '../devices/summary.ts';
import type { JobManager } from '../jobs/job-manager.ts';
import { toCsv } from '../library/exports/csv.ts';
import type { UsbmuxClient } from '../usbmux/client.ts';
import { checkBackup, type BackupCheck } from './preflight.ts';
import { runRestore } from './restore.ts';

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

/** The engine parts a clone uses. */
export interface CloneServices {
  usbmux: UsbmuxClient;
  devices: DeviceManager;
  jobs: JobManager;
  events: EventHub;
}

/** One running (or finished) clone. */
export class CloneRun {
  private readonly tiles = new Map<string, CloneTile>();
  private readonly queue: string[] = [];
  private running = 0;
  /** Devices named so far: {n} counts restores that succeeded, so a refused device leaves no gap. */
  private named = 0;
  private watching: boolean;
  private readonly unsubscribe: () => void;
  private readonly startedAt = new Date().toISOString();
  private settled: (() => void) | undefined;
  /** The device the golden backup is of (its folder name): watching never restores it onto itself. */
  private readonly goldenUdid: string;
  /** The golden backup's own checks, made once for every device; made again when the backup changed. */
  private backupCheck: { stamp: string; check: Promise<BackupCheck> } | undefined;

  constructor(
    private readonly services: CloneServices,
    private readonly request: CloneRequest,
  ) {
    this.watching = request.watch;
    this.goldenUdid = basename(request.backupPath);
    this.unsubscribe = services.events.subscribe((channel, payload) => {
      if (channel === 'jobs:event') this.onJobEvent(payload as JobEvent);
      if (channel === 'devices:changed' && this.watching) this.addConnected((payload as { devices: DeviceListItem[] }).devices);
    });
    for (const udid of request.udids) this.add(udid);
    if (this.watching) this.addConnected(services.devices.list());
    this.publish();
  }

  /** The current status. */
  status(): CloneStatus {
    const tiles = [...this.tiles.values()].map((tile) => ({ ...tile }));
    const count = (states: CloneTile['state'][]) => tiles.filter((tile) => states.includes(tile.state)).length;
    return {
      backupPath: this.request.backupPath,
      watching: this.watching,
      concurrency: this.request.concurrency,
      ...(this.request.namePattern ? { namePattern: this.request.namePattern } : {}),
      startedAt: this.startedAt,
      tiles,
      counts: { done: count(['done']), failed: count(['failed', 'find-my']), waiting: count(['waiting', 'needs-trust']), inProgress: count(['checking', 'needs-passcode', 'restoring', 'rebooting', 'renaming']) },
    };
  }

  /** Resolves when no device is waiting or in progress and watching has stopped. */
  finished(): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve) => (this.settled = resolve));
  }

  /** Stops watching for new devices; the ones not started yet are marked so; running restores finish. */
  stop(): void {
    this.watching = false;
    this.queue.splice(0);
    for (const tile of this.tiles.values()) {
      if (tile.state !== 'waiting' && tile.state !== 'needs-trust') continue;
      Object.assign(tile, { state: 'failed', error: 'Stopped before it started.', errorCode: 'CANCELLED' });
    }
    this.publish();
    if (this.idle()) this.settled?.();
  }

  /** Runs a failed device again. */
  retry(udid: string): void {
    const tile = this.tiles.get(udid);
    if (!tile || (tile.state !== 'failed' && tile.state !== 'find-my')) throw new CradleError('VALIDATION', 'Only a failed device can be retried.');
    this.tiles.set(udid, { udid, state: 'waiting', ...(tile.serialNumber ? { serialNumber: tile.serialNumber } : {}), ...(tile.name ? { name: tile.name } : {}) });
    this.queue.push(udid);
    this.pump();
  }

  /** The report: one row per device. */
  report(): CloneReportRow[] {
    return [...this.tiles.values()].map((tile) => ({
      serial: tile.serialNumber ?? '',
      udid: tile.udid,
      name: tile.name ?? '',
      result: tile.state === 'done' ? 'done' : tile.state === 'failed' || tile.state === 'find-my' ? 'failed' : 'not finished',
      durationSeconds: tile.durationMs === undefined ? null : Math.round(tile.durationMs / 100) / 10,
      error: tile.error ?? '',
    }));
  }

  /** Stops listening (the clone is discarded). */
  dispose(): void {
    this.stop();
    this.unsubscribe();
  }

  private add(udid: string, state: CloneTile['state'] = 'waiting'): void {
    if (this.tiles.has(udid)) return;
    this.tiles.set(udid, { udid, state });
    if (state === 'waiting') this.queue.push(udid);
    this.pump();
  }

  private addConnected(devices: DeviceListItem[]): void {
    for (const device of devices) {
      const tile = this.tiles.get(device.udid);
      if (tile?.state === 'needs-trust' && device.state === 'connected') {
        tile.state = 'waiting';
        this.queue.push(device.udid);
      } else if (!tile && device.udid !== this.goldenUdid && (device.state === 'connected' || device.state === 'trust-needed')) {
        this.add(device.udid, device.state === 'connected' ? 'waiting' : 'needs-trust');
      }
    }
    this.pump();
  }

  private pump(): void {
    while (this.running < this.request.concurrency && this.queue.length > 0) void this.restoreOne(this.queue.shift()!);
    this.publish();
    if (this.idle()) this.settled?.();
  }

  private idle(): boolean {
    return !this.watching && this.running === 0 && this.queue.length === 0;
  }

  private async restoreOne(udid: string): Promise<void> {
    const tile = this.tiles.get(udid)!;
    this.running += 1;
    const started = Date.now();
    tile.state = 'checking';
    tile.startedAt = new Date(started).toISOString();
    try {
      const device = await this.services.devices.find(udid);
      const { usbmux } = this.services;
      const backupCheck = this.checkBackupOnce();
      // Awaited by the restore's pre-flight; a device that fails before that must not leave it unobserved.
      backupCheck.catch(() => undefined);
      const { jobId, result } = this.services.jobs.start('restore', udid, (job) =>
        runRestore(
          {
            usbmux,
            device,
            backupPath: this.request.backupPath,
            options: this.request.options,
            password: this.request.password,
            confirmed: this.request.confirmed,
            backupCheck,
            onPreflight: (preflight) => {
              tile.serialNumber = preflight.serialNumber;
              tile.name = preflight.deviceName;
              this.publish();
            },
          },
          job,
        ),
      );
      tile.jobId = jobId;
      this.publish();
      await result;
      if (this.request.namePattern) {
        tile.state = 'renaming';
        this.publish();
        const name = applyNamePattern(this.request.namePattern, { n: (this.named += 1), serial: tile.serialNumber ?? '', udid, name: tile.name ?? '' });
        const back = (await usbmux.listDevices()).find((candidate) => candidate.udid === udid);
        if (!back) throw new CradleError('DEVICE_DISCONNECTED', `Restored, but the device was gone before it could be named ${name}.`);
        await renameDevice(usbmux, back, name);
        tile.name = name;
      }
      tile.state = 'done';
    } catch (error) {
      const payload = toErrorPayload(error);
      tile.state = payload.code === 'FIND_MY_ENABLED' ? 'find-my' : 'failed';
      tile.error = payload.message;
      tile.errorCode = payload.code;
    } finally {
      tile.durationMs = Date.now() - started;
      tile.endedAt = new Date().toISOString();
      delete tile.fraction;
      this.running -= 1;
      // The device list shows the new name and that the device is no longer busy.
      this.services.devices.publish();
      this.pump();
    }
  }

  /**
   * The backup's checks (verify, size, password, management) are the same for every device: made once and
   * shared, and made again only when the backup's manifest or status changed (a watch can run for hours).
   * A failed check is not kept, so a retry checks again.
   */
  private async checkBackupOnce(): Promise<BackupCheck> {
    const { backupPath, password } = this.request;
    const stamps = await Promise.all(['Manifest.plist', 'Manifest.db', 'Status.plist'].map((name) => stat(join(backupPath, name)).then((s) => `${s.ino}:${s.size}:${s.mtimeMs}`, () => 'none')));
    const stamp = stamps.join('/');
    if (this.backupCheck?.stamp !== stamp) {
      const check = checkBackup(backupPath, password);
      this.backupCheck = { stamp, check };
      check.catch(() => {
        if (this.backupCheck?.check === check) this.backupCheck = undefined;
      });
    }
    return this.backupCheck.check;
  }

  private onJobEvent(event: JobEvent): void {
    const tile = [...this.tiles.values()].find((candidate) => candidate.jobId === event.jobId);
    if (!tile || tile.state === 'done' || tile.state === 'failed' || tile.state === 'find-my') return;
    if (event.type === 'phase') tile.state = event.phase === 'restoring' ? 'restoring' : event.phase === 'rebooting' ? 'rebooting' : event.phase === 'checking' ? 'checking' : tile.state;
    else if (event.type === 'progress') tile.fraction = event.progress.fraction;
    else if (event.type === 'prompt') tile.state = event.prompt === 'passcode' ? 'needs-passcode' : event.prompt === 'trust' ? 'needs-trust' : event.prompt === 'find-my' ? 'find-my' : tile.state;
    else return;
    this.publish();
  }

  private publish(): void {
    this.services.events.emit('clone:changed', this.status());
  }
}

/** A device name from a pattern: {n} (order of start), {serial}, {udid}, {name} (its name before). */
export function applyNamePattern(pattern: string, values: { n: number; serial: string; udid: string; name: string }): string {
  const name = pattern.replace(/\{(n|serial|udid|name)\}/g, (_, key: keyof typeof values) => String(values[key])).trim();
  return name.slice(0, 64) || `Device ${values.n}`;
}

/** The clone report as CSV (serial, UDID, name, result, duration, error) or JSON. */
export function cloneReport(rows: CloneReportRow[], format: 'csv' | 'json'): Buffer {
  if (format === 'json') return Buffer.from(`${JSON.stringify(rows, null, 2)}\n`, 'utf8');
  return toCsv(['Serial', 'UDID', 'Name', 'Result', 'Duration (seconds)', 'Error'], rows.map((row) => [row.serial, row.udid, row.name, row.result, row.durationSeconds ?? undefined, row.error]));
}
