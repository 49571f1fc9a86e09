/**
 * Jobs slice: every job of this engine session, kept current by `jobs:event` and caught up with
 * `jobs:list` on (re)connection.
 */
import type { StateCreator } from 'zustand';
import type { JobEvent, JobKind } from '../../shared/jobs.ts';
import { invoke } from '../services/api.ts';
import type { StoreState } from './index.ts';
import { jobsFromList, reduceJobEvent, type JobsState } from './jobs-reducer.ts';
import { markDeviceStale } from './summary-cache.ts';

const CHANGES_SUMMARY: ReadonlySet<JobKind | undefined> = new Set(['backup', 'encryption']);

/** State and actions of the jobs slice. */
export interface JobsSlice {
  jobs: JobsState;
  /** The device list's revision when each job ended here: what the list said may predate the job's effect. */
  jobsDoneAtRevision: Readonly<Record<string, number>>;
  applyJobEvent(event: JobEvent): void;
  loadJobs(): Promise<void>;
  cancelJob(jobId: string): Promise<void>;
}

/** Creates the jobs slice. */
export const createJobsSlice: StateCreator<StoreState, [], [], JobsSlice> = (set, get) => ({
  jobs: {},
  jobsDoneAtRevision: {},
  applyJobEvent: (event) => {
    set((state) => {
      const jobs = reduceJobEvent(state.jobs, event);
      if (event.type !== 'done') return { jobs };
      const job = jobs[event.jobId];
      return {
        jobs,
        jobsDoneAtRevision: { ...state.jobsDoneAtRevision, [event.jobId]: state.devicesRevision },
        // A backup moves the last-backup date and an encryption change the checkbox: read the device again.
        ...(job?.udid && CHANGES_SUMMARY.has(job.kind) ? { summaries: markDeviceStale(state.summaries, job.udid) } : {}),
      };
    });
    // A finished backup is a new library entry (the last-backup dates): read the library again once it was read.
    if (event.type === 'done' && get().jobs[event.jobId]?.kind === 'backup' && get().backups) void get().loadLibrary();
  },
  async loadJobs() {
    const result = await invoke('jobs:list', {});
    if (result.ok) set({ jobs: jobsFromList(result.value) });
  },
  async cancelJob(jobId) {
    // The job reports its end on jobs:event; a job that already ended has nothing to cancel.
    await invoke('jobs:cancel', { jobId });
  },
});
