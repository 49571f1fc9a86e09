/**
 * Fleet work seen from outside the window: an OS notification when a device of the backup queue or of a
 * clone fails, and when a batch ends, even with the window closed to the tray. What to say is decided in
 * fleet-notices.ts; this shows it, unless the window is in front (it already shows the outcome).
 */
import { Notification, type BrowserWindow } from 'electron';
import type { Engine } from '../engine/api/handlers.ts';
import type { EventOf } from '../../shared/ipc/contract.ts';
import { fleetBusy, type FleetTile } from '../../shared/fleet.ts';
import { fleetJobIds, fleetNoticeTracker, type FleetNotice } from './fleet-notices.ts';

/** What the feedback needs of the app: its window (when open) and a way to bring it forward. */
export interface FleetFeedbackHost {
  window(): BrowserWindow | undefined;
  showWindow(): void;
}

/** The running fleet feedback. */
export interface FleetFeedback {
  /** Whether a backup job belongs to the queue (its notices are the queue's, not one per job). */
  isFleetJob(jobId: string): boolean;
  /** Whether the backup queue still has work. */
  queueBusy(): boolean;
  stop(): void;
}

/** Follows the engine's backup queue and clone for notifications. */
export function showFleetFeedback(engine: Engine, host: FleetFeedbackHost): FleetFeedback {
  const backups = fleetNoticeTracker('backup');
  const clones = fleetNoticeTracker('clone');
  const fleetJobs = new Set<string>();
  let queue: EventOf<'fleet:changed'> | undefined;
  const nameOf = (tile: FleetTile) => tile.name ?? engine.devices.list().find((device) => device.udid === tile.udid)?.name ?? tile.serialNumber ?? tile.udid;
  const show = ({ title, body }: FleetNotice) => {
    const window = host.window();
    if ((window?.isVisible() && window.isFocused()) || !Notification.isSupported()) return;
    const notification = new Notification({ title, body });
    notification.on('click', () => host.showWindow());
    notification.show();
  };
  const unsubscribe = engine.events.subscribe((channel, payload) => {
    if (channel !== 'fleet:changed' && channel !== 'clone:changed') return;
    const status = payload as EventOf<'fleet:changed'>;
    if (channel === 'fleet:changed') {
      queue = status;
      for (const jobId of fleetJobIds(status)) fleetJobs.add(jobId);
    }
    for (const notice of (channel === 'fleet:changed' ? backups : clones)(status, nameOf)) show(notice);
  });
  return { isFleetJob: (jobId) => fleetJobs.has(jobId), queueBusy: () => (queue ? fleetBusy(queue.counts) : false), stop: unsubscribe };
}
