/**
 * The restore options as people understand them (the wizard's Review step and the clone's setup): each a
 * checkbox with a line on what it does.
 */
import { useId } from 'react';
import type { RestoreOptions } from '../../../shared/restore.ts';
import './restore-review.css';

const OPTIONS: ReadonlyArray<{ key: keyof RestoreOptions; label: string; hint: (noun: string) => string }> = [
  { key: 'settings', label: 'Restore settings', hint: (noun) => `The backup’s settings replace the ${noun}’s own.` },
  { key: 'system', label: 'Restore system files', hint: () => 'Also the system’s own data kept in the backup, not only apps’ and yours.' },
  { key: 'remove', label: 'Remove items not in the backup', hint: (noun) => `What is on the ${noun} but not in the backup is deleted.` },
  { key: 'reboot', label: 'Restart when done', hint: (noun) => `The ${noun} restarts to finish the restore.` },
];

/** Props of {@link OptionsFields}. */
export interface OptionsFieldsProps {
  options: RestoreOptions;
  onChange(options: RestoreOptions): void;
  /** "iPhone", or "device" where many are restored at once. */
  noun: string;
  disabled?: boolean;
}

/** The four options as checkboxes in a fieldset. */
export function OptionsFields({ options, onChange, noun, disabled }: OptionsFieldsProps) {
  const id = useId();
  return (
    <fieldset className="restore-options" disabled={disabled}>
      <legend>Options</legend>
      {OPTIONS.map(({ key, label, hint }) => (
        <div key={key} className="restore-option">
          <label className="checkbox">
            <input type="checkbox" checked={options[key]} aria-describedby={`${id}-${key}`} onChange={(event) => onChange({ ...options, [key]: event.target.checked })} />
            {label}
          </label>
          <p id={`${id}-${key}`} className="option-hint muted">
            {hint(noun)}
          </p>
        </div>
      ))}
    </fieldset>
  );
}
