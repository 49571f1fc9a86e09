/**
 * Step 4: what will happen, the options, and the consequences: a checkbox the person must tick for each
 * serious one (managed devices), the others as notes.
 */
import { Info } from 'lucide-react';
import type { BackupSummary } from '../../../shared/library.ts';
import type { RestoreOptions, RestorePreflight, RestoreWarning } from '../../../shared/restore.ts';
import { formatBytes } from '../../../shared/format.ts';
import { leftoverWords } from '../../store/restore-steps.ts';
import { OptionsFields } from './options-fields.tsx';
import { backupSourceWords } from './restore-words.ts';

/** Props of {@link ReviewStep}. */
export interface ReviewStepProps {
  backup: BackupSummary;
  preflight: RestorePreflight;
  /** The target named beyond doubt (model and serial digits): two devices may share a name. */
  target: string;
  noun: string;
  options: RestoreOptions;
  onOptions(options: RestoreOptions): void;
  confirmed: ReadonlySet<RestoreWarning['id']>;
  onConfirm(id: RestoreWarning['id'], confirmed: boolean): void;
}

/** What the restore will do. */
export function ReviewStep({ backup, preflight, target, noun, options, onOptions, confirmed, onConfirm }: ReviewStepProps) {
  const serious = preflight.warnings.filter((warning) => warning.serious);
  const notes = preflight.warnings.filter((warning) => !warning.serious);
  return (
    <div className="review-step">
      <p className="review-what">
        The backup of {backupSourceWords(backup)} ({formatBytes(preflight.backupBytes)}) is restored onto{' '}
        <strong data-testid="restore-target">{target}</strong>.{' '}
        {leftoverWords(options.remove, `the ${noun}`)}
      </p>
      <OptionsFields options={options} onChange={onOptions} noun={noun} />
      {serious.length > 0 && (
        <fieldset className="review-confirm">
          <legend>Confirm before restoring</legend>
          {serious.map((warning) => (
            <label key={warning.id} className="confirm-warning">
              <input type="checkbox" checked={confirmed.has(warning.id)} onChange={(event) => onConfirm(warning.id, event.target.checked)} />
              <span>{warning.message}</span>
            </label>
          ))}
        </fieldset>
      )}
      <ul className="review-notes" aria-label="Good to know">
        {notes.map((warning) => (
          <li key={warning.id}>
            <Info size={14} aria-hidden="true" />
            <span>{warning.message}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
