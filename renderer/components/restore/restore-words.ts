/**
 * How the restore wizard reads: a backup as a choice, the mark of each pre-flight item, what the restore
 * is doing, and how it ended. Pure, so it is tested in Node.
 */
import { deviceDistinction, type NamedDevice } from '../../../shared/devices.ts';
import type { BackupSummary } from '../../../shared/library.ts';
import type { PreflightCheck, RestoreResult } from '../../../shared/restore.ts';
import type { JobView } from '../../store/jobs-reducer.ts';
import { backupResult, countWords, durationWords } from '../device/backup-words.ts';
import { formatDate } from '../device/format.ts';
import { formatBytes } from '../../../shared/format.ts';

/** A pre-flight item's mark: ✓ fine, ⚠ may go on, ✕ must be fixed, or the password that the next step asks for. */
export type CheckMark = 'ok' | 'warning' | 'error' | 'next';

/** The mark of one item; `awaitingPassword`: an encrypted backup whose password is asked for in the next step. */
export function checkMark(check: PreflightCheck, awaitingPassword: boolean): CheckMark {
  if (check.id === 'password' && check.status === 'error' && awaitingPassword) return 'next';
  return check.status;
}

/** What a screen reader says for a mark (the symbols alone say little). */
export const MARK_WORDS: Record<CheckMark, string> = { ok: 'OK', warning: 'Warning', error: 'Must be fixed', next: 'Next step' };

/** What sets a kept copy apart from the device's current backup, leading its details. */
const KEPT_WORDS: Partial<Record<BackupSummary['state'], string>> = { archived: 'Archived', version: 'Earlier version' };

/**
 * A backup as a choice: "Anna’s iPhone", and "iPhone 15 · 3 May 2025 at 14:05 · iOS 17.5 · 1.2 GB" (the model tells
 * same-named devices' backups apart); an archive or a kept version says so first ("Archived · …").
 */
export function backupWords(backup: BackupSummary): { name: string; detail: string } {
  const detail = [KEPT_WORDS[backup.state], backup.model, backup.date ? formatDate(backup.date) : undefined, backup.iosVersion ? `iOS ${backup.iosVersion}` : undefined, formatBytes(backup.sizeBytes)];
  if (!backup.complete) detail.push('incomplete');
  return { name: backup.deviceName ?? backup.udid, detail: detail.filter(Boolean).join(' · ') };
}

/**
 * The device a restore goes onto, named beyond doubt: "Anna’s iPad (iPad Air (5th generation) · …F3K2)",
 * model and the end of the serial even when no other device is called so (a second one may be plugged in later).
 */
export function targetWords(device: NamedDevice): string {
  return `${device.name ?? device.udid} (${deviceDistinction(device)})`;
}

/** The device a backup came from: "Anna’s iPad (iPad Air (5th generation)) from 3 May 2025 at 14:05". */
export function backupSourceWords(backup: BackupSummary): string {
  const name = backup.deviceName ?? backup.udid;
  const model = backup.model ?? backup.productType;
  return [model ? `${name} (${model})` : name, backup.date && `from ${formatDate(backup.date)}`].filter(Boolean).join(' ');
}

/** What a running restore is doing, for its headline. */
export function restorePhaseWords(job: JobView, noun: string): string {
  if (job.prompt?.prompt === 'passcode') return `Enter the passcode on the ${noun} to start the restore`;
  if (job.state === 'queued') return `Waiting for the ${noun} to finish what it is doing…`;
  switch (job.phase) {
    case 'checking':
      return `Checking the backup and the ${noun}…`;
    case 'restoring':
      return 'Restoring…';
    case 'rebooting':
      return `The ${noun} is restarting…`;
    default:
      return `Connecting to the ${noun}…`;
  }
}

/** A finished restore's report, when the job carried one. */
export function restoreResult(job: JobView): RestoreResult | undefined {
  // It carries the counts a backup's report does (files, bytes, duration), checked the same way.
  return backupResult(job) ? (job.result as unknown as RestoreResult) : undefined;
}

/** The Done step's lines: what was restored, and what the person does next on the device. */
export function doneWords(result: RestoreResult | undefined, restarts: boolean, noun: string): string[] {
  // A restore that did not count its files still says how much it sent.
  const files = result?.files ? `${countWords(result.files, 'file')}, ` : '';
  const lines = result ? [`Restored ${files}${formatBytes(result.bytes)} in ${durationWords(result.durationMs)}.`] : [];
  lines.push(restarts ? `The ${noun} restarts.` : `Restart the ${noun} to finish.`);
  lines.push(`Set up a new passcode and Face ID (or Touch ID) on the ${noun}.`);
  return lines;
}

/** Why a restore that did not finish may have left the device half restored. */
export function cancelledWords(noun: string): string {
  return `The restore was cancelled. The ${noun} may hold part of the backup: restore again before using it.`;
}
