/**
 * The backup password dialogs: set one (turn encryption on), give it (turn encryption off), change it.
 * What is typed lives only in this component and is cleared as soon as it is sent; a wrong password
 * keeps the dialog open, shakes it and says so.
 */
import { LoaderCircle } from 'lucide-react';
import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { ErrorPayload } from '../../../shared/errors.ts';
import { useStore } from '../../store/index.ts';
import { jobEnd } from '../../store/job-end.ts';
import { ModalDialog } from '../modal-dialog.tsx';
import { promptWords } from './device-words.ts';
import { ErrorNotice } from './error-notice.tsx';
import { PasswordInputRow } from './password-input-row.tsx';
import { encryptionChange, FIELDS, NO_PASSWORDS, passwordProblem, type PasswordField, type PasswordMode } from './password-rules.ts';

/** Props of {@link PasswordDialog}. */
export interface PasswordDialogProps {
  udid: string;
  noun: string;
  mode: PasswordMode;
  /** Why the dialog opened by itself, e.g. a profile requires encryption before a backup. */
  reason?: ReactNode;
  /** The submit button's words when they differ from the mode's (e.g. "Set Password and Back Up"). */
  submitLabel?: string;
  onClose(): void;
  /** The change took effect. */
  onDone(): void;
}

const TITLES: Record<PasswordMode, string> = {
  on: 'Encrypt local backups',
  off: 'Turn off backup encryption',
  change: 'Change backup password',
};

const SUBMIT: Record<PasswordMode, string> = { on: 'Set Password', off: 'Turn Off Encryption', change: 'Change Password' };

const WORKING: Record<PasswordMode, string> = {
  on: 'Turning on encryption…',
  off: 'Turning off encryption…',
  change: 'Changing the password…',
};

const LABELS: Record<PasswordMode, Record<PasswordField, string>> = {
  on: { oldPassword: '', newPassword: 'Password', verify: 'Verify password' },
  off: { oldPassword: 'Password', newPassword: '', verify: '' },
  change: { oldPassword: 'Current password', newPassword: 'New password', verify: 'Verify new password' },
};

function explanation(mode: PasswordMode, noun: string): ReactNode {
  switch (mode) {
    case 'on':
      return (
        <>
          <p>Encrypted backups also keep saved passwords, Wi‑Fi settings, website history and Health data.</p>
          <p>You need this password to restore the backup. It cannot be recovered: without it the backup cannot be restored.</p>
        </>
      );
    case 'off':
      return <p>Enter the backup password of this {noun}. Later backups will leave out saved passwords, Wi‑Fi settings, website history and Health data.</p>;
    case 'change':
      return <p>Enter the current backup password, then the new one twice. The new password cannot be recovered either.</p>;
  }
}

/** A dialog asking for backup passwords and running the change. */
export function PasswordDialog({ udid, noun, mode, reason, submitLabel, onClose, onDone }: PasswordDialogProps) {
  const changeEncryption = useStore((state) => state.changeEncryption);
  const cancelJob = useStore((state) => state.cancelJob);
  const [fields, setFields] = useState(NO_PASSWORDS);
  // Offered only where the OS keychain can seal it (the desktop app), and only when a new password is set.
  const canRemember = useStore((state) => state.settings?.canRememberPasswords === true) && mode !== 'off';
  const [remember, setRemember] = useState(false);
  const [problem, setProblem] = useState<{ field: PasswordField; message: string }>();
  const [error, setError] = useState<ErrorPayload>();
  const [jobId, setJobId] = useState<string>();
  // From the click until the job ends: a second click must not send again.
  const [sending, setSending] = useState(false);
  const [shake, setShake] = useState(0);
  const job = useStore((state) => (jobId ? state.jobs[jobId] : undefined));
  const inputs = useRef(new Map<PasswordField, HTMLInputElement>());
  // Closed while the device worked: how the job ended no longer concerns this dialog.
  const closed = useRef(false);
  const ids = useId();
  const working = sending || jobId !== undefined;
  const prompt = promptWords(job, noun);

  const refuse = (field: PasswordField, message: string) => {
    setProblem({ field, message });
    setShake((count) => count + 1);
    inputs.current.get(field)?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (working) return;
    const invalid = passwordProblem(mode, fields);
    if (invalid) return refuse(invalid.field, invalid.message);
    const request = encryptionChange(udid, mode, fields, canRemember ? remember : undefined);
    setFields(NO_PASSWORDS);
    setProblem(undefined);
    setError(undefined);
    setSending(true);
    const started = await changeEncryption(request);
    if (started.error) {
      setSending(false);
      return setError(started.error);
    }
    setJobId(started.jobId);
    const ended = await jobEnd(started.jobId);
    if (closed.current) return;
    setJobId(undefined);
    setSending(false);
    if (ended.state === 'done') return onDone();
    if (ended.error?.code === 'WRONG_PASSWORD') return refuse('oldPassword', ended.error.message);
    if (ended.error) setError(ended.error);
    inputs.current.get(FIELDS[mode][0]!)?.focus();
  };

  const close = () => {
    // Closing while the device works cancels the change; the engine leaves encryption as it was.
    closed.current = true;
    if (jobId) void cancelJob(jobId);
    onClose();
  };

  return (
    <ModalDialog
      title={TITLES[mode]}
      description={
        <>
          {reason && <p className="modal-reason">{reason}</p>}
          {explanation(mode, noun)}
        </>
      }
      onClose={close}
      shake={shake}
    >
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div className="modal-fields">
          {FIELDS[mode].map((field) => {
            const invalid = problem?.field === field;
            return (
              <PasswordInputRow
                key={field}
                id={`${ids}-${field}`}
                label={LABELS[mode][field]}
                value={fields[field]}
                autoComplete={field === 'oldPassword' ? 'current-password' : 'new-password'}
                problem={invalid ? problem.message : undefined}
                readOnly={working}
                inputRef={(element) => {
                  if (element) inputs.current.set(field, element);
                  else inputs.current.delete(field);
                }}
                onChange={(value) => {
                  setFields((current) => ({ ...current, [field]: value }));
                  if (invalid) setProblem(undefined);
                }}
              />
            );
          })}
        </div>
        {canRemember && (
          <label className="modal-remember">
            <input type="checkbox" checked={remember} disabled={working} onChange={(event) => setRemember(event.target.checked)} />
            Remember this password in the keychain of this computer
          </label>
        )}
        {working && (
          <p className="modal-busy" role="status">
            <LoaderCircle className="spinner" size={16} aria-hidden="true" />
            {prompt ?? WORKING[mode]}
          </p>
        )}
        {error && <ErrorNotice error={error} />}
        <div className="modal-actions">
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="button primary" aria-disabled={working}>
            {submitLabel ?? SUBMIT[mode]}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
