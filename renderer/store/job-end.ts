/**
 * Waiting for a job to end, for a view that started it and acts on how it ended (a password dialog).
 */
import { useStore } from './index.ts';
import { isFinished, type JobView } from './jobs-reducer.ts';

/** Resolves with the job once it is done, failed or cancelled (as `jobs:event` or `jobs:list` tells). */
export function jobEnd(jobId: string): Promise<JobView> {
  return new Promise((resolve) => {
    const ended = (job: JobView | undefined): job is JobView => job !== undefined && isFinished(job);
    const unsubscribe = useStore.subscribe((state) => {
      const job = state.jobs[jobId];
      if (!ended(job)) return;
      unsubscribe();
      resolve(job);
    });
    const now = useStore.getState().jobs[jobId];
    if (ended(now)) {
      unsubscribe();
      resolve(now);
    }
  });
}
