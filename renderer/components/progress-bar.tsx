/**
 * A thin progress bar (role=progressbar): filled to a fraction, or moving to and fro while the total is unknown.
 */
import './progress-bar.css';

/** Props of {@link ProgressBar}. */
export interface ProgressBarProps {
  /** 0–1; undefined while there is nothing to measure yet. */
  fraction?: number;
  /** Names the bar for screen readers, e.g. "Backup of Anna’s iPhone". */
  label: string;
  /** What a screen reader says instead of the bare percentage. */
  valueText?: string;
}

/** A progress bar in the macOS manner. */
export function ProgressBar({ fraction, label, valueText }: ProgressBarProps) {
  const percent = fraction === undefined ? undefined : Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <div
      className={percent === undefined ? 'progress-bar indeterminate' : 'progress-bar'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={valueText}
    >
      <div className="progress-fill" style={percent === undefined ? undefined : { width: `${percent}%` }} />
    </div>
  );
}
