/**
 * The clone's setup: the golden backup (with "Review what it carries…"), its password when it is
 * encrypted, the naming pattern, how many devices at once, the options, the devices, the confirmation of
 * what cloning does, and Start. It opens with the last clone's settings (the engine keeps them, never the
 * password). What is typed lives here only: the password goes to the engine with Start and is dropped.
 */
import { LoaderCircle } from 'lucide-react';
import { useCallback, useId, useRef, useState } from 'react';
import type { ErrorPayload } from '../../../shared/errors.ts';
import type { RestoreOptions } from '../../../shared/restore.ts';
import { useStore } from '../../store/index.ts';
import { leftoverWords } from '../../store/restore-steps.ts';
import { GoldenReviewDialog } from '../browser/golden-review-dialog.tsx';
import { ErrorNotice } from '../device/error-notice.tsx';
import { PasswordInputRow } from '../device/password-input-row.tsx';
import { OptionsFields } from '../restore/options-fields.tsx';
import { backupWords } from '../restore/restore-words.ts';
import { shake } from '../shake.ts';
import { chosenTargets, concurrencyChoices, setupStart, targetChoices, type TargetMode } from './clone-choices.ts';
import { CloneTargets } from './clone-targets.tsx';

/** Props of {@link CloneSetup}. */
export interface CloneSetupProps {
  /** The clone started: the setup folds away. */
  onStarted(): void;
  /** Folds the setup away without starting (offered when there is a clone to go back to). */
  onCancel?(): void;
}

