/**
 * The renderer's one store, built from slices; components select narrowly from it.
 */
import { create } from 'zustand';
import { createAppSlice, type AppSlice } from './app-slice.ts';
import { createBackupSlice, type BackupSlice } from './backup-slice.ts';
import { createDevicesSlice, type DevicesSlice } from './devices-slice.ts';
import { createJobsSlice, type JobsSlice } from './jobs-slice.ts';
import { createLibrarySlice, type LibrarySlice } from './library-slice.ts';
import { createNavigationSlice, type NavigationSlice } from './navigation-slice.ts';
import { createSettingsSlice, type SettingsSlice } from './settings-slice.ts';
import { createSummarySlice, type SummarySlice } from './summary-slice.ts';

/** The whole renderer state. */
export type StoreState = AppSlice & BackupSlice & DevicesSlice & JobsSlice & LibrarySlice & NavigationSlice & SettingsSlice & SummarySlice;

/** The store hook. */
export const useStore = create<StoreState>()((...args) => ({
  ...createAppSlice(...args),
  ...createBackupSlice(...args),
  ...createDevicesSlice(...args),
  ...createJobsSlice(...args),
  ...createLibrarySlice(...args),
  ...createNavigationSlice(...args),
  ...createSettingsSlice(...args),
  ...createSummarySlice(...args),
}));
