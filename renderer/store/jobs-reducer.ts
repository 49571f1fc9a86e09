/**
 * The jobs the renderer knows of, folded from `jobs:event` by a pure reducer (testable in plain Node):
 * each job's state, phase, progress, the prompt it waits on and its error.
 */
import type { ErrorPayload } from '../../shared/errors.ts';
import type { JobEvent, JobInfo, JobKind, JobProgress, JobPrompt } from '../../shared/jobs.ts';

/** One job as the interface shows it. */
export interface JobView {
  jobId: string;
  /** Unknown until the `queued` event (or `jobs:list`) names it. */
  kind?: JobKind;
  udid?: string;
  /** The device whose backup the job reads (verify, export): named in its title. */
  backupOf?: string;
  state: JobInfo['state'];
  phase?: string;
  progress?: JobProgress;
  /** What the person must do on the device before the job goes on. */
  prompt?: { prompt: JobPrompt; message: string };
  error?: ErrorPayload;
  /** What a finished job reports (a backup's BackupResult, an encryption change's EncryptionStatus). */
  result?: Readonly<Record<string, unknown>>;
}

/** Every known job by id, in the order they were first seen (newest last). */
export type JobsState = Readonly<Record<string, JobView>>;

/** Whether a job has ended (done, failed or cancelled). */
export function isFinished(job: JobView): boolean {
  return job.state === 'done' || job.state === 'failed' || job.state === 'cancelled';
}

function update(job: JobView, event: Exclude<JobEvent, { type: 'queued' }>): JobView {
  // An answered prompt is over once the job moves on, so every later event clears it.
  const { prompt: _answered, ...rest } = job;
  switch (event.type) {
    case 'phase':
      return { ...rest, state: 'running', phase: event.phase };
    case 'progress':
      return { ...rest, state: 'running', progress: event.progress };
    case 'prompt':
      return { ...rest, state: 'running', prompt: { prompt: event.prompt, message: event.message } };
    case 'done':
      return { ...rest, state: 'done', ...(event.summary ? { result: event.summary } : {}) };
    case 'failed':
      return { ...rest, state: 'failed', error: event.error };
    case 'cancelled':
      return { ...rest, state: 'cancelled' };
  }
}

/** Applies one `jobs:event`; a job first seen mid-way (the window opened late) starts as running. */
export function reduceJobEvent(state: JobsState, event: JobEvent): JobsState {
  const known = state[event.jobId];
  if (event.type === 'queued') {
    const job: JobView = {
      ...known,
      jobId: event.jobId,
      kind: event.kind,
      ...(event.udid ? { udid: event.udid } : {}),
      ...(event.backupOf ? { backupOf: event.backupOf } : {}),
      state: known?.state ?? 'queued',
    };
    return { ...state, [event.jobId]: job };
  }
  const job = known ?? { jobId: event.jobId, state: 'running' };
  // A finished job stays as it ended: a late or repeated event must not bring it back.
  if (isFinished(job)) return state;
  return { ...state, [event.jobId]: update(job, event) };
}

/** The jobs of `jobs:list` (a reloaded or reconnected window catching up), replacing what was known. */
export function jobsFromList(list: readonly JobInfo[]): JobsState {
  const state: Record<string, JobView> = {};
  for (const info of list) {
    const base: JobView = { jobId: info.jobId, kind: info.kind, ...(info.udid ? { udid: info.udid } : {}), ...(info.backupOf ? { backupOf: info.backupOf } : {}), state: 'running' };
    const job = info.last && info.last.type !== 'queued' ? update(base, info.last) : base;
    state[info.jobId] = { ...job, state: info.state };
  }
  return state;
}

/** The newest job of a device, optionally of one kind. */
export function latestJob(state: JobsState, udid: string, kind?: JobKind): JobView | undefined {
  return Object.values(state).findLast((job) => job.udid === udid && (kind === undefined || job.kind === kind));
}

/** The job a device is busy with (queued or running), if any. */
export function activeJob(state: JobsState, udid: string): JobView | undefined {
  return Object.values(state).findLast((job) => job.udid === udid && !isFinished(job));
}
