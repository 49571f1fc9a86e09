/**
 * A password field as a row of a form: its label, the field, and what is wrong with it under it (read
 * out at once). Used by the backup password dialogs, the restore wizard and the clone setup; what is
 * typed stays with the view that holds `value`.
 */
import type { Ref } from 'react';

/** Props of {@link PasswordInputRow}. */
export interface PasswordInputRowProps {
  id: string;
  label: string;
  value: string;
  autoComplete: 'current-password' | 'new-password' | 'off';
  /** What is wrong with the password, said under the field. */
  problem?: string;
  /** Read-only (not disabled) while the password is being checked, so the focus stays in the field. */
  readOnly: boolean;
  inputRef?: Ref<HTMLInputElement>;
  onChange(value: string): void;
}

/** The label, the field and its problem, as siblings for the surrounding layout (a grid or a column). */
export function PasswordInputRow({ id, label, value, autoComplete, problem, readOnly, inputRef, onChange }: PasswordInputRowProps) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        ref={inputRef}
        id={id}
        className="text-input"
        type="password"
        autoComplete={autoComplete}
        spellCheck={false}
        value={value}
        readOnly={readOnly}
        aria-invalid={problem !== undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onChange={(event) => onChange(event.currentTarget.value)}
      />
      {problem && (
        <p id={`${id}-problem`} className="field-problem" role="alert">
          {problem}
        </p>
      )}
    </>
  );
}
