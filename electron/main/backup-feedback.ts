/**
 * Backups seen from outside the window: the dock/taskbar progress while backups run, and an OS
 * notification when one finishes or fails while the window is in the background.
 */
import { Notification, type BrowserWindow } from 'electron';
import type { Engine } from '../engine/api/handlers.ts';
import type { EventOf } from '../../shared/ipc/contract.ts';

/**
 * Follows the engine's backup jobs for `window`; returns the function that stops (call it when the window
 * closes). Jobs for which `toldElsewhere` is true (the backup queue's: fleet-feedback.ts tells their
 * outcome once for the batch) show progress but no notification of their own.
 */
export function showBackupFeedback(engine: Engine, window: BrowserWindow, toldElsewhere: (jobId: string) => boolean = () => false): () => void {
  // Running backups by job id, with the device and how far along each is.
  const running = new Map<string, { udid?: string; fraction: number }>();

  const showProgress = () => {
    if (window.isDestroyed()) return;
    const fractions = [...running.values()].map((job) => job.fraction);
    // -1 removes the bar; with several backups the bar shows their average.
    window.setProgressBar(fractions.length ? fractions.reduce((sum, fraction) => sum + fraction, 0) / fractions.length : -1);
  };

  const notify = (title: string, body: string) => {
    // The window already shows the outcome to someone looking at it.
    if (window.isDestroyed() || window.isFocused() || !Notification.isSupported()) return;
    const notification = new Notification({ title, body });
    notification.on('click', () => {
      if (!window.isDestroyed()) window.show();
    });
    notification.show();
  };

  const deviceName = (udid: string | undefined) => engine.devices.list().find((device) => device.udid === udid)?.name ?? 'The device';

  const onJob = (event: EventOf<'jobs:event'>) => {
    if (event.type === 'queued') {
      if (event.kind !== 'backup') return;
      running.set(event.jobId, { udid: event.udid, fraction: 0 });
      return showProgress();
    }
    const job = running.get(event.jobId);
    if (!job) return;
    if (event.type === 'progress') {
      job.fraction = event.progress.fraction ?? job.fraction;
      return showProgress();
    }
    if (event.type !== 'done' && event.type !== 'failed' && event.type !== 'cancelled') return;
    running.delete(event.jobId);
    showProgress();
    if (toldElsewhere(event.jobId)) return;
    if (event.type === 'done') notify('Backup finished', `${deviceName(job.udid)} is backed up to this computer.`);
    if (event.type === 'failed') notify(`Backup of ${deviceName(job.udid)} failed`, event.error.message);
  };

  const unsubscribe = engine.events.subscribe((channel, payload) => {
    if (channel === 'jobs:event') onJob(payload as EventOf<'jobs:event'>);
  });
  return () => {
    unsubscribe();
    running.clear();
    showProgress();
  };
}
