/**
 * The Devices overview's actions: Back Up Selected, Back Up All, and while the backup queue works, its
 * counts and Stop.
 */
import type { FleetBackupStatus } from '../../../shared/fleet.ts';
import { useStore } from '../../store/index.ts';
import { fleetBusy } from '../../../shared/fleet.ts';
import { fleetCountsWords } from './overview-rows.ts';

/** Props of {@link OverviewToolbar}. */
export interface OverviewToolbarProps {
  /** The selected devices that can be backed up. */
  selected: readonly string[];
  /** Every device that can be backed up. */
  all: readonly string[];
}

/** The buttons above the table. */
export function OverviewToolbar({ selected, all }: OverviewToolbarProps) {
  const backUp = useStore((state) => state.backUpDevices);
  const fleet = useStore((state) => state.fleet);
  return (
    <div className="overview-toolbar">
      <div className="overview-actions" role="toolbar" aria-label="Device actions">
        <button type="button" className="button primary" disabled={selected.length === 0} onClick={() => void backUp(selected)}>
          Back Up Selected
        </button>
        <button type="button" className="button" disabled={all.length === 0} onClick={() => void backUp(all)}>
          Back Up All
        </button>
      </div>
      <span className="overview-selection muted">{selected.length === 0 ? 'No devices selected' : `${selected.length} selected`}</span>
      {fleet && <QueueStatus fleet={fleet} />}
    </div>
  );
}

/** The queue's counts ("2 backed up · 1 in progress") and Stop while it works. */
function QueueStatus({ fleet }: { fleet: FleetBackupStatus }) {
  const stop = useStore((state) => state.stopFleet);
  const busy = fleetBusy(fleet.counts);
  const words = fleetCountsWords(fleet.counts);
  return (
    <span className="overview-queue">
      <span role="status" aria-label="Backups">
        {words && `Backups: ${words}`}
      </span>
      {busy && (
        <button type="button" className="button" onClick={() => void stop()} title="Devices not started yet are left out; running backups finish.">
          Stop
        </button>
      )}
    </span>
  );
}
