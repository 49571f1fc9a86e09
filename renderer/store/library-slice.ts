/**
 * Library slice: the backups of every library location, and what can be done to one (verify, archive, delete
 * to the Trash, show in the file manager). Backups are named by id; the engine finds their folders.
 */
import type { StateCreator } from 'zustand';
import type { ErrorPayload } from '../../shared/errors.ts';
import type { BackupSummary } from '../../shared/library.ts';
import type { Result } from '../../shared/ipc/result.ts';
import { invoke } from '../services/api.ts';
import type { StoreState } from './index.ts';

/** State and actions of the library slice. */
export interface LibrarySlice {
  backups?: BackupSummary[];
  libraryError?: ErrorPayload;
  /** What the last action did, in words (shown as a status line). */
  libraryNotice?: string;
  loadLibrary(): Promise<void>;
  /** Archives a backup; resolves true when it worked. */
  archiveBackup(id: string): Promise<boolean>;
  /** Moves a backup to the Trash; resolves true when it worked. */
  deleteBackup(id: string): Promise<boolean>;
  showBackupInFolder(id: string): Promise<void>;
  /** Starts verifying a backup without asking for a password (an encrypted one's files need it, which the report says); resolves with the job id or the error. */
  verifyBackup(id: string): Promise<Result<{ jobId: string }>>;
}

/** Creates the library slice. */
export const createLibrarySlice: StateCreator<StoreState, [], [], LibrarySlice> = (set) => {
  const load = async () => {
    const result = await invoke('library:list', {});
    set(result.ok ? { backups: result.value, libraryError: undefined } : { libraryError: result.error });
  };
  /** Runs an action on a backup; on success says `done` and reloads the list (the action changed it). */
  const act = async (channel: 'library:archive' | 'library:delete', id: string, done: string) => {
    const result = await invoke(channel, { id });
    set(result.ok ? { libraryError: undefined, libraryNotice: done } : { libraryError: result.error, libraryNotice: undefined });
    if (result.ok) await load();
    return result.ok;
  };
  return {
    loadLibrary: load,
    archiveBackup: (id) => act('library:archive', id, 'Archived. The copy stays as it is now, whatever later backups do.'),
    deleteBackup: (id) => act('library:delete', id, 'The backup was moved to the Trash.'),
    async showBackupInFolder(id) {
      const result = await invoke('library:showInFolder', { id });
      if (!result.ok) set({ libraryError: result.error });
    },
    verifyBackup: (id) => invoke('library:verify', { id }),
  };
};
