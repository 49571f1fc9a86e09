/**
 * Fleet slice: the app's one backup queue (Back Up Selected / Back Up All, automatic backups on connect
 * and on the daily schedule), kept current by `fleet:changed` and read again with `fleet:status` on
 * (re)connection. Each device's backup is also an ordinary job on `jobs:event`.
 */
import type { StateCreator } from 'zustand';
import type { ErrorPayload } from '../../shared/errors.ts';
import type { FleetBackupStatus } from '../../shared/fleet.ts';
import type { Result } from '../../shared/ipc/result.ts';
import { invoke } from '../services/api.ts';
import type { StoreState } from './index.ts';

/** State and actions of the fleet slice. */
export interface FleetSlice {
  /** The backup queue of this engine session: null when nothing was queued yet, undefined until known. */
  fleet?: FleetBackupStatus | null;
  /** What the last Back Up, Stop or Retry could not do. */
  fleetError?: ErrorPayload;
  applyFleetChanged(status: FleetBackupStatus): void;
  /** Reads the queue's status (events sent while the window was not listening are lost). */
  loadFleet(): Promise<void>;
  /** Queues backups of these devices; resolves true when the engine took them. */
  backUpDevices(udids: readonly string[]): Promise<boolean>;
  /** Devices not started yet are left out; running backups finish. */
  stopFleet(): Promise<void>;
  retryFleet(udid: string): Promise<void>;
}

/** Creates the fleet slice. */
export const createFleetSlice: StateCreator<StoreState, [], [], FleetSlice> = (set) => {
  /** Applies what the engine answered: the status, or why it could not (shown over the table). */
  const settle = (result: Result<FleetBackupStatus | null>) => {
    set(result.ok ? { fleet: result.value, fleetError: undefined } : { fleetError: result.error });
    return result.ok;
  };
  return {
    applyFleetChanged: (status) => set({ fleet: status }),
    async loadFleet() {
      const result = await invoke('fleet:status', {});
      if (result.ok) set({ fleet: result.value });
    },
    backUpDevices: async (udids) => settle(await invoke('fleet:backup', { udids: [...udids] })),
    async stopFleet() {
      settle(await invoke('fleet:stop', {}));
    },
    async retryFleet(udid) {
      settle(await invoke('fleet:retry', { udid }));
    },
  };
};

/** Selects the backup queue's tile of one device, if the queue has one. */
export const selectFleetTile = (udid: string) => (state: StoreState) => state.fleet?.tiles.find((tile) => tile.udid === udid);
