/**
 * How a job reads in the jobs popover: "Backing up Anna’s iPhone", "42 % · 8.2 MB/s · about 1 min left",
 * "Anna’s iPhone backed up". Pure, so it is tested in Node.
 */
import type { JobKind } from '../../shared/jobs.ts';
import { isFinished, type JobView } from '../store/jobs-reducer.ts';
import { etaWords, rateWords } from './device/backup-words.ts';
import { formatBytes } from '../../shared/format.ts';

const RUNNING: Record<JobKind, string> = {
  backup: 'Backing up',
  restore: 'Restoring',
  clone: 'Cloning to',
  encryption: 'Changing backup encryption of',
  pair: 'Pairing with',
  export: 'Exporting from the backup of',
  verify: 'Verifying the backup of',
};

const NOUNS: Record<Exclude<JobKind, 'verify' | 'export'>, string> = {
  backup: 'Backup',
  restore: 'Restore',
  clone: 'Clone',
  encryption: 'Encryption change',
  pair: 'Pairing',
};

/** The job's title: what it does while it runs, how it ended once it has. */
export function jobTitle(job: JobView, deviceName: string): string {
  const kind = job.kind ?? 'backup';
  if (!isFinished(job)) return `${RUNNING[kind]} ${deviceName}`;
  if (job.state === 'done' && kind === 'backup') return `${deviceName} backed up`;
  // A verify or an export acts on a backup, not on the device: "Backup of Anna’s iPhone verified".
  if (job.state === 'done' && kind === 'verify') return `Backup of ${deviceName} verified`;
  if (job.state === 'done' && kind === 'export') return `Exported from the backup of ${deviceName}`;
  const outcome = job.state === 'done' ? 'finished' : job.state === 'failed' ? 'failed' : 'cancelled';
  if (kind === 'verify' || kind === 'export') return `${RUNNING[kind]} ${deviceName} ${outcome}`;
  return `${NOUNS[kind]} of ${deviceName} ${outcome}`;
}

/** The short line under a running job's bar: the percentage, rate and time left, or what it waits for. */
export function jobProgressWords(job: JobView): string {
  if (job.prompt) return 'Waiting for the passcode on the device';
  if (job.state === 'queued') return 'Waiting for the device';
  const progress = job.progress;
  if (!progress) return 'Starting…';
  // Until the total is estimated there is no percentage, but the bytes moved still show it is working.
  const parts = [progress.fraction || progress.bytesTotal ? `${Math.round((progress.fraction ?? 0) * 100)} %` : formatBytes(progress.bytesDone)];
  if (progress.bytesPerSecond) parts.push(rateWords(progress.bytesPerSecond));
  if (progress.etaSeconds !== undefined && progress.bytesPerSecond) parts.push(etaWords(progress.etaSeconds));
  return parts.join(' · ');
}
