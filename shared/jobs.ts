import type { ErrorPayload } from './errors.ts';

/**
 * Long-running work: every job reports on `jobs:event` with this tagged union.
 */

/** What kind of work a job does. */
export type JobKind = 'backup' | 'restore' | 'clone' | 'encryption' | 'pair' | 'export' | 'verify';

/** Progress of a job; `fraction` is smoothed, `etaSeconds` derived from bytes. */
export interface JobProgress {
  bytesDone: number;
  bytesTotal?: number;
  filesDone: number;
  filesTotal?: number;
  fraction?: number;
  bytesPerSecond?: number;
  etaSeconds?: number;
  currentFile?: string;
}

/** A device prompt shown as a job state, not as an error. */
export type JobPrompt = 'trust' | 'passcode' | 'find-my' | 'local-authentication';

/** One event of one job. */
export type JobEvent =
  | { jobId: string; type: 'queued'; kind: JobKind; udid?: string; backupOf?: string }
  | { jobId: string; type: 'phase'; phase: string }
  | { jobId: string; type: 'progress'; progress: JobProgress }
  | { jobId: string; type: 'prompt'; prompt: JobPrompt; message: string }
  | { jobId: string; type: 'done'; summary?: Record<string, unknown> }
  | { jobId: string; type: 'failed'; error: ErrorPayload }
  | { jobId: string; type: 'cancelled'; message?: string };

/** A job as `jobs:list` reports it (a reloaded window catches up from this). */
export interface JobInfo {
  jobId: string;
  kind: JobKind;
  udid?: string;
  /**
   * The device whose backup the job reads (a verify, an export), for the job's title ("Backup of Anna’s
   * iPhone verified"). Unlike `udid`, it does not make the job wait for that device's jobs.
   */
  backupOf?: string;
  state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  last?: JobEvent;
}
