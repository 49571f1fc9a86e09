/**
 * Navigation slice: which sidebar item the main pane shows.
 */
import type { StateCreator } from 'zustand';
import type { StoreState } from './index.ts';

/** A sidebar destination; `backup` is the backup browser, reached from the Backups pane; `clone` the fleet view. */
export type Destination = { kind: 'devices' } | { kind: 'device'; udid: string } | { kind: 'backups' } | { kind: 'backup'; id: string } | { kind: 'clone' } | { kind: 'settings' };

/** State and actions of the navigation slice. */
export interface NavigationSlice {
  destination: Destination;
  navigate(destination: Destination): void;
}

/** Creates the navigation slice. */
export const createNavigationSlice: StateCreator<StoreState, [], [], NavigationSlice> = (set) => ({
  destination: { kind: 'devices' },
  navigate: (destination) => set({ destination }),
});

/** Selects the current destination. */
export const selectDestination = (state: StoreState) => state.destination;
