/**
 * Summary slice: each device's `devices:summary`, read on demand by the device page, and renaming.
 */
import type { StateCreator } from 'zustand';
import type { ErrorPayload } from '../../shared/errors.ts';
import { invoke } from '../services/api.ts';
import type { StoreState } from './index.ts';
import type { SummaryCache, SummaryEntry } from './summary-cache.ts';

/** State and actions of the summary slice. */
export interface SummarySlice {
  summaries: SummaryCache;
  /** Reads a device's summary; the page shows the entry's loading, error or ready state. */
  loadSummary(udid: string): Promise<void>;
  /** Renames a device; resolves with the error when the device refused, else undefined. */
  renameDevice(udid: string, name: string): Promise<ErrorPayload | undefined>;
}

let lastRequest = 0;

/** Creates the summary slice. */
export const createSummarySlice: StateCreator<StoreState, [], [], SummarySlice> = (set, get) => {
  const patch = (udid: string, change: (entry: SummaryEntry | undefined) => SummaryEntry | undefined) =>
    set((state) => {
      const entry = change(state.summaries[udid]);
      return entry ? { summaries: { ...state.summaries, [udid]: entry } } : {};
    });

  return {
    summaries: {},
    async loadSummary(udid) {
      const request = ++lastRequest;
      patch(udid, (entry) => ({ ...entry, status: 'loading', stale: false, request }));
      const result = await invoke('devices:summary', { udid });
      patch(udid, (entry) => {
        // A newer request (or a reconnect) superseded this one.
        if (!entry || entry.request !== request) return undefined;
        return result.ok
          ? { status: 'ready', summary: result.value, stale: entry.stale, request }
          : { ...entry, status: 'error', error: result.error };
      });
    },
    async renameDevice(udid, name) {
      const result = await invoke('devices:rename', { udid, name });
      if (!result.ok) return result.error;
      // The engine publishes the new name on devices:changed; the cached summary follows at once.
      patch(udid, (entry) => (entry?.summary ? { ...entry, summary: { ...entry.summary, name } } : undefined));
      set({ devices: get().devices.map((device) => (device.udid === udid ? { ...device, name } : device)) });
      return undefined;
    },
  };
};

/** Selects one device's summary entry. */
export const selectSummary = (udid: string) => (state: StoreState) => state.summaries[udid];
