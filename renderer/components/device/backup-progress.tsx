/**
 * The latest backup of a device as the Backups section shows it: the bar with bytes, rate, time left and
 * Cancel while it runs; then "Backup finished" with what it saved, or why it stopped.
 */
import { CircleCheck } from 'lucide-react';
import type { ReactNode } from 'react';
import { isFinished, type JobView } from '../../store/jobs-reducer.ts';
import { ProgressBar } from '../progress-bar.tsx';
import { backupPhaseWords, backupResult, filesLine, progressLine, resultLine } from './backup-words.ts';
import { ErrorNotice } from './error-notice.tsx';
import { formatDate } from './format.ts';

/** Props of {@link BackupProgress}. */
export interface BackupProgressProps {
  /** The device's latest backup job this session, if any. */
  job?: JobView;
  noun: string;
  /** The backup that was there before this one (an interrupted backup leaves it as it was). */
  previousBackupDate?: string;
  onCancel(jobId: string): void;
  /** Shown with an ENCRYPTION_REQUIRED failure: opens the Set Password dialog. */
  onSetPassword(): void;
}

/** Whether the bar has something to measure: a fraction above zero, or a known total. */
function measurable(job: JobView): number | undefined {
  const progress = job.progress;
  if (!progress) return undefined;
  return progress.fraction || progress.bytesTotal ? (progress.fraction ?? 0) : undefined;
}

function cancelledWords(previousBackupDate: string | undefined): string {
  return previousBackupDate
    ? `Backup cancelled. Your previous backup from ${formatDate(previousBackupDate)} is untouched.`
    : 'Backup cancelled. Nothing was saved.';
}

/** The headline a screen reader hears as the backup moves on (never the fast-changing numbers). */
function headline(job: JobView, noun: string, previousBackupDate: string | undefined): string {
  switch (job.state) {
    case 'done':
      return 'Backup finished';
    case 'failed':
      return 'The backup did not finish.';
    case 'cancelled':
      return cancelledWords(previousBackupDate);
    default:
      return backupPhaseWords(job, noun);
  }
}

/** The progress or outcome of the device's latest backup. */
export function BackupProgress({ job, noun, previousBackupDate, onCancel, onSetPassword }: BackupProgressProps) {
  let detail: ReactNode = null;
  if (job && !isFinished(job)) {
    const fraction = measurable(job);
    const line = job.progress ? progressLine(job.progress) : undefined;
    detail = (
      <>
        <div className="backup-bar-row">
          <ProgressBar
            fraction={fraction}
            label={`Backup of this ${noun}`}
            valueText={fraction === undefined ? backupPhaseWords(job, noun) : `${Math.round(fraction * 100)} %${line ? `, ${line}` : ''}`}
          />
          <button type="button" className="button" onClick={() => onCancel(job.jobId)}>
            Cancel
          </button>
        </div>
        {line && job.progress && (
          <p className="backup-numbers" data-testid="backup-numbers">
            {line}
            <span className="muted"> · {filesLine(job.progress)}</span>
          </p>
        )}
      </>
    );
  } else if (job?.state === 'done') {
    const result = backupResult(job);
    detail = result && <p className="backup-numbers muted">{resultLine(result)}</p>;
  } else if (job?.state === 'failed' && job.error) {
    detail = (
      <ErrorNotice error={job.error}>
        {job.error.code === 'ENCRYPTION_REQUIRED' && (
          <button type="button" className="button" onClick={onSetPassword}>
            Set Password…
          </button>
        )}
      </ErrorNotice>
    );
  }

  return (
    <div className="backup-job" data-state={job?.state}>
      {/* Always present, so screen readers announce each change of the headline. */}
      <p className="backup-headline" role="status">
        {job?.state === 'done' && <CircleCheck size={14} aria-hidden="true" className="backup-ok" />}
        {job && headline(job, noun, previousBackupDate)}
      </p>
      {detail}
    </div>
  );
}
