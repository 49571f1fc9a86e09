/**
 * What the device page says when it cannot show the device's details: disconnected, locked, reading.
 */
import { LoaderCircle, Lock, Unplug } from 'lucide-react';
import { EmptyState } from '../empty-state.tsx';

/** The device left (cable pulled, device restarted). */
export function DisconnectedNotice({ name, noun }: { name: string; noun: string }) {
  return (
    <EmptyState icon={<Unplug size={48} />} title={`${name} is disconnected`}>
      <p>Reconnect the {noun} with a USB cable and unlock it; its page comes back by itself.</p>
    </EmptyState>
  );
}

/** The device is locked, so it will not answer until it is unlocked. */
export function LockedNotice({ noun, onRetry }: { noun: string; onRetry(): void }) {
  return (
    <section className="trust-panel" aria-labelledby="locked-title">
      <Lock className="trust-icon" size={40} aria-hidden="true" />
      <h2 id="locked-title">Unlock the {noun}</h2>
      <p>Enter the passcode on the {noun}, then click Try Again.</p>
      <div className="notice-actions">
        <button type="button" className="button primary" onClick={onRetry}>
          Try Again
        </button>
      </div>
    </section>
  );
}

/** The summary is on its way. */
export function ReadingNotice({ noun }: { noun: string }) {
  return (
    <p className="reading" role="status">
      <LoaderCircle className="spinner" size={16} aria-hidden="true" />
      Reading the {noun}…
    </p>
  );
}
