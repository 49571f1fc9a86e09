/**
 * The sidebar's "All Devices" row, at the top of the Devices section: the overview of every connected
 * device. While the backup queue works it shows how far it is ("2/5" backed up).
 */
import { LayoutList } from 'lucide-react';
import { useStore } from '../../store/index.ts';
import { fleetBusy } from '../../../shared/fleet.ts';

/** The "All Devices" row. */
export function AllDevicesItem() {
  const current = useStore((state) => state.destination.kind === 'devices');
  const navigate = useStore((state) => state.navigate);
  const badge = useStore((state) => {
    const fleet = state.fleet;
    return fleet && fleetBusy(fleet.counts) ? `${fleet.counts.done}/${fleet.tiles.length}` : undefined;
  });
  return (
    <li>
      <button
        type="button"
        className="sidebar-item"
        aria-current={current ? 'page' : undefined}
        aria-label={badge ? `All Devices: ${badge} backed up` : undefined}
        onClick={() => navigate({ kind: 'devices' })}
      >
        <LayoutList size={16} aria-hidden="true" />
        <span className="sidebar-label">All Devices</span>
        {badge && <span className="badge badge-busy">{badge}</span>}
      </button>
    </li>
  );
}
