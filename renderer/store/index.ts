/**
 * The renderer's one store, built from slices; components select narrowly from it.
 */
import { create } from 'zustand';
import { createAppSlice, type AppSlice } from './app-slice.ts';
import { createDevicesSlice, type DevicesSlice } from './devices-slice.ts';
import { createNavigationSlice, type NavigationSlice } from './navigation-slice.ts';

/** The whole renderer state. */
export type StoreState = AppSlice & DevicesSlice & NavigationSlice;

/** The store hook. */
export const useStore = create<StoreState>()((...args) => ({
  ...createAppSlice(...args),
  ...createDevicesSlice(...args),
  ...createNavigationSlice(...args),
}));
