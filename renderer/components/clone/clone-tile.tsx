/**
 * One device of a clone, Configurator-style: its icon (iPad or iPhone), name and serial, the state chip
 * (what to do on the device while it waits for the person), a thin progress bar, every problem in full
 * with what to do about it, and Retry, which checks them all again.
 */
import { RotateCcw } from 'lucide-react';
import { tileFailed, type FleetProblem, type FleetTile } from '../../../shared/fleet.ts';
import { useStore } from '../../store/index.ts';
import { durationWords } from '../device/backup-words.ts';
import { DeviceIcon } from '../device-icon.tsx';
import { ProgressBar } from '../progress-bar.tsx';
import { chipTone, chipWords, problemsWords, skippedWords, tileIcon, tileNames, tileProblems } from './clone-words.ts';

const BAR_STATES: ReadonlySet<FleetTile['state']> = new Set(['checking', 'backing-up', 'restoring', 'rebooting', 'renaming', 'done']);

/** Props of {@link CloneTile}. */
export interface CloneTileProps {
  tile: FleetTile;
  /** Every tile of the clone: a name two devices share is told apart by model and serial. */
  tiles: readonly FleetTile[];
}

/** A device's tile in the grid. */
export function CloneTile({ tile, tiles }: CloneTileProps) {
  const seen = useStore((state) => state.lastSeen);
  const retry = useStore((state) => state.retryClone);
  const { name: shortName, label: name, distinction } = tileNames(tile, tiles, seen);
  const chip = chipWords(tile);
  const tone = chipTone(tile.state);
  const problems = tileProblems(tile);
  const fraction = tile.state === 'done' ? 1 : (tile.state === 'restoring' || tile.state === 'backing-up') && tile.fraction ? tile.fraction : undefined;
  return (
    <li className={`clone-tile tile-${tone}`} aria-label={`${name}: ${chip}`} data-udid={tile.udid}>
      <div className="tile-head">
        <DeviceIcon kind={tileIcon(tile, seen)} size={18} className="tile-icon" />
        <div className="tile-names">
          <span className="tile-name">{shortName}</span>
          {/* Same-named devices are told apart as in the sidebar: model and the end of the serial. */}
          {distinction ? <span className="tile-twin muted">{distinction}</span> : <span className="tile-serial muted">{tile.serialNumber ?? tile.udid}</span>}
        </div>
      </div>
      <span className={`chip chip-${tone}`}>{chip}</span>
      {BAR_STATES.has(tile.state) && <ProgressBar fraction={fraction} label={`Restore of ${name}`} valueText={chip} />}
      {tile.state === 'done' && tile.durationMs !== undefined && <p className="tile-line muted">Finished in {durationWords(tile.durationMs)}</p>}
      {tile.state === 'skipped' && <p className="tile-line muted">{skippedWords(tile)}</p>}
      <TileProblems problems={problems} />
      {tileFailed(tile.state) && (
        <button type="button" className="button small tile-retry" aria-label={`Retry ${name}`} onClick={() => void retry(tile.udid)}>
          <RotateCcw size={12} aria-hidden="true" /> Retry
        </button>
      )}
    </li>
  );
}

/** The problems in full: one as it is, several behind a "2 problems" disclosure. */
function TileProblems({ problems }: { problems: readonly FleetProblem[] }) {
  if (problems.length === 0) return null;
  const [only] = problems;
  if (problems.length === 1 && only) return <Problem problem={only} />;
  return (
    <details className="tile-problems">
      <summary>{problemsWords(problems.length)}</summary>
      <ul aria-label="Problems">
        {problems.map((problem) => (
          <li key={problem.title}>
            <Problem problem={problem} />
          </li>
        ))}
      </ul>
    </details>
  );
}

/** One problem: what is wrong, what was found, what to do. */
function Problem({ problem }: { problem: FleetProblem }) {
  return (
    <div className="tile-problem">
      <p className="tile-line tile-error">{problem.title}</p>
      {problem.detail && <p className="tile-line muted">{problem.detail}</p>}
      {problem.fix && <p className="tile-line tile-fix">{problem.fix}</p>}
    </div>
  );
}
