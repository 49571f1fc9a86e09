/**
 * Navigation slice: which sidebar item the main pane shows, and whether the sidebar is shown at all (hidden,
 * the main pane has the whole window; remembered in this window's local storage where there is one).
 */
import type { StateCreator } from 'zustand';
import type { StoreState } from './index.ts';

/** A sidebar destination; `backup` is the backup browser, reached from the Backups pane; `clone` the fleet view. */
export type Destination = { kind: 'devices' } | { kind: 'device'; udid: string } | { kind: 'backups' } | { kind: 'backup'; id: string } | { kind: 'clone' } | { kind: 'settings' };

/** State and actions of the navigation slice. */
export interface NavigationSlice {
  destination: Destination;
  navigate(destination: Destination): void;
  sidebarHidden: boolean;
  toggleSidebar(): void;
}

const SIDEBAR_KEY = 'cradle.sidebarHidden';

function storedSidebarHidden(): boolean {
  try {
    return globalThis.localStorage?.getItem(SIDEBAR_KEY) === 'true';
  } catch {
    return false;
  }
}

/** Creates the navigation slice. */
export const createNavigationSlice: StateCreator<StoreState, [], [], NavigationSlice> = (set, get) => ({
  destination: { kind: 'devices' },
  navigate: (destination) => set({ destination }),
  sidebarHidden: storedSidebarHidden(),
  toggleSidebar: () => {
    const sidebarHidden = !get().sidebarHidden;
    set({ sidebarHidden });
    try {
      globalThis.localStorage?.setItem(SIDEBAR_KEY, String(sidebarHidden));
    } catch {
      // Without storage the choice lasts as long as the window.
    }
  },
});

/** Selects the current destination. */
export const selectDestination = (state: StoreState) => state.destination;
