/**
 * Restore slice: whether the restore wizard is open (and what it was opened on), the pre-flight and the
 * restore job. A password only passes through to the engine: the wizard holds it, never the store.
 */
import type { StateCreator } from 'zustand';
import type { RequestOf } from '../../shared/ipc/contract.ts';
import type { Result } from '../../shared/ipc/result.ts';
import type { RestorePreflight } from '../../shared/restore.ts';
import { invoke } from '../services/api.ts';
import type { JobStart } from './backup-slice.ts';
import type { StoreState } from './index.ts';
import { reduceJobEvent } from './jobs-reducer.ts';

/** What the wizard opens on: a backup ("Restore to…" on a backup), a device ("Restore Backup…"), or both. */
export interface RestoreWizardStart {
  backupId?: string;
  udid?: string;
}

/** State and actions of the restore slice. */
export interface RestoreSlice {
  /** Set while the wizard is open. */
  restoreWizard?: RestoreWizardStart;
  openRestoreWizard(start: RestoreWizardStart): void;
  closeRestoreWizard(): void;
  /** Runs every check of restoring `backupId` onto `udid` (nothing is sent to the device). */
  preflightRestore(request: RequestOf<'restore:preflight'>): Promise<Result<RestorePreflight>>;
  /** Starts the restore as a job. */
  startRestore(request: RequestOf<'restore:start'>): Promise<JobStart>;
}

/** Creates the restore slice. */
export const createRestoreSlice: StateCreator<StoreState, [], [], RestoreSlice> = (set) => ({
  openRestoreWizard: (start) => set({ restoreWizard: { ...start } }),
  closeRestoreWizard: () => set({ restoreWizard: undefined }),
  preflightRestore: (request) => invoke('restore:preflight', request),
  async startRestore(request) {
    const result = await invoke('restore:start', request);
    if (!result.ok) return { error: result.error };
    const { jobId } = result.value;
    // The job's `queued` event usually came first; recording it here covers a missed one.
    set((state) => ({ jobs: reduceJobEvent(state.jobs, { jobId, type: 'queued', kind: 'restore', udid: request.udid }) }));
    return { jobId };
  },
});
