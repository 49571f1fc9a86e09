/**
 * A modal dialog on the native <dialog> (showModal makes the rest of the window inert): labelled by its
 * title, described by its explanation, Tab kept inside, Esc closes, and focus goes back to where it was.
 */
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { shake as shakeElement } from './shake.ts';
import './modal-dialog.css';

const FOCUSABLE = 'input:not([disabled]), button:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/** Props of {@link ModalDialog}. */
export interface ModalDialogProps {
  title: string;
  /** The explanation under the title; screen readers read it with the title. */
  description: ReactNode;
  /** Esc, or the dialog closed by the browser. */
  onClose(): void;
  /** Changing it shakes the dialog once ("that was wrong"); undefined or 0 never shakes. */
  shake?: number;
  /** A class beside `modal` (a wider sheet). */
  className?: string;
  children: ReactNode;
}

/** A modal sheet in the macOS manner. The first enabled field or button inside gets the focus. */
export function ModalDialog({ title, description, onClose, shake, className, children }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    if (!dialog.open) dialog.showModal();
    dialog.querySelector<HTMLElement>(FOCUSABLE)?.focus();
    // The browser may close the dialog itself (a second Esc without a click in between skips `cancel`).
    const closedByBrowser = () => onCloseRef.current();
    dialog.addEventListener('close', closedByBrowser);
    return () => {
      dialog.removeEventListener('close', closedByBrowser);
      dialog.close();
      opener?.focus();
    };
  }, []);

  useEffect(() => {
    if (shake) shakeElement(ref.current);
  }, [shake]);

  // showModal already keeps focus out of the window behind; this keeps Tab from leaving for the browser's own UI.
  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key !== 'Tab') return;
    const focusable = [...event.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = focusable[0];
    const last = focusable.at(-1);
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog
      ref={ref}
      className={className ? `modal ${className}` : 'modal'}
      role="dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onKeyDown={onKeyDown}
    >
      <h2 id={titleId} className="modal-title">
        {title}
      </h2>
      <div id={descriptionId} className="modal-description">
        {description}
      </div>
      {children}
    </dialog>
  );
}
