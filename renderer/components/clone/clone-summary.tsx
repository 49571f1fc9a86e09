/**
 * The clone's summary line, at the top of its run: the counts (done / failed / skipped / in progress),
 * the elapsed time, and the report (Export CSV / Export JSON), there while it runs and after it ends.
 */
import { useEffect, useState } from 'react';
import type { ErrorPayload } from '../../../shared/errors.ts';
import type { CloneStatus } from '../../../shared/restore.ts';
import { useStore } from '../../store/index.ts';
import { ErrorNotice } from '../device/error-notice.tsx';
import { clockWords, cloneActive, countsWords, elapsedMs } from './clone-words.ts';

/** Now, ticking every second while `active` (the elapsed time). */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

/** The counts, the elapsed time, and Export CSV / Export JSON. */
export function CloneSummary({ status }: { status: CloneStatus }) {
  const exportReport = useStore((state) => state.exportCloneReport);
  const active = cloneActive(status);
  const now = useNow(active);
  const [saved, setSaved] = useState<string>();
  const [error, setError] = useState<ErrorPayload>();
  const save = async (format: 'csv' | 'json') => {
    setError(undefined);
    const result = await exportReport(format);
    if (!result.ok) setError(result.error);
    // Undefined: the person cancelled the folder dialog.
    else if (result.value) setSaved(result.value.path);
  };
  return (
    <div className="clone-summary" role="group" aria-label="Summary">
      <span className="clone-counts" role="status">
        {countsWords(status.counts)}
      </span>
      <span className="clone-elapsed muted">Elapsed {clockWords(elapsedMs(status, now))}</span>
      <span className="clone-summary-spacer" />
      <button type="button" className="button" onClick={() => void save('csv')}>
        Export CSV
      </button>
      <button type="button" className="button" onClick={() => void save('json')}>
        Export JSON
      </button>
      {saved && (
        <p className="clone-saved muted" role="status">
          Report saved: {saved}
        </p>
      )}
      {error && <ErrorNotice error={error} />}
    </div>
  );
}
