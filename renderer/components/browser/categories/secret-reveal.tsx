/**
 * Keychain secrets on request, one at a time: a Reveal button per item; revealing another hides the one
 * shown; Hide hides it. The secret lives only in the view that asked (never in the store) and is gone
 * when the view goes.
 */
import { Eye, EyeOff } from 'lucide-react';
import { useState } from 'react';
import type { RevealedSecret } from '../../../../shared/categories.ts';
import type { ErrorPayload } from '../../../../shared/errors.ts';
import { useStore } from '../../../store/index.ts';

/** The one secret on show, if any. */
interface Shown {
  id: string;
  secret?: RevealedSecret;
  error?: ErrorPayload;
}

/** What a list of secrets shares: which one is on show, and the actions. */
export interface Reveal {
  shown?: Shown;
  reveal(id: string): void;
  hide(): void;
}

/** State of a list's one revealed secret. */
export function useReveal(): Reveal {
  const revealSecret = useStore((state) => state.revealSecret);
  const [shown, setShown] = useState<Shown>();
  return {
    shown,
    reveal(id) {
      setShown({ id });
      void revealSecret(id).then((result) => setShown((current) => (current?.id !== id ? current : result.ok ? { id, secret: result.value } : { id, error: result.error })));
    },
    hide: () => setShown(undefined),
  };
}

/** One item's secret: dots and Reveal, or the secret and Hide. */
export function SecretCell({ id, name, reveal }: { id: string; name: string; reveal: Reveal }) {
  const mine = reveal.shown?.id === id ? reveal.shown : undefined;
  return (
    <span className="secret-cell">
      {mine?.secret ? (
        <code className="secret-value" aria-label={`Password of ${name}`}>
          {mine.secret.value}
          {mine.secret.encoding === 'base64' && <span className="muted"> (binary, base64)</span>}
        </code>
      ) : mine?.error ? (
        <span className="field-problem">{mine.error.message}</span>
      ) : (
        <span className="secret-dots" aria-hidden="true">
          {mine ? '…' : '••••••••'}
        </span>
      )}
      {mine ? (
        <button type="button" className="link-button" aria-label={`Hide the password of ${name}`} onClick={reveal.hide}>
          <EyeOff size={12} aria-hidden="true" /> Hide
        </button>
      ) : (
        <button type="button" className="link-button" aria-label={`Reveal the password of ${name}`} onClick={() => reveal.reveal(id)}>
          <Eye size={12} aria-hidden="true" /> Reveal
        </button>
      )}
    </span>
  );
}
