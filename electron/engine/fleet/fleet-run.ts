/**
 * One job on many devices (a clone onto a cart, backups of every device at a desk): a tile per device, at
 * most `concurrency` devices working at once, one failing never stopping the others. A device that does
 * not trust this computer is paired first, outside the concurrency limit (a person is tapping Trust on each
 * while others work). In watch mode every device that gets connected joins, and a failed device that is
 * plugged in again is tried again. Each device's work is its own job on its device queue.
 */
import type { DeviceListItem } from '../../../shared/devices.ts';
import { CradleError, toErrorPayload } from '../../../shared/errors.ts';
import { fleetCounts, tileEnded, tileFailed, type FleetCounts, type FleetProblem, type FleetReportRow, type FleetTile } from '../../../shared/fleet.ts';
import type { JobEvent } from '../../../shared/jobs.ts';
import type { EventHub } from '../api/events.ts';
import type { DeviceManager } from '../devices/device-manager.ts';
import type { JobManager } from '../jobs/job-manager.ts';
import type { UsbmuxClient, UsbmuxDevice } from '../usbmux/client.ts';
import { ensureTrusted } from './trust.ts';

/** The engine parts fleet work uses. */
export interface FleetServices {
  usbmux: UsbmuxClient;
  devices: DeviceManager;
  jobs: JobManager;
  events: EventHub;
}

/** What a fleet does on each device. */
export interface FleetWork {
  /**
   * Does the device's work once it trusts this computer; sets `tile.jobId` for the job it starts (its
   * phases and progress then move the tile) and may fill in the tile's name, serial and product type.
   */
  run(device: UsbmuxDevice, tile: FleetTile, publish: () => void): Promise<void>;
  /** Why a device is left out this time (e.g. backed up recently), checked once it is trusted. */
  skip?(udid: string): Promise<string | undefined>;
  /** Whether a connected device joins a watching fleet now (never the golden backup's own device). */
  accepts?(device: DeviceListItem): boolean;
  /**
   * Which devices that are plugged in again start over in a watching fleet: the failed ones (a clone: a
   * restored device stays restored), or every one that ended (backups on connect).
   */
  rejoin: 'failed' | 'ended';
}

/** How a fleet starts. */
export interface FleetOptions {
  udids: readonly string[];
  watch: boolean;
  concurrency: number;
  /** Called with every change (the engine publishes it on its channel). */
  onChange(): void;
}

/** States a job's phase moves a tile to. */
const PHASE_STATES: Record<string, FleetTile['state']> = {
  checking: 'checking',
  'backing up': 'backing-up',
  saving: 'backing-up',
  restoring: 'restoring',
  rebooting: 'rebooting',
};

/** A fleet job. */
export class FleetRun {
  private readonly tiles = new Map<string, FleetTile>();
  private readonly queue: string[] = [];
  /** Devices listed as present at the last device list (a failed one that comes back is tried again). */
  private present = new Set<string>();
  /** Devices whose work has started (Stop lets them finish, a passcode prompt included). */
  private readonly working = new Set<string>();
  private watching: boolean;
  private concurrency: number;
  private readonly unsubscribe: () => void;
  readonly startedAt = new Date().toISOString();
  private readonly settledListeners = new Set<() => void>();

  constructor(
    private readonly services: FleetServices,
    private readonly work: FleetWork,
    private readonly options: FleetOptions,
  ) {
    this.watching = options.watch;
    this.concurrency = options.concurrency;
    this.unsubscribe = services.events.subscribe((channel, payload) => {
      if (channel === 'jobs:event') this.onJobEvent(payload as JobEvent);
      if (channel === 'devices:changed') this.onDevices((payload as { devices: DeviceListItem[] }).devices);
    });
    this.add(options.udids);
    if (this.watching) this.onDevices(services.devices.list());
  }

  /** Whether new devices join as they connect. */
  get isWatching(): boolean {
    return this.watching;
  }

  /** Devices at once. */
  get maxAtOnce(): number {
    return this.concurrency;
  }

  /** Every tile (copies), in the order the devices joined. */
  tileList(): FleetTile[] {
    return [...this.tiles.values()].map((tile) => ({ ...tile, ...(tile.problems ? { problems: [...tile.problems] } : {}) }));
  }

  /** How many devices are where. */
  counts(): FleetCounts {
    return fleetCounts([...this.tiles.values()]);
  }

