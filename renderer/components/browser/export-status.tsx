/**
 * The status line of the last export started in the browser: its progress while it runs (with Stop),
 * then where the files went, or why it failed.
 */
import { CircleCheck, X } from 'lucide-react';
import type { ExportSummary } from '../../../shared/browse.ts';
import { useStore } from '../../store/index.ts';
import { ErrorNotice } from '../device/error-notice.tsx';
import { jobProgressWords } from '../job-words.ts';
import { ProgressBar } from '../progress-bar.tsx';
import { exportWords } from './browser-words.ts';

/** The export status line (nothing when no export was started). */
export function ExportStatus() {
  const started = useStore((state) => state.browser?.exportJob);
  const startError = useStore((state) => state.browser?.exportError);
  const job = useStore((state) => (started ? state.jobs[started.jobId] : undefined));
  const cancel = useStore((state) => state.cancelJob);
  const dismiss = useStore((state) => state.dismissExport);
  if (startError) return <ErrorNotice error={startError}>{dismissButton(dismiss)}</ErrorNotice>;
  if (!started) return null;
  if (job?.state === 'failed' && job.error) return <ErrorNotice error={job.error}>{dismissButton(dismiss)}</ErrorNotice>;
  const done = job?.state === 'done';
  const words = done ? exportWords((job.result ?? {}) as Partial<ExportSummary> & { path?: string }) : job?.state === 'cancelled' ? 'Export stopped.' : `${started.label}… ${job ? jobProgressWords(job) : ''}`;
  return (
    <div className="export-status" role="status">
      {done && <CircleCheck size={14} aria-hidden="true" className="verify-ok" />}
      <span className="export-words">{words}</span>
      {!done && job?.state !== 'cancelled' && (
        <>
          <ProgressBar fraction={job?.progress?.fraction} label={started.label} />
          <button type="button" className="button small" onClick={() => void cancel(started.jobId)}>
            Stop
          </button>
        </>
      )}
      {(done || job?.state === 'cancelled') && (
        <button type="button" className="icon-button" aria-label="Dismiss" onClick={dismiss}>
          <X size={14} aria-hidden="true" />
        </button>
      )}
    </div>
  );
}

function dismissButton(dismiss: () => void) {
  return (
    <button type="button" className="button" onClick={dismiss}>
      OK
    </button>
  );
}
