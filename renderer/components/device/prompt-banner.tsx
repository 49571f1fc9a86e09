/**
 * The banner for what a running job waits for on the device ("Enter the passcode on the iPhone to start
 * the backup"), above the tabs so it shows whichever tab is open. Pairing has its own walkthrough.
 */
import { Smartphone } from 'lucide-react';
import { useStore } from '../../store/index.ts';
import { activeJob } from '../../store/jobs-reducer.ts';
import { promptWords } from './device-words.ts';

/** Props of {@link PromptBanner}. */
export interface PromptBannerProps {
  udid: string;
  noun: string;
}

/** A live region that holds the device's prompt while there is one. */
export function PromptBanner({ udid, noun }: PromptBannerProps) {
  const job = useStore((state) => activeJob(state.jobs, udid));
  const words = job?.kind === 'pair' ? undefined : promptWords(job, noun);
  return (
    <div role="status" className="prompt-region">
      {words && (
        <p className="prompt-banner">
          <Smartphone size={16} aria-hidden="true" />
          {words}
        </p>
      )}
    </div>
  );
}
