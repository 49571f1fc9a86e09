/**
 * "Encrypt local backup": a checkbox that opens the password dialogs instead of flipping by itself, and
 * Change Password…. Locked on, with the reason, when a profile requires encryption.
 */
import { Lock } from 'lucide-react';
import { useId } from 'react';
import type { PasswordMode } from './password-rules.ts';

/** Props of {@link EncryptionControl}. */
export interface EncryptionControlProps {
  noun: string;
  encrypted: boolean;
  /** A configuration profile requires encrypted backups. */
  required: boolean;
  /** A job runs on the device: nothing can change now. */
  busy: boolean;
  /** Asks for the dialog: on (set a password), off (give it), change. */
  onRequest(mode: PasswordMode): void;
}

/** The encryption checkbox and Change Password…. */
export function EncryptionControl({ noun, encrypted, required, busy, onRequest }: EncryptionControlProps) {
  const noteId = useId();
  const locked = required && encrypted;
  return (
    <div className="encryption-control">
      <div className="encryption-row">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={encrypted}
            disabled={busy || locked}
            aria-describedby={noteId}
            // The box shows the device's state; it changes only once the password dialog succeeds.
            onChange={() => onRequest(encrypted ? 'off' : 'on')}
          />
          Encrypt local backup
        </label>
        <button type="button" className="button" disabled={busy || !encrypted} onClick={() => onRequest('change')}>
          Change Password…
        </button>
      </div>
      <p id={noteId} className="fact-note encryption-note">
        {required ? (
          <>
            <Lock size={12} aria-hidden="true" /> Required by a profile on this {noun}
          </>
        ) : (
          'Encrypted backups also keep saved passwords, Wi‑Fi settings, website history and Health data.'
        )}
      </p>
    </div>
  );
}
