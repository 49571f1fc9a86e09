/**
 * An error in the person's words, with its code in a "Details" disclosure (UI.md: never a bare code).
 */
import type { ReactNode } from 'react';
import type { ErrorPayload } from '../../../shared/errors.ts';

/** Props of {@link ErrorNotice}. */
export interface ErrorNoticeProps {
  error: ErrorPayload;
  /** An action that can fix it (e.g. Try Again). */
  children?: ReactNode;
}

/** Shows what went wrong and what to do. */
export function ErrorNotice({ error, children }: ErrorNoticeProps) {
  return (
    <div className="notice" role="alert">
      <p>{error.message}</p>
      <details>
        <summary>Details</summary>
        <p>
          <code>{error.code}</code>
        </p>
        {error.details !== undefined && (
          <pre className="error-details">{typeof error.details === 'string' ? error.details : JSON.stringify(error.details, null, 2)}</pre>
        )}
      </details>
      {children && <div className="notice-actions">{children}</div>}
    </div>
  );
}
