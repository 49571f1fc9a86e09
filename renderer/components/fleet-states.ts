/**
 * What a device of a fleet job (a clone's tile, a row of the backup queue) is doing, in the few words of a
 * state chip and its colour family. One table, so the Clone view and the Devices overview say the same.
 */
import type { FleetTileState } from '../../shared/fleet.ts';

/** The chip's colour family: waiting, working, needs the person, finished well, failed. */
export type ChipTone = 'idle' | 'active' | 'attention' | 'ok' | 'bad';

/** A state's words and tone. */
export interface FleetStateChip {
  words: string;
  tone: ChipTone;
}

/** Every fleet state as a chip. */
export const FLEET_STATE_CHIPS: Readonly<Record<FleetTileState, FleetStateChip>> = {
  waiting: { words: 'Waiting', tone: 'idle' },
  checking: { words: 'Checking', tone: 'active' },
  // What the person does is the state: the engine asks for Trust by itself and waits.
  'needs-trust': { words: 'Tap Trust on the device', tone: 'attention' },
  'needs-passcode': { words: 'Enter the passcode on the device', tone: 'attention' },
  'find-my': { words: 'Find My on', tone: 'bad' },
  'backing-up': { words: 'Backing up', tone: 'active' },
  restoring: { words: 'Restoring', tone: 'active' },
  rebooting: { words: 'Rebooting', tone: 'active' },
  renaming: { words: 'Renaming', tone: 'active' },
  done: { words: 'Done', tone: 'ok' },
  skipped: { words: 'Skipped', tone: 'idle' },
  failed: { words: 'Failed', tone: 'bad' },
};
