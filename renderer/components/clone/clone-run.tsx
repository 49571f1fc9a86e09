/**
 * A clone at work or ended, at the top of the Clone pane: what it clones and how, Stop while it runs
 * (New Clone… once it ended), the summary with the report, then the tiles. It stays on screen when the
 * clone ends, so its results are never below the fold.
 */
import type { CloneStatus } from '../../../shared/restore.ts';
import { useStore } from '../../store/index.ts';
import { formatDate } from '../device/format.ts';
import { CloneGrid } from './clone-grid.tsx';
import { CloneSummary } from './clone-summary.tsx';
import { cloneActive } from './clone-words.ts';

/** What the clone was asked to do: "3 at once · named Loaner {n}". */
function runFacts(clone: CloneStatus): string {
  return [`${clone.concurrency} at once`, clone.namePattern && `named ${clone.namePattern}`].filter(Boolean).join(' · ');
}

/** Props of {@link CloneRun}. */
export interface CloneRunProps {
  clone: CloneStatus;
  /** Opens the setup of another clone (offered once this one ended); absent while the setup shows. */
  onNewClone?(): void;
}

/** The clone's head, summary and tiles. */
export function CloneRun({ clone, onNewClone }: CloneRunProps) {
  const stop = useStore((state) => state.stopClone);
  const golden = useStore((state) => state.backups?.find((backup) => backup.path === clone.backupPath));
  const active = cloneActive(clone);
  const from = golden ? [golden.deviceName ?? golden.udid, golden.date && formatDate(golden.date)].filter(Boolean).join(', ') : clone.backupPath;
  return (
    <section className="clone-run" aria-labelledby="clone-run-title">
      <div className="clone-run-head">
        <div className="clone-run-heading">
          <h2 id="clone-run-title" className="clone-run-title">
            {active ? 'Cloning' : 'Last clone'} <span className="muted">from {from}</span>
          </h2>
          <span className="muted clone-run-facts">
            {runFacts(clone)}
            {clone.watching && <span className="chip chip-active">Watching for new devices</span>}
          </span>
        </div>
        {active && (
          <button type="button" className="button" aria-describedby="clone-stop-hint" onClick={() => void stop()}>
            Stop
          </button>
        )}
        <span id="clone-stop-hint" hidden>
          Devices being restored now finish; the others are left out.
        </span>
        {!active && onNewClone && (
          <button type="button" className="button primary" onClick={onNewClone}>
            New Clone…
          </button>
        )}
      </div>
      <CloneSummary status={clone} />
      <CloneGrid status={clone} />
    </section>
  );
}
