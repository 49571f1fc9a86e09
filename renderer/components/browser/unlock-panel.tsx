/**
 * The locked state of an encrypted backup: an inline password field, "Remember in Keychain" where the OS
 * keychain can keep it, and Unlock. The key derivation takes seconds on real backups, so the panel says
 * so while it runs. A wrong password shakes the field and says so. What is typed lives only in this
 * component and is cleared as soon as it is sent.
 */
import { LoaderCircle, Lock } from 'lucide-react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ErrorPayload } from '../../../shared/errors.ts';
import { useStore } from '../../store/index.ts';
import { ErrorNotice } from '../device/error-notice.tsx';
import { shake } from '../shake.ts';

/** Props of {@link UnlockPanel}. */
export interface UnlockPanelProps {
  deviceName: string;
}

/** Asks for the backup's password and unlocks it. */
export function UnlockPanel({ deviceName }: UnlockPanelProps) {
  const unlock = useStore((state) => state.unlockBackup);
  const canRemember = useStore((state) => state.settings?.canRememberPasswords === true);
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(false);
  const [busy, setBusy] = useState(false);
  const [wrong, setWrong] = useState(false);
  const [error, setError] = useState<ErrorPayload>();
  const field = useRef<HTMLInputElement>(null);
  const ids = useId();
  // The field is disabled while unlocking: it takes the focus back once it can (and when the panel shows).
  useEffect(() => {
    if (!busy) field.current?.focus();
  }, [busy]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || !password) return;
    const typed = password;
    setPassword('');
    setBusy(true);
    setWrong(false);
    setError(undefined);
    const failed = await unlock(typed, canRemember ? remember : undefined);
    // Unlocked: this panel is gone, there is nothing left to update.
    if (!failed) return;
    setBusy(false);
    if (failed.code === 'WRONG_PASSWORD') {
      setWrong(true);
      shake(field.current);
    } else setError(failed);
  };

  return (
    <section className="unlock-panel" aria-labelledby={`${ids}-title`}>
      <Lock size={32} aria-hidden="true" className="unlock-icon" />
      <h2 id={`${ids}-title`}>This backup is encrypted</h2>
      <p className="muted">Enter the password that was set for encrypted backups of {deviceName} to see what this backup holds.</p>
      <form className="unlock-form" onSubmit={(event) => void submit(event)}>
        <label htmlFor={`${ids}-password`}>Backup password</label>
        <input
          ref={field}
          id={`${ids}-password`}
          className="text-input"
          type="password"
          autoComplete="off"
          value={password}
          disabled={busy}
          aria-invalid={wrong}
          aria-describedby={wrong ? `${ids}-wrong` : undefined}
          onChange={(event) => {
            setPassword(event.target.value);
            setWrong(false);
          }}
        />
        <button type="submit" className="button primary" disabled={busy || !password}>
          Unlock
        </button>
        {canRemember && (
          <label className="unlock-remember">
            <input type="checkbox" checked={remember} disabled={busy} onChange={(event) => setRemember(event.target.checked)} />
            Remember in Keychain
          </label>
        )}
      </form>
      {wrong && (
        <p id={`${ids}-wrong`} className="field-problem" role="alert">
          That password is not right for this backup.
        </p>
      )}
      {busy && (
        <p className="unlock-busy" role="status">
          <LoaderCircle size={14} className="spinner" aria-hidden="true" />
          Unlocking… this takes a few seconds
        </p>
      )}
      {error && <ErrorNotice error={error} />}
    </section>
  );
}