/** The clone's settings and its Start. */
export function CloneSetup({ onStarted, onCancel }: CloneSetupProps) {
  const backups = useStore((state) => state.backups);
  const devices = useStore((state) => state.devices);
  const startClone = useStore((state) => state.startClone);
  const unlockGolden = useStore((state) => state.unlockGolden);
  const closeGolden = useStore((state) => state.closeGolden);
  // Read once: what the setup opens with; what the person changes afterwards is theirs.
  const [initial] = useState(() => setupStart(useStore.getState().settings?.lastClone));
  const id = useId();
  const passwordField = useRef<HTMLInputElement>(null);
  const complete = backups?.filter((backup) => backup.complete) ?? [];
  const [chosen, setChosen] = useState(initial.backupId);
  const [password, setPassword] = useState('');
  const [passwordProblem, setPasswordProblem] = useState<string>();
  const [pattern, setPattern] = useState(initial.pattern);
  const [concurrency, setConcurrency] = useState(initial.concurrency);
  const [options, setOptions] = useState<RestoreOptions>(initial.options);
  const [mode, setMode] = useState<TargetMode>(initial.mode);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [confirmed, setConfirmed] = useState(false);
  const [working, setWorking] = useState<'review' | 'start'>();
  const [reviewing, setReviewing] = useState(false);
  const [error, setError] = useState<ErrorPayload>();
  const golden = complete.find((backup) => backup.id === chosen) ?? complete[0];
  const choices = targetChoices(devices, golden?.udid);
  const targets = mode === 'every' ? [] : chosenTargets(choices, selected);
  const canStart = !working && golden !== undefined && (!golden.encrypted || password !== '') && confirmed && (mode === 'every' || targets.length > 0);

  /** Checks an encrypted golden backup's password on this computer; false (and says why) when it is not right. */
  const passwordRight = async (): Promise<boolean> => {
    if (!golden?.encrypted) return true;
    if (!password) {
      setPasswordProblem('Enter the backup password first.');
      passwordField.current?.focus();
      return false;
    }
    const failed = await unlockGolden(golden.id, password);
    if (!failed) return true;
    if (failed.code === 'WRONG_PASSWORD') {
      setPasswordProblem('That password is not right for this backup.');
      shake(passwordField.current);
    } else setError(failed);
    return false;
  };

  const review = async () => {
    setError(undefined);
    setWorking('review');
    const right = await passwordRight();
    setWorking(undefined);
    if (right) setReviewing(true);
  };

  const start = async () => {
    if (!golden) return;
    setError(undefined);
    setWorking('start');
    const right = await passwordRight();
    if (golden.encrypted) await closeGolden(golden.id);
    const failed = right
      ? await startClone({
          backupId: golden.id,
          udids: targets,
          watch: mode === 'every',
          concurrency,
          ...(pattern.trim() ? { namePattern: pattern.trim() } : {}),
          options,
          ...(golden.encrypted ? { password } : {}),
          confirmed,
        })
      : undefined;
    setWorking(undefined);
    if (failed) setError(failed);
    // The engine has the password for this clone's devices (retries too); the setup and its password go.
    else if (right) onStarted();
  };

  return (
    <section className="clone-setup" aria-label="Clone settings">
      <fieldset className="clone-fields">
        <div className="clone-column">
          <div className="clone-field">
            <label htmlFor={`${id}-golden`}>Golden backup</label>
            <select id={`${id}-golden`} className="text-input" value={golden?.id ?? ''} onChange={(event) => setChosen(event.target.value)}>
                {complete.length === 0 && <option value="">No complete backups yet</option>}
                {complete.map((backup) => {
                  const words = backupWords(backup);
                  return (
                    <option key={backup.id} value={backup.id}>
                      {`${words.name} · ${words.detail}${backup.encrypted ? ' · encrypted' : ''}`}
                    </option>
                  );
                })}
            </select>
            <button type="button" className="button clone-review" disabled={!golden || working !== undefined} onClick={() => void review()}>
              Review what it carries…
            </button>
          </div>
          {golden?.encrypted && (
            <div className="clone-field">
              <PasswordInputRow
                id={`${id}-password`}
                label="Backup password"
                value={password}
                autoComplete="off"
                readOnly={working !== undefined}
                onChange={(value) => {
                  setPassword(value);
                  setPasswordProblem(undefined);
                }}
                problem={passwordProblem}
                inputRef={passwordField}
              />
            </div>
          )}
          <div className="clone-field">
            <label htmlFor={`${id}-pattern`}>Name devices</label>
            <input id={`${id}-pattern`} className="text-input" placeholder="Loaner {n}" maxLength={64} value={pattern} aria-describedby={`${id}-pattern-help`} onChange={(event) => setPattern(event.target.value)} />
            <p id={`${id}-pattern-help`} className="option-hint muted">
              Optional. {'{n}'} counts 1, 2, 3… as devices finish restoring; {'{serial}'}, {'{udid}'} and {'{name}'} (the name before) are filled in too.
            </p>
          </div>
          <div className="clone-field">
            <label htmlFor={`${id}-concurrency`}>Devices at once</label>
            <select id={`${id}-concurrency`} className="text-input clone-concurrency" value={concurrency} onChange={(event) => setConcurrency(Number(event.target.value))}>
              {concurrencyChoices(concurrency).map((count) => (
                <option key={count} value={count}>
                  {count}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="clone-column">
          <CloneTargets choices={choices} mode={mode} onMode={setMode} selected={selected} onSelected={setSelected} />
        </div>
        <OptionsFields options={options} onChange={setOptions} noun="device" />
      </fieldset>
      <label className="checkbox clone-confirm">
        <input type="checkbox" checked={confirmed} onChange={(event) => setConfirmed(event.target.checked)} />
        <span>
          I understand: each device gets this backup’s content, settings and accounts. {leftoverWords(options.remove, 'each device')} A device restored from
          another device’s backup loses its management configuration and MDM enrollment; enroll it again afterwards.
        </span>
      </label>
      <div className="clone-actions">
        {working && (
          <span className="modal-busy" role="status">
            <LoaderCircle size={14} className="spinner" aria-hidden="true" /> {golden?.encrypted ? 'Checking the password…' : 'Starting…'}
          </span>
        )}
        {onCancel && (
          <button type="button" className="button" disabled={working !== undefined} onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="button" className="button primary" disabled={!canStart} onClick={() => void start()}>
          {mode === 'every' ? 'Start and Watch for New Devices' : 'Start'}
        </button>
      </div>
      {error && <ErrorNotice error={error} />}
      {reviewing && golden && (
        <GoldenReviewSheet
          id={golden.id}
          onClose={() => {
            setReviewing(false);
            void closeGolden(golden.id);
          }}
        />
      )}
    </section>
  );
}

/** "Review what it carries…" for the chosen golden backup (unlocked first when it is encrypted). */
function GoldenReviewSheet({ id, onClose }: { id: string; onClose(): void }) {
  const reviewGolden = useStore((state) => state.reviewGolden);
  const load = useCallback(() => reviewGolden(id), [reviewGolden, id]);
  return <GoldenReviewDialog load={load} onClose={onClose} />;
}
