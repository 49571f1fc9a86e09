/**
 * Which devices a clone goes onto: checkboxes of the connected devices, or every device that gets
 * connected until the clone is stopped.
 */
import { useId } from 'react';
import type { DeviceListItem } from '../../../shared/devices.ts';
import { deviceChoiceWords } from '../restore/restore-words.ts';

/** How the targets are chosen. */
export type TargetMode = 'selected' | 'every';

/** Props of {@link CloneTargets}. */
export interface CloneTargetsProps {
  devices: readonly DeviceListItem[];
  mode: TargetMode;
  onMode(mode: TargetMode): void;
  selected: ReadonlySet<string>;
  onSelected(selected: ReadonlySet<string>): void;
  /** The golden backup's own device, marked so nobody clones onto it by mistake. */
  goldenUdid?: string;
}

/** The targets fieldset. */
export function CloneTargets({ devices, mode, onMode, selected, onSelected, goldenUdid }: CloneTargetsProps) {
  const id = useId();
  const present = devices.filter((device) => device.state !== 'disconnected');
  const toggle = (udid: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(udid);
    else next.delete(udid);
    onSelected(next);
  };
  return (
    <fieldset className="clone-targets">
      <legend>Devices</legend>
      <label className="checkbox">
        <input type="radio" name={`${id}-mode`} checked={mode === 'selected'} onChange={() => onMode('selected')} />
        These devices:
      </label>
      <div className="clone-device-list" role="group" aria-label="Connected devices">
        {present.length === 0 && <p className="muted">No device is connected. Connect them with USB cables (a powered hub works).</p>}
        {present.map((device) => (
          <label key={device.udid} className="checkbox">
            <input type="checkbox" disabled={mode !== 'selected'} checked={selected.has(device.udid)} onChange={(event) => toggle(device.udid, event.target.checked)} />
            {deviceChoiceWords(device, present)}
            {device.udid === goldenUdid && <span className="muted"> (the golden backup’s own device)</span>}
          </label>
        ))}
      </div>
      <label className="checkbox">
        <input type="radio" name={`${id}-mode`} checked={mode === 'every'} aria-describedby={`${id}-every`} onChange={() => onMode('every')} />
        Every device that gets connected
      </label>
      <p id={`${id}-every`} className="option-hint muted">
        The devices connected now and each one connected later, until you stop. Disconnect the golden device first.
      </p>
    </fieldset>
  );
}
