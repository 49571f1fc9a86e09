/**
 * Verify: the check runs as a job (every manifest row has its file, sizes and padding plausible, plists
 * parse); this sheet shows its progress, then what it found, the first issues listed. useVerifySheet starts one
 * and holds its sheet (the Backups list and the browser both verify).
 */
import { CircleAlert, CircleCheck, TriangleAlert } from 'lucide-react';
import { useState, type ReactNode } from 'react';
import type { VerifyReport } from '../../../shared/browse.ts';
import type { ErrorPayload } from '../../../shared/errors.ts';
import { useStore } from '../../store/index.ts';
import { ErrorNotice } from '../device/error-notice.tsx';
import { ModalDialog } from '../modal-dialog.tsx';
import { ProgressBar } from '../progress-bar.tsx';
import { countWords, verifyWords } from './browser-words.ts';
import './dialogs.css';

/** Issues listed in the sheet (the report holds up to 1,000; the counts are complete). */
const SHOWN_ISSUES = 100;

/** Props of {@link VerifyDialog}. */
export interface VerifyDialogProps {
  /** The verify job, once started. */
  jobId?: string;
  /** Verify could not start. */
  error?: ErrorPayload;
  onClose(): void;
}

/** A Verify sheet's state: `start(id)` verifies a backup and opens the sheet; render `sheet` where it belongs. */
export function useVerifySheet(): { busy: boolean; start(id: string): Promise<void>; sheet: ReactNode } {
  const verify = useStore((state) => state.verifyBackup);
  const [verifying, setVerifying] = useState<{ jobId?: string; error?: ErrorPayload }>();
  return {
    busy: verifying !== undefined,
    async start(id) {
      setVerifying({});
      const result = await verify(id);
      setVerifying(result.ok ? { jobId: result.value.jobId } : { error: result.error });
    },
    sheet: verifying && <VerifyDialog jobId={verifying.jobId} error={verifying.error} onClose={() => setVerifying(undefined)} />,
  };
}

/** The Verify sheet. */
export function VerifyDialog({ jobId, error, onClose }: VerifyDialogProps) {
  const job = useStore((state) => (jobId ? state.jobs[jobId] : undefined));
  const cancel = useStore((state) => state.cancelJob);
  const report = job?.state === 'done' ? (job.result as VerifyReport | undefined) : undefined;
  const running = !error && (!job || job.state === 'queued' || job.state === 'running');
  const progress = job?.progress;
  const description = report ? (
    <p className="verify-verdict">
      {report.errors > 0 ? <CircleAlert size={14} aria-hidden="true" className="verify-error" /> : <CircleCheck size={14} aria-hidden="true" className="verify-ok" />}
      {verifyWords(report)}
    </p>
  ) : (
    <p>Cradle checks that every file the backup lists is there and readable, and that its settings files parse.</p>
  );

  return (
    <ModalDialog title="Verify backup" description={description} onClose={onClose} className="modal-wide">
      {running && (
        <div className="verify-progress">
          <ProgressBar fraction={progress?.fraction} label="Verifying the backup" />
          <p className="muted">{progress?.filesTotal ? `${countWords(progress.filesDone, 'file')} of ${progress.filesTotal.toLocaleString()} checked` : 'Starting…'}</p>
        </div>
      )}
      {error && <ErrorNotice error={error} />}
      {job?.state === 'failed' && job.error && <ErrorNotice error={job.error} />}
      {job?.state === 'cancelled' && <p className="muted">Verification stopped. Nothing was changed.</p>}
      {report && report.issues.length > 0 && (
        <ul className="verify-issues" aria-label="What verify found">
          {report.issues.slice(0, SHOWN_ISSUES).map((issue, index) => (
            <li key={index} className={`verify-issue verify-${issue.severity}`}>
              {issue.severity === 'error' ? <CircleAlert size={13} aria-label="Problem" /> : <TriangleAlert size={13} aria-label="Warning" />}
              <span>
                {issue.message}
                {issue.domain && (
                  <span className="verify-path">
                    {issue.domain}
                    {issue.relativePath ? `/${issue.relativePath}` : ''}
                  </span>
                )}
              </span>
            </li>
          ))}
          {report.issues.length > SHOWN_ISSUES && <li className="muted">…and {countWords(report.errors + report.warnings - SHOWN_ISSUES, 'more issue')}.</li>}
        </ul>
      )}
      <div className="modal-actions">
        {running && jobId ? (
          <button type="button" className="button" onClick={() => void cancel(jobId)}>
            Stop
          </button>
        ) : (
          <button type="button" className="button primary" onClick={onClose}>
            Done
          </button>
        )}
      </div>
    </ModalDialog>
  );
}
