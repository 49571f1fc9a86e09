/**
 * The storage bar of the device header: used and free space, as Finder shows it.
 */
import { formatBytes } from '../../../shared/format.ts';

/** Props of {@link CapacityBar}. */
export interface CapacityBarProps {
  capacityBytes: number;
  freeBytes: number;
}

/** A thin bar filled to the used share, with the numbers spelled out beside it. */
export function CapacityBar({ capacityBytes, freeBytes }: CapacityBarProps) {
  const used = Math.max(0, capacityBytes - freeBytes);
  const percent = capacityBytes > 0 ? Math.round((used / capacityBytes) * 100) : 0;
  const words = `${formatBytes(used)} used of ${formatBytes(capacityBytes)}, ${formatBytes(freeBytes)} free`;
  return (
    <div className="capacity">
      <div
        className="capacity-bar"
        role="meter"
        aria-label="Storage"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={words}
      >
        <div className="capacity-used" style={{ width: `${percent}%` }} />
      </div>
      <span className="capacity-words" aria-hidden="true">
        {words}
      </span>
    </div>
  );
}
