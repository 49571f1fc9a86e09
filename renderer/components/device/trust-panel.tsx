/**
 * The Trust walkthrough: why the device must trust this computer, the Pair button, then the words of the
 * prompt the device shows ("Tap Trust on the iPhone, then enter its passcode") until pairing ends.
 */
import { LoaderCircle, ShieldCheck, ShieldQuestionMark } from 'lucide-react';
import { useState } from 'react';
import type { ErrorPayload } from '../../../shared/errors.ts';
import { useStore } from '../../store/index.ts';
import { isFinished, latestJob } from '../../store/jobs-reducer.ts';
import { promptWords } from './device-words.ts';
import { ErrorNotice } from './error-notice.tsx';

/** Props of {@link TrustPanel}. */
export interface TrustPanelProps {
  udid: string;
  noun: string;
}

/** Walks the person through pairing. */
export function TrustPanel({ udid, noun }: TrustPanelProps) {
  const job = useStore((state) => latestJob(state.jobs, udid, 'pair'));
  const pairDevice = useStore((state) => state.pairDevice);
  const cancelJob = useStore((state) => state.cancelJob);
  // The list still says "Trust needed" until the engine has re-read the device after pairing; once it
  // has spoken and still says so, the pairing did not take and the walkthrough starts over.
  const awaitingList = useStore((state) => job !== undefined && state.jobsDoneAtRevision[job.jobId] === state.devicesRevision);
  const [startError, setStartError] = useState<ErrorPayload>();
  const [starting, setStarting] = useState(false);

  const pair = async () => {
    setStarting(true);
    setStartError(await pairDevice(udid));
    setStarting(false);
  };

  if (job?.state === 'done' && awaitingList) {
    return (
      <section className="trust-panel" aria-labelledby="trust-title">
        <ShieldCheck className="trust-icon" size={40} aria-hidden="true" />
        <h2 id="trust-title">This computer is trusted</h2>
        <p role="status">Reading the {noun}…</p>
      </section>
    );
  }

  if (job && !isFinished(job)) {
    const words = promptWords(job, noun);
    return (
      <section className="trust-panel" aria-labelledby="trust-title">
        <ShieldQuestionMark className="trust-icon" size={40} aria-hidden="true" />
        <h2 id="trust-title">Trust this computer</h2>
        <p className="trust-prompt" role="status">
          <LoaderCircle className="spinner" size={16} aria-hidden="true" />
          {words ?? `Asking the ${noun} to trust this computer…`}
        </p>
        <p className="muted">Keep the {noun} connected and unlocked until it is done.</p>
        <div className="notice-actions">
          <button type="button" className="button" onClick={() => void cancelJob(job.jobId)}>
            Cancel Pairing
          </button>
        </div>
      </section>
    );
  }

  const error = startError ?? (job?.state === 'failed' ? job.error : undefined);
  return (
    <section className="trust-panel" aria-labelledby="trust-title">
      <ShieldQuestionMark className="trust-icon" size={40} aria-hidden="true" />
      <h2 id="trust-title">Trust this computer</h2>
      <p>
        To read and back up this {noun}, it must trust this computer. Unlock the {noun}, click Pair, then answer the
        question on its screen.
      </p>
      {error && <ErrorNotice error={error} />}
      <div className="notice-actions">
        <button type="button" className="button primary" disabled={starting} onClick={() => void pair()}>
          {error ? 'Try Again' : 'Pair'}
        </button>
      </div>
    </section>
  );
}
