/**
 * The Clone pane (the fleet view, Configurator-style): one golden backup onto many devices. The settings
 * on top (hidden while a clone runs, with Stop over the grid instead), the devices as tiles below, the
 * counts and the report in the footer. The clone runs in the
 * engine, so leaving this pane (or reloading the window) never stops it.
 */
import { useEffect } from 'react';
import type { CloneStatus } from '../../../shared/restore.ts';
import { useStore } from '../../store/index.ts';
import { ErrorNotice } from '../device/error-notice.tsx';
import { formatDate } from '../device/format.ts';
import { CloneFooter, CloneGrid } from './clone-grid.tsx';
import { CloneSetup } from './clone-setup.tsx';
import { cloneActive } from './clone-words.ts';
import './clone.css';

/** What the running clone was asked to do: "3 at once · named Loaner {n}". */
function runFacts(clone: CloneStatus): string {
  return [`${clone.concurrency} at once`, clone.namePattern && `named ${clone.namePattern}`].filter(Boolean).join(' · ');
}

/** The main pane when Clone is selected. */
export function ClonePane() {
  const clone = useStore((state) => state.clone);
  const cloneError = useStore((state) => state.cloneError);
  const loadLibrary = useStore((state) => state.loadLibrary);
  const stop = useStore((state) => state.stopClone);
  const golden = useStore((state) => (clone ? state.backups?.find((backup) => backup.path === clone.backupPath) : undefined));
  useEffect(() => {
    void loadLibrary();
  }, [loadLibrary]);
  const active = clone ? cloneActive(clone) : false;
  const from = golden ? [golden.deviceName ?? golden.udid, golden.date && formatDate(golden.date)].filter(Boolean).join(', ') : clone?.backupPath;

  return (
    <section className="clone-pane" aria-labelledby="clone-title">
      <h1 id="clone-title">Clone</h1>
      <p className="clone-intro muted">Restore one prepared backup onto many iPhones or iPads at once.</p>
      <CloneSetup active={active} />
      {cloneError && <ErrorNotice error={cloneError} />}
      {clone && (
        <section className="clone-run" aria-labelledby="clone-run-title">
          <div className="clone-run-head">
            <h2 id="clone-run-title" className="clone-run-title">
              {active ? 'Cloning' : 'Last clone'} <span className="muted">from {from}</span>
            </h2>
            <span className="muted clone-run-facts">{runFacts(clone)}</span>
            {clone.watching && <span className="chip chip-active">Watching for new devices</span>}
            {active && (
              <button type="button" className="button clone-stop" aria-describedby="clone-stop-hint" onClick={() => void stop()}>
                Stop
              </button>
            )}
            <span id="clone-stop-hint" hidden>
              Devices being restored now finish; the others are left out.
            </span>
          </div>
          <CloneGrid status={clone} />
          <CloneFooter status={clone} />
        </section>
      )}
    </section>
  );
}
