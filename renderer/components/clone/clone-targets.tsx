/**
 * Which devices a clone goes onto: checkboxes of the connected devices (Select All / Select None, how many
 * are ticked; the golden backup's own device cannot be), or every device that gets connected until the
 * clone is stopped.
 */
import { useId } from 'react';
import { selectAll, selectionWords, type TargetChoice, type TargetMode } from './clone-choices.ts';

/** Props of {@link CloneTargets}. */
export interface CloneTargetsProps {
  choices: readonly TargetChoice[];
  mode: TargetMode;
  onMode(mode: TargetMode): void;
  selected: ReadonlySet<string>;
  onSelected(selected: ReadonlySet<string>): void;
}

/** The targets fieldset. */
export function CloneTargets({ choices, mode, onMode, selected, onSelected }: CloneTargetsProps) {
  const id = useId();
  const choosing = mode === 'selected';
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
        <input type="radio" name={`${id}-mode`} checked={choosing} onChange={() => onMode('selected')} />
        These devices:
      </label>
      <div className="clone-select-bar">
        <button type="button" className="button small" disabled={!choosing || choices.length === 0} onClick={() => onSelected(selectAll(choices))}>
          Select All
        </button>
        <button type="button" className="button small" disabled={!choosing || selected.size === 0} onClick={() => onSelected(new Set())}>
          Select None
        </button>
        <span className="muted clone-selected" role="status">
          {selectionWords(choices, selected)}
        </span>
      </div>
      <div className="clone-device-list" role="group" aria-label="Connected devices">
        {choices.length === 0 && <p className="muted">No device is connected. Connect them with USB cables (a powered hub works).</p>}
        {choices.map((choice) => (
          <label key={choice.udid} className="checkbox">
            <input
              type="checkbox"
              value={choice.udid}
              disabled={!choosing || choice.disabledBecause !== undefined}
              checked={!choice.disabledBecause && selected.has(choice.udid)}
              onChange={(event) => toggle(choice.udid, event.target.checked)}
            />
            <span className="clone-device-label">{choice.label}</span>
            {choice.disabledBecause && (
              <span className="muted clone-device-reason">({choice.disabledBecause})</span>
            )}
          </label>
        ))}
      </div>
      <label className="checkbox">
        <input type="radio" name={`${id}-mode`} checked={mode === 'every'} aria-describedby={`${id}-every`} onChange={() => onMode('every')} />
        Every device that gets connected
      </label>
      <p id={`${id}-every`} className="option-hint muted">
        The devices connected now and each one connected later, until you stop (never the golden backup’s own device). Devices that do not trust
        this computer yet ask for Trust by themselves.
      </p>
    </fieldset>
  );
}
