/**
 * Clone slice: the engine's one clone (a golden backup onto many devices), kept current by `clone:changed`
 * and read again with `clone:status` on (re)connection; starting (then the settings again: the engine
 * remembers the clone's as the next one's), stopping, retrying a device, the report, and the golden
 * backup's review. Passwords pass straight through to the engine; nothing here keeps them.
 */
import type { StateCreator } from 'zustand';
import type { GoldenReview } from '../../shared/categories.ts';
import type { ErrorPayload } from '../../shared/errors.ts';
import type { RequestOf } from '../../shared/ipc/contract.ts';
import type { Result } from '../../shared/ipc/result.ts';
import type { CloneStatus } from '../../shared/restore.ts';
import { invoke } from '../services/api.ts';
import type { StoreState } from './index.ts';

/** State and actions of the clone slice. */
export interface CloneSlice {
  /** The clone of this engine session: null when none was started, undefined until known. */
  clone?: CloneStatus | null;
  /** What the last Stop or Retry could not do. */
  cloneError?: ErrorPayload;
  applyCloneChanged(status: CloneStatus): void;
  /** Reads the clone's status (events sent while the window was not listening are lost). */
  loadClone(): Promise<void>;
  /** Starts a clone; resolves with the error when it could not start. */
  startClone(request: RequestOf<'clone:start'>): Promise<ErrorPayload | undefined>;
  /** Stops watching for new devices; devices not started yet are left out, running ones finish. */
  stopClone(): Promise<void>;
  retryClone(udid: string): Promise<void>;
  /** Saves the report into a folder the host asks for; undefined when the person cancelled the dialog. */
  exportCloneReport(format: 'csv' | 'json'): Promise<Result<{ path: string } | undefined>>;
  /** Checks an encrypted golden backup's password on the computer; resolves with the error when wrong. */
  unlockGolden(id: string, password: string): Promise<ErrorPayload | undefined>;
  /** What the golden backup would put on every device (an encrypted one is unlocked first). */
  reviewGolden(id: string): Promise<Result<GoldenReview>>;
  /** Lets the engine forget a golden backup opened for its review or password, unless the browser shows it. */
  closeGolden(id: string): Promise<void>;
}

/** Creates the clone slice. */
export const createCloneSlice: StateCreator<StoreState, [], [], CloneSlice> = (set, get) => {
  /** Applies what Stop or Retry answered: the status, or why it failed (shown over the grid). */
  const settle = (result: Result<CloneStatus | null>) => set(result.ok ? { clone: result.value, cloneError: undefined } : { cloneError: result.error });
  return {
    applyCloneChanged: (status) => set({ clone: status }),
    async loadClone() {
      const result = await invoke('clone:status', {});
      if (result.ok) set({ clone: result.value });
    },
    async startClone(request) {
      const result = await invoke('clone:start', request);
      // A clone that could not start is the setup's to explain.
      if (!result.ok) return result.error;
      set({ clone: result.value, cloneError: undefined });
      // The engine keeps this clone's settings as the next one's defaults.
      await get().loadSettings();
      return undefined;
    },
    async stopClone() {
      settle(await invoke('clone:stop', {}));
    },
    async retryClone(udid) {
      settle(await invoke('clone:retry', { udid }));
    },
    exportCloneReport: (format) => invoke('clone:exportReport', { format }),
    async unlockGolden(id, password) {
      const result = await invoke('browse:unlock', { id, password });
      return result.ok ? undefined : result.error;
    },
    reviewGolden: (id) => invoke('browse:goldenReview', { id }),
    async closeGolden(id) {
      if (get().browser?.id !== id) await invoke('browse:close', { id });
    },
  };
};
