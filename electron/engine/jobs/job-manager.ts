/**
 * Long-running work as jobs: an id at once, events on `jobs:event`, cancellation by AbortSignal, and one
 * job per device at a time (a per-device queue); jobs on different devices run in parallel.
 */
import { randomUUID } from 'node:crypto';
import { CradleError, toErrorPayload } from '../../../shared/errors.ts';
import type { JobEvent, JobInfo, JobKind, JobProgress, JobPrompt } from '../../../shared/jobs.ts';
import type { EventHub } from '../api/events.ts';

/** What a running job can do. */
export interface JobContext {
  readonly jobId: string;
  readonly signal: AbortSignal;
  phase(phase: string): void;
  progress(progress: JobProgress): void;
  /** Shows a device prompt as the job's state (not an error). */
  prompt(prompt: JobPrompt, message: string): void;
}

/** Runs jobs and reports them. */
export class JobManager {
  private readonly jobs = new Map<string, { info: JobInfo; controller: AbortController; finished: Promise<unknown> }>();
  private readonly deviceTails = new Map<string, Promise<unknown>>();

  constructor(private readonly events: EventHub) {}

  /**
   * Starts a job; returns its id and a promise of its result (rejects with a CradleError). A job on a device
   * (`udid`) waits for that device's earlier jobs; `backupOf` only names the device whose backup it reads.
   */
  start<T>(kind: JobKind, udid: string | undefined, run: (context: JobContext) => Promise<T>, options: { backupOf?: string } = {}): { jobId: string; result: Promise<T> } {
    const jobId = randomUUID();
    const controller = new AbortController();
    const backupOf = options.backupOf;
    const info: JobInfo = { jobId, kind, udid, ...(backupOf ? { backupOf } : {}), state: 'queued' };
    const emit = (event: JobEvent) => {
      info.last = event;
      this.events.emit('jobs:event', event);
    };
    emit({ jobId, type: 'queued', kind, ...(udid ? { udid } : {}), ...(backupOf ? { backupOf } : {}) });
    const context: JobContext = {
      jobId,
      signal: controller.signal,
      phase: (phase) => emit({ jobId, type: 'phase', phase }),
      progress: (progress) => emit({ jobId, type: 'progress', progress }),
      prompt: (prompt, message) => emit({ jobId, type: 'prompt', prompt, message }),
    };
    const previous = udid ? (this.deviceTails.get(udid) ?? Promise.resolve()) : Promise.resolve();
    const result = previous
      .catch(() => undefined)
      .then(async () => {
        if (controller.signal.aborted) throw new CradleError('CANCELLED', 'Cancelled.');
        info.state = 'running';
        return run(context);
      })
      .then(
        (value) => {
          info.state = 'done';
          const summary = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
          emit({ jobId, type: 'done', ...(summary ? { summary } : {}) });
          return value;
        },
        (error: unknown) => {
          const cancelled = controller.signal.aborted || (error instanceof CradleError && error.code === 'CANCELLED');
          info.state = cancelled ? 'cancelled' : 'failed';
          const message = error instanceof CradleError && error.code === 'CANCELLED' ? error.message : undefined;
          emit(cancelled ? { jobId, type: 'cancelled', ...(message ? { message } : {}) } : { jobId, type: 'failed', error: toErrorPayload(error) });
          throw cancelled ? new CradleError('CANCELLED', message ?? 'Cancelled.') : error;
        },
      );
    if (udid) this.deviceTails.set(udid, result.catch(() => undefined));
    this.jobs.set(jobId, { info, controller, finished: result.catch(() => undefined) });
    return { jobId, result };
  }

  /** Cancels a job (queued or running). */
  cancel(jobId: string): void {
    const job = this.jobs.get(jobId);
    if (!job) throw new CradleError('VALIDATION', 'There is no such job.', { jobId });
    job.controller.abort();
  }

  /** Whether a device has a job queued or running. */
  isBusy(udid: string): boolean {
    return [...this.jobs.values()].some((job) => job.info.udid === udid && (job.info.state === 'queued' || job.info.state === 'running'));
  }

  /** Every job this session, newest last. */
  list(): JobInfo[] {
    return [...this.jobs.values()].map((job) => ({ ...job.info }));
  }

  /** Cancels everything and waits for the jobs to end. */
  async close(): Promise<void> {
    for (const job of this.jobs.values()) job.controller.abort();
    await Promise.all([...this.jobs.values()].map((job) => job.finished));
  }
}
