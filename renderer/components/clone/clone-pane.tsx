/**
 * The Clone pane (the fleet view, Configurator-style): one golden backup onto many devices. Once a clone
 * exists, its run is at the top (summary, report, tiles), while it works and after it ends; the setup
 * opens with New Clone…, filled in with the last clone's settings. The clone runs in the engine, so
 * leaving this pane (or reloading the window) never stops it.
 */
import { useEffect, useState } from 'react';
import { useStore } from '../../store/index.ts';
import { ErrorNotice } from '../device/error-notice.tsx';
import { CloneRun } from './clone-run.tsx';
import { CloneSetup } from './clone-setup.tsx';
import { cloneActive } from './clone-words.ts';
import './clone.css';

/** The main pane when Clone is selected. */
export function ClonePane() {
  const clone = useStore((state) => state.clone);
  const cloneError = useStore((state) => state.cloneError);
  const loadLibrary = useStore((state) => state.loadLibrary);
  // The setup opens with the last clone's settings: it waits for them (or for why they could not be read).
  const settingsKnown = useStore((state) => state.settings !== undefined || state.settingsError !== undefined);
  const [settingUp, setSettingUp] = useState(false);
  useEffect(() => {
    void loadLibrary();
  }, [loadLibrary]);
  const active = clone ? cloneActive(clone) : false;
  const showSetup = settingsKnown && !active && (!clone || settingUp);

  return (
    <section className="clone-pane" aria-labelledby="clone-title">
      <h1 id="clone-title">Clone</h1>
      <p className="clone-intro muted">Restore one prepared backup onto many iPhones or iPads at once.</p>
      {showSetup && <CloneSetup onStarted={() => setSettingUp(false)} onCancel={clone ? () => setSettingUp(false) : undefined} />}
      {cloneError && <ErrorNotice error={cloneError} />}
      {clone && <CloneRun clone={clone} onNewClone={showSetup ? undefined : () => setSettingUp(true)} />}
    </section>
  );
}
