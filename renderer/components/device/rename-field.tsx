/**
 * The device's name, renamed in place as in Finder: click it, type, Enter saves, Esc cancels.
 */
import { useEffect, useId, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import type { ErrorPayload } from '../../../shared/errors.ts';

/** The longest name a device takes (lockdown's DeviceName; the IPC contract checks the same). */
export const MAX_NAME_LENGTH = 64;

/** Props of {@link RenameField}. */
export interface RenameFieldProps {
  name: string;
  /** "iPhone" or "iPad", for the labels. */
  noun: string;
  /** Saves the new name; resolves with the error when the device refused it. */
  onRename(name: string): Promise<ErrorPayload | undefined>;
}

/** Why a name cannot be used, or undefined when it can. */
export function nameProblem(name: string): string | undefined {
  const length = name.trim().length;
  if (length === 0) return 'Enter a name.';
  if (length > MAX_NAME_LENGTH) return `Use at most ${MAX_NAME_LENGTH} characters (this name has ${length}).`;
  return undefined;
}

/** A heading that turns into a text field when clicked. */
export function RenameField({ name, noun, onRename }: RenameFieldProps) {
  const [draft, setDraft] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const [saving, setSaving] = useState(false);
  // Enter's save and the blur it causes must not save twice.
  const savingRef = useRef(false);
  const problemId = useId();
  const trigger = useRef<HTMLButtonElement>(null);
  // After Enter or Esc the keyboard returns to the name; after a click elsewhere focus stays there.
  const refocus = useRef(false);

  useEffect(() => {
    if (draft !== undefined || !refocus.current) return;
    refocus.current = false;
    trigger.current?.focus();
  }, [draft]);

  const cancel = () => {
    setDraft(undefined);
    setProblem(undefined);
  };

  const save = async (value: string) => {
    const trimmed = value.trim();
    if (trimmed === name) return cancel();
    const invalid = nameProblem(trimmed);
    if (invalid) return setProblem(invalid);
    savingRef.current = true;
    setSaving(true);
    const error = await onRename(trimmed);
    savingRef.current = false;
    setSaving(false);
    if (error) setProblem(error.message);
    else cancel();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      refocus.current = true;
      void save(event.currentTarget.value);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      refocus.current = true;
      cancel();
    }
  };

  // Clicking away keeps a good name, as Finder does, and drops one that cannot be used.
  const onBlur = (event: FocusEvent<HTMLInputElement>) => {
    if (savingRef.current) return;
    refocus.current = false;
    if (problem || nameProblem(event.currentTarget.value)) cancel();
    else void save(event.currentTarget.value);
  };

  if (draft === undefined) {
    return (
      <h1 className="device-name">
        <button ref={trigger} type="button" className="rename-trigger" title={`Click to rename this ${noun}`} onClick={() => setDraft(name)}>
          {name}
        </button>
      </h1>
    );
  }

  return (
    <div className="rename-field">
      <input
        className="rename-input"
        aria-label={`Name of this ${noun}`}
        aria-invalid={problem !== undefined}
        aria-describedby={problem ? problemId : undefined}
        value={draft}
        readOnly={saving}
        autoFocus
        onFocus={(event) => event.currentTarget.select()}
        onChange={(event) => {
          setDraft(event.currentTarget.value);
          setProblem(undefined);
        }}
        onKeyDown={onKeyDown}
        onBlur={onBlur}
      />
      {problem && (
        <p id={problemId} className="field-problem" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
