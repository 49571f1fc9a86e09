/**
 * Waits for an engine job to end, polling jobs:list (so a job that ended before anyone listened is not missed).
 */
import type { JobInfo } from '../../shared/jobs.ts';
import type { Engine } from '../../electron/engine/api/handlers.ts';

/** The job's final info once it is done, failed or cancelled; throws after `timeoutMs`. */
export async function jobEnded(engine: Engine, jobId: string, timeoutMs = 120_000): Promise<JobInfo> {
  for (let waited = 0; waited < timeoutMs; waited += 25) {
    const info = engine.jobs.list().find((job) => job.jobId === jobId);
    if (info && info.state !== 'queued' && info.state !== 'running') return info;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`job ${jobId} did not end within ${timeoutMs} ms`);
}
