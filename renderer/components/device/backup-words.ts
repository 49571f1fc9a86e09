/**
 * How a backup's progress and outcome read: "12.3 MB of 480 MB · 8.2 MB/s · about 1 min left",
 * "1,234 files", "Backup finished: 1,234 files, 480 MB in 1 min 5 s". Pure, so it is tested in Node.
 */
import type { BackupResult } from '../../../shared/backup.ts';
import type { JobProgress } from '../../../shared/jobs.ts';
import type { JobView } from '../../store/jobs-reducer.ts';
import { formatBytes } from '../../../shared/format.ts';

/** A transfer rate, e.g. "8.2 MB/s". */
export function rateWords(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** How long is left, e.g. "about 3 min left"; rounded, since the estimate itself is rough. */
export function etaWords(seconds: number): string {
  if (seconds < 60) return 'less than a minute left';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `about ${hours} h${rest ? ` ${rest} min` : ''} left`;
}

/** A duration, e.g. "4 s", "1 min 5 s", "2 h 3 min". */
export function durationWords(milliseconds: number): string {
  const seconds = Math.max(0, Math.round(milliseconds / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min${seconds % 60 ? ` ${seconds % 60} s` : ''}`;
  return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
}

/** A count with its noun, e.g. "1 file", "1,234 files". */
export function countWords(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}

/** The line under the progress bar: bytes (of the estimated total), rate, time left; what is known. */
export function progressLine(progress: JobProgress): string {
  const { bytesDone, bytesTotal, bytesPerSecond, etaSeconds } = progress;
  const parts = [bytesTotal ? `${formatBytes(bytesDone)} of ${formatBytes(bytesTotal)}` : formatBytes(bytesDone)];
  if (bytesPerSecond) parts.push(rateWords(bytesPerSecond));
  if (etaSeconds !== undefined && bytesPerSecond) parts.push(etaWords(etaSeconds));
  return parts.join(' · ');
}

/** The files line, e.g. "1,234 files" or "12 of 40 files". */
export function filesLine(progress: JobProgress): string {
  return progress.filesTotal ? `${progress.filesDone.toLocaleString('en-US')} of ${countWords(progress.filesTotal, 'file')}` : countWords(progress.filesDone, 'file');
}

/** What a backup is doing before (or instead of) moving bytes. */
export function backupPhaseWords(job: JobView, noun: string): string {
  if (job.state === 'queued') return `Waiting for the ${noun} to finish what it is doing…`;
  switch (job.phase) {
    case 'saving':
      return 'Saving the backup…';
    case 'backing up':
      return 'Backing up…';
    default:
      return `Connecting to the ${noun}…`;
  }
}

/** A finished backup's report, when the job carried one. */
export function backupResult(job: JobView): BackupResult | undefined {
  const result = job.result;
  if (!result || typeof result.files !== 'number' || typeof result.bytes !== 'number' || typeof result.durationMs !== 'number') return undefined;
  return result as unknown as BackupResult;
}

/** "1,234 files, 480 MB in 1 min 5 s". */
export function resultLine(result: BackupResult): string {
  return `${countWords(result.files, 'file')}, ${formatBytes(result.bytes)} in ${durationWords(result.durationMs)}`;
}
