/**
 * Steps 5 and 6: the running restore (phase, bar, bytes with rate and time left, "Keep the iPhone
 * connected", Cancel), then how it ended: what the person does next on the device, or what went wrong.
 */
import { CircleCheck, Smartphone } from 'lucide-react';
import { isFinished, type JobView } from '../../store/jobs-reducer.ts';
import { filesLine, progressLine } from '../device/backup-words.ts';
import { ErrorNotice } from '../device/error-notice.tsx';
import { ProgressBar } from '../progress-bar.tsx';
import { cancelledWords, doneWords, restorePhaseWords, restoreResult } from './restore-words.ts';
import './restore-review.css';

/** Props of {@link RestoringStep}. */
export interface RestoringStepProps {
  job: JobView;
  noun: string;
  /** The restart was asked for. */
  restarts: boolean;
}

/** The restore in progress, or its outcome once it ended. */
export function RestoringStep({ job, noun, restarts }: RestoringStepProps) {
  if (isFinished(job)) return <RestoreOutcome job={job} noun={noun} restarts={restarts} />;
  const progress = job.progress;
  const fraction = progress && (progress.fraction || progress.bytesTotal) ? (progress.fraction ?? 0) : undefined;
  const phase = restorePhaseWords(job, noun);
  const line = progress ? progressLine(progress) : undefined;
  return (
    <div className="restoring-step">
      <p className="restore-headline" role="status">
        {phase}
      </p>
      <ProgressBar fraction={fraction} label="Restore" valueText={fraction === undefined ? phase : `${Math.round(fraction * 100)} %${line ? `, ${line}` : ''}`} />
      {line && progress && (
        <p className="restore-numbers" data-testid="restore-numbers">
          {line}
          <span className="muted"> · {filesLine(progress)}</span>
        </p>
      )}
      <p className="restore-keep">
        <Smartphone size={14} aria-hidden="true" /> Keep the {noun} connected until the restore has finished{restarts ? ' and it has restarted' : ''}.
      </p>
    </div>
  );
}

function RestoreOutcome({ job, noun, restarts }: RestoringStepProps) {
  if (job.state === 'done') {
    const [first, ...rest] = doneWords(restoreResult(job), restarts, noun);
    return (
      <div className="restore-done">
        <p className="restore-headline" role="status">
          <CircleCheck size={16} aria-hidden="true" className="restore-ok" /> Restore finished
        </p>
        <p>{first}</p>
        {rest.map((line) => (
          <p key={line} className="restore-next">
            {line}
          </p>
        ))}
      </div>
    );
  }
  if (job.state === 'cancelled') {
    return (
      <p className="restore-headline" role="status">
        {cancelledWords(noun)}
      </p>
    );
  }
  return (
    <div className="restore-failed">
      <p className="restore-headline">The restore did not finish.</p>
      {job.error && <ErrorNotice error={job.error} />}
    </div>
  );
}
