/**
 * The renderer's one store, built from slices; components select narrowly from it.
 */
import { create } from 'zustand';
import { createAppSlice, type AppSlice } from './app-slice.ts';
import { createBackupSlice, type BackupSlice } from './backup-slice.ts';
import { createFilesSlice, type FilesSlice } from './browser-files-slice.ts';
import { createBrowserSlice, type BrowserSlice } from './browser-slice.ts';
import { createCloneSlice, type CloneSlice } from './clone-slice.ts';
import { createDevicesSlice, type DevicesSlice } from './devices-slice.ts';
import { createFleetSlice, type FleetSlice } from './fleet-slice.ts';
import { createJobsSlice, type JobsSlice } from './jobs-slice.ts';
import { createLibrarySlice, type LibrarySlice } from './library-slice.ts';
import { createNavigationSlice, type NavigationSlice } from './navigation-slice.ts';
import { createRestoreSlice, type RestoreSlice } from './restore-slice.ts';
import { createSettingsSlice, type SettingsSlice } from './settings-slice.ts';
import { createSummarySlice, type SummarySlice } from './summary-slice.ts';

/** The whole renderer state. */
export type StoreState = AppSlice & BackupSlice & BrowserSlice & CloneSlice & FilesSlice & DevicesSlice & FleetSlice & JobsSlice & LibrarySlice & NavigationSlice & RestoreSlice & SettingsSlice & SummarySlice;

/** The store hook. */
export const useStore = create<StoreState>()((...args) => ({
  ...createAppSlice(...args),
  ...createBackupSlice(...args),
  ...createBrowserSlice(...args),
  ...createCloneSlice(...args),
  ...createFilesSlice(...args),
  ...createDevicesSlice(...args),
  ...createFleetSlice(...args),
  ...createJobsSlice(...args),
  ...createLibrarySlice(...args),
  ...createNavigationSlice(...args),
  ...createRestoreSlice(...args),
  ...createSettingsSlice(...args),
  ...createSummarySlice(...args),
}));
