/**
 * Backup slice: starts backups and backup-encryption changes as engine jobs. Passwords pass straight
 * through to the engine; nothing here keeps them.
 */
import type { StateCreator } from 'zustand';
import type { ErrorPayload } from '../../shared/errors.ts';
import type { RequestOf } from '../../shared/ipc/contract.ts';
import type { JobKind } from '../../shared/jobs.ts';
import { invoke } from '../services/api.ts';
import type { StoreState } from './index.ts';
import { reduceJobEvent } from './jobs-reducer.ts';

/** What starting a job gave: its id, or why it could not start. */
export type JobStart = { jobId: string; error?: undefined } | { jobId?: undefined; error: ErrorPayload };

/** An encryption change as the `encryption:change` channel takes it. */
export type EncryptionChange = RequestOf<'encryption:change'>;

/** State and actions of the backup slice. */
export interface BackupSlice {
  /** "Back Up Now": starts a backup into the engine's backup folder. */
  startBackup(udid: string): Promise<JobStart>;
  /** Turns encryption on or off or changes its password; the job's end tells whether the password was right. */
  changeEncryption(change: EncryptionChange): Promise<JobStart>;
}

/** Creates the backup slice. */
export const createBackupSlice: StateCreator<StoreState, [], [], BackupSlice> = (set) => {
  // The job's `queued` event usually came first; recording it here covers a missed one.
  const record = (jobId: string, kind: JobKind, udid: string) =>
    set((state) => ({ jobs: reduceJobEvent(state.jobs, { jobId, type: 'queued', kind, udid }) }));

  return {
    async startBackup(udid) {
      const result = await invoke('backup:start', { udid });
      if (!result.ok) return { error: result.error };
      record(result.value.jobId, 'backup', udid);
      return { jobId: result.value.jobId };
    },
    async changeEncryption(change) {
      const result = await invoke('encryption:change', change);
      if (!result.ok) return { error: result.error };
      record(result.value.jobId, 'encryption', change.udid);
      return { jobId: result.value.jobId };
    },
  };
};
