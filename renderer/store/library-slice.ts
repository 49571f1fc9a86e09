/**
 * Library slice: the backups in the backup folder.
 */
import type { StateCreator } from 'zustand';
import type { ErrorPayload } from '../../shared/errors.ts';
import type { BackupSummary } from '../../shared/library.ts';
import { invoke } from '../services/api.ts';
import type { StoreState } from './index.ts';

/** State and actions of the library slice. */
export interface LibrarySlice {
  backups?: BackupSummary[];
  libraryError?: ErrorPayload;
  loadLibrary(): Promise<void>;
}

/** Creates the library slice. */
export const createLibrarySlice: StateCreator<StoreState, [], [], LibrarySlice> = (set) => ({
  async loadLibrary() {
    const result = await invoke('library:list', {});
    set(result.ok ? { backups: result.value, libraryError: undefined } : { libraryError: result.error });
  },
});