  /** Adds devices (again, when they ended: Back Up Selected twice backs up twice). */
  add(udids: readonly string[]): void {
    for (const udid of udids) {
      const tile = this.tiles.get(udid);
      if (!tile || tileEnded(tile.state)) this.begin(udid, tile);
    }
    this.changed();
  }

  /** Changes how many devices work at once (the app's setting); waiting ones start when there is room. */
  setConcurrency(concurrency: number): void {
    this.concurrency = concurrency;
    this.pump();
  }

  /** Starts or stops watching for new devices. */
  setWatching(watching: boolean): void {
    this.watching = watching;
    if (watching) this.onDevices(this.services.devices.list());
    this.changed();
  }

  /** Resolves when no device is waiting or in progress and watching has stopped. */
  finished(): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve) => this.settledListeners.add(resolve));
  }

  /** Whether nothing is waiting or working and no device can join. */
  idle(): boolean {
    return !this.watching && [...this.tiles.values()].every((tile) => tileEnded(tile.state));
  }

  /** Stops watching; devices not started yet (pairing included) are skipped; working ones finish. */
  stop(): void {
    this.watching = false;
    this.queue.splice(0);
    for (const tile of this.tiles.values()) {
      if (this.working.has(tile.udid) || (tile.state !== 'waiting' && tile.state !== 'needs-trust' && tile.state !== 'needs-passcode')) continue;
      if (tile.jobId && tile.state !== 'waiting') this.cancelJob(tile.jobId);
      Object.assign(tile, { state: 'skipped', skippedBecause: 'Stopped before it started.' });
      delete tile.jobId;
    }
    this.changed();
  }

  /** Runs a failed device again (every check again, pairing included). */
  retry(udid: string): void {
    const tile = this.tiles.get(udid);
    if (!tile || !tileFailed(tile.state)) throw new CradleError('VALIDATION', 'Only a device that failed can be retried.');
    this.begin(udid, tile);
    this.changed();
  }

  /** The report: one row per device. */
  report(): FleetReportRow[] {
    return [...this.tiles.values()].map((tile) => ({
      serial: tile.serialNumber ?? '',
      udid: tile.udid,
      name: tile.name ?? '',
      result: tile.state === 'done' ? 'done' : tile.state === 'skipped' ? 'skipped' : tileFailed(tile.state) ? 'failed' : 'not finished',
      durationSeconds: tile.durationMs === undefined ? null : Math.round(tile.durationMs / 100) / 10,
      error: tile.error ?? tile.skippedBecause ?? '',
    }));
  }

  /** Stops and stops listening (the fleet is discarded). */
  dispose(): void {
    this.stop();
    this.unsubscribe();
  }

  /** A tile made new (keeping what is known of the device), then trust, then the queue. */
  private begin(udid: string, previous: FleetTile | undefined): void {
    const known = previous ? { ...(previous.serialNumber ? { serialNumber: previous.serialNumber } : {}), ...(previous.name ? { name: previous.name } : {}), ...(previous.productType ? { productType: previous.productType } : {}) } : {};
    const listed = this.services.devices.list().find((device) => device.udid === udid);
    const tile: FleetTile = { udid, state: 'waiting', ...known, ...(listed?.name && !known.name ? { name: listed.name } : {}), ...(listed?.productType ? { productType: listed.productType } : {}) };
    this.tiles.set(udid, tile);
    void this.trustThenQueue(tile);
  }

  private async trustThenQueue(tile: FleetTile): Promise<void> {
    try {
      const device = await this.services.devices.find(tile.udid);
      await ensureTrusted(this.services, device, {
        onPairing: (jobId) => {
          if (this.tiles.get(tile.udid) === tile) tile.jobId = jobId;
        },
        onWait: (wait) => this.update(tile, { state: wait === 'trust' ? 'needs-trust' : 'needs-passcode' }),
      });
      if (!this.current(tile, 'waiting', 'needs-trust', 'needs-passcode')) return;
      delete tile.jobId;
      const skippedBecause = await this.work.skip?.(tile.udid);
      if (!this.current(tile, 'waiting', 'needs-trust', 'needs-passcode')) return;
      if (skippedBecause) return this.end(tile, { state: 'skipped', skippedBecause });
      this.update(tile, { state: 'waiting' });
      this.queue.push(tile.udid);
      this.pump();
    } catch (error) {
      if (this.current(tile, 'waiting', 'needs-trust', 'needs-passcode')) this.fail(tile, error);
    }
  }

  private pump(): void {
    while (this.working.size < this.concurrency && this.queue.length > 0) {
      const tile = this.tiles.get(this.queue.shift()!);
      if (tile?.state === 'waiting') void this.runOne(tile);
    }
    this.changed();
  }

  private async runOne(tile: FleetTile): Promise<void> {
    this.working.add(tile.udid);
    const started = Date.now();
    tile.state = 'checking';
    tile.startedAt = new Date(started).toISOString();
    try {
      const device = await this.services.devices.find(tile.udid);
      await this.work.run(device, tile, () => this.changed());
      this.end(tile, { state: 'done' }, started);
    } catch (error) {
      this.fail(tile, error, started);
    } finally {
      this.working.delete(tile.udid);
      // The device list shows that the device is no longer busy (and any new name).
      this.services.devices.publish();
      this.pump();
    }
  }

  private fail(tile: FleetTile, error: unknown, started?: number): void {
    const payload = toErrorPayload(error);
    const problems = problemsOf(payload.details);
    this.end(tile, { state: payload.code === 'FIND_MY_ENABLED' && (problems?.length ?? 1) === 1 ? 'find-my' : 'failed', error: payload.message, errorCode: payload.code, ...(problems ? { problems } : {}) }, started);
  }

  private end(tile: FleetTile, ending: Partial<FleetTile>, started?: number): void {
    Object.assign(tile, ending);
    delete tile.fraction;
    if (started !== undefined) tile.durationMs = Date.now() - started;
    tile.endedAt = new Date().toISOString();
    this.changed();
  }

  private update(tile: FleetTile, change: Partial<FleetTile>): void {
    if (this.tiles.get(tile.udid) !== tile || tileEnded(tile.state)) return;
    Object.assign(tile, change);
    this.changed();
  }

  /** Whether the tile is still this device's and in one of these states (Stop or a retry may have replaced it). */
  private current(tile: FleetTile, ...states: FleetTile['state'][]): boolean {
    return this.tiles.get(tile.udid) === tile && states.includes(tile.state);
  }

  private onDevices(devices: DeviceListItem[]): void {
    const present = new Set(devices.filter((device) => device.state !== 'disconnected').map((device) => device.udid));
    const joined: string[] = [];
    for (const device of devices) {
      if (!present.has(device.udid) || !this.watching) continue;
      const tile = this.tiles.get(device.udid);
      const pluggedAgain = !this.present.has(device.udid);
      const startsOver = tile !== undefined && pluggedAgain && (this.work.rejoin === 'ended' ? tileEnded : tileFailed)(tile.state);
      if ((!tile || startsOver) && (this.work.accepts?.(device) ?? true)) joined.push(device.udid);
    }
    this.present = present;
    if (joined.length > 0) this.add(joined);
  }

  private onJobEvent(event: JobEvent): void {
    const tile = [...this.tiles.values()].find((candidate) => candidate.jobId === event.jobId);
    if (!tile || tileEnded(tile.state)) return;
    if (event.type === 'phase') tile.state = PHASE_STATES[event.phase] ?? tile.state;
    else if (event.type === 'progress') tile.fraction = event.progress.fraction;
    else if (event.type === 'prompt') tile.state = event.prompt === 'passcode' ? 'needs-passcode' : event.prompt === 'trust' ? 'needs-trust' : event.prompt === 'find-my' ? 'find-my' : tile.state;
    else return;
    this.changed();
  }

  private cancelJob(jobId: string): void {
    try {
      this.services.jobs.cancel(jobId);
    } catch {
      // Already gone.
    }
  }

  private changed(): void {
    this.options.onChange();
    if (!this.idle()) return;
    for (const listener of this.settledListeners) listener();
    this.settledListeners.clear();
  }
}

/** Every ✕ item of a refused pre-flight, as problems with their fixes; undefined for other errors. */
function problemsOf(details: unknown): FleetProblem[] | undefined {
  const preflight = (details as { preflight?: unknown } | undefined)?.preflight as { checks?: { status: string; title: string; detail?: string; fix?: string }[] } | undefined;
  const failed = preflight?.checks?.filter((check) => check.status === 'error');
  if (!failed || failed.length === 0) return undefined;
  return failed.map(({ title, detail, fix }) => ({ title, ...(detail ? { detail } : {}), ...(fix ? { fix } : {}) }));
}
