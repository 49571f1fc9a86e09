/**
 * Step 3 (encrypted backups): the backup's password, checked on this computer against the backup's
 * keybag before anything is sent. A wrong one shakes the field and says so. The wizard holds what is typed.
 */
import { LoaderCircle } from 'lucide-react';
import { useEffect, useId, useRef, type FormEvent } from 'react';
import { shake } from '../shake.ts';
import { PasswordInputRow } from '../device/password-input-row.tsx';

/** Props of {@link PasswordStep}. */
export interface PasswordStepProps {
  password: string;
  onPassword(password: string): void;
  /** Checks the password (the pre-flight with it) and goes on when it is right. */
  onSubmit(): void;
  /** The form's id, for the wizard's Continue button. */
  formId: string;
  checking: boolean;
  /** The last password checked was wrong. */
  wrong: boolean;
  /** Counts wrong answers, so each one shakes the field. */
  wrongCount: number;
  deviceName: string;
}

/** The password field. */
export function PasswordStep({ password, onPassword, onSubmit, formId, checking, wrong, wrongCount, deviceName }: PasswordStepProps) {
  const id = useId();
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!checking) field.current?.focus();
  }, [checking]);
  useEffect(() => {
    if (wrongCount > 0) shake(field.current);
  }, [wrongCount]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password && !checking) onSubmit();
  };

  return (
    <form id={formId} className="password-step" onSubmit={submit}>
      <p>This backup is encrypted. Enter the password that was set for encrypted backups of {deviceName}.</p>
      <div className="password-row">
        <PasswordInputRow
          id={`${id}-password`}
          label="Backup password"
          value={password}
          autoComplete="off"
          onChange={onPassword}
          readOnly={checking}
          problem={wrong ? 'That password is not right for this backup.' : undefined}
          inputRef={field}
        />
      </div>
      {checking && (
        <p className="modal-busy" role="status">
          <LoaderCircle size={14} className="spinner" aria-hidden="true" /> Checking the password… this takes a few seconds
        </p>
      )}
    </form>
  );
}
