/**
 * The clone's devices as a Configurator-style grid: one tile per device with its name and serial, the
 * state chip, a thin progress bar, and the error in one line with Retry. Below it the footer: the counts,
 * the elapsed time, and the report.
 */
import { RotateCcw, Smartphone, Tablet } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { ErrorPayload } from '../../../shared/errors.ts';
import type { CloneStatus, CloneTile } from '../../../shared/restore.ts';
import { useStore } from '../../store/index.ts';
import { durationWords } from '../device/backup-words.ts';
import { ErrorNotice } from '../device/error-notice.tsx';
import { ProgressBar } from '../progress-bar.tsx';
import { canRetry, chipTone, chipWords, clockWords, cloneActive, countsWords, elapsedMs, tileErrorWords, tileName } from './clone-words.ts';
import './clone-grid.css';

const BAR_STATES: ReadonlySet<CloneTile['state']> = new Set(['checking', 'restoring', 'rebooting', 'renaming', 'done']);

/** The tiles of a clone. */
export function CloneGrid({ status }: { status: CloneStatus }) {
  if (status.tiles.length === 0) {
    return <p className="clone-empty muted">{status.watching ? 'Waiting for devices… Connect an iPhone or iPad and it joins the clone.' : 'No devices in this clone.'}</p>;
  }
  return (
    <ul className="clone-grid" aria-label="Devices">
      {status.tiles.map((tile) => (
        <Tile key={tile.udid} tile={tile} />
      ))}
    </ul>
  );
}

function Tile({ tile }: { tile: CloneTile }) {
  const name = useStore((state) => tileName(tile, state.devices));
  const iPad = useStore((state) => state.lastSeen[tile.udid]?.productType?.startsWith('iPad') === true);
  const retry = useStore((state) => state.retryClone);
  const Icon = iPad ? Tablet : Smartphone;
  const chip = chipWords(tile);
  const errorWords = tileErrorWords(tile);
  const fraction = tile.state === 'done' ? 1 : tile.state === 'restoring' && tile.fraction ? tile.fraction : undefined;
  return (
    <li className={`clone-tile tile-${chipTone(tile.state)}`} aria-label={`${name}: ${chip}`} data-udid={tile.udid}>
      <div className="tile-head">
        <Icon size={18} aria-hidden="true" className="tile-icon" />
        <div className="tile-names">
          <span className="tile-name">{name}</span>
          <span className="tile-serial muted">{tile.serialNumber ?? tile.udid}</span>
        </div>
      </div>
      <span className={`chip chip-${chipTone(tile.state)}`}>{chip}</span>
      {BAR_STATES.has(tile.state) && <ProgressBar fraction={fraction} label={`Restore of ${name}`} valueText={chip} />}
      {tile.state === 'done' && tile.durationMs !== undefined && <p className="tile-line muted">Finished in {durationWords(tile.durationMs)}</p>}
      {errorWords && (
        <div className="tile-error-row">
          <p className="tile-line tile-error" title={tile.error}>
            {errorWords}
          </p>
          {canRetry(tile.state) && (
            <button type="button" className="button small" aria-label={`Retry ${name}`} onClick={() => void retry(tile.udid)}>
              <RotateCcw size={12} aria-hidden="true" /> Retry
            </button>
          )}
        </div>
      )}
    </li>
  );
}

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
export function CloneFooter({ status }: { status: CloneStatus }) {
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
    <footer className="clone-footer">
      <span className="clone-counts" role="status">
        {countsWords(status.counts)}
      </span>
      <span className="clone-elapsed muted">Elapsed {clockWords(elapsedMs(status, now))}</span>
      <span className="wizard-spacer" />
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
    </footer>
  );
}
