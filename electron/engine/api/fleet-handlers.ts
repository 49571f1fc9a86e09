/**
 * Fleet backup channels: Back Up Selected / All into the app's one backup queue (which automatic backups
 * feed too), Stop, Retry, and its status (also on `fleet:changed`).
 */
import type { AutoBackup } from '../fleet/auto-backup.ts';
import type { HandlerTable } from './handlers.ts';

/** Handlers of the fleet channels. */
export function fleetHandlers(auto: AutoBackup): Pick<HandlerTable, 'fleet:backup' | 'fleet:stop' | 'fleet:retry' | 'fleet:status'> {
  return {
    'fleet:backup': async ({ udids }) => {
      auto.fleet.backUp(udids, 'manual');
      return auto.fleet.status();
    },
    'fleet:stop': async () => {
      auto.fleet.run.stop();
      // Stop leaves out the devices waiting now; automatic backups go on as the settings say.
      auto.apply();
      return auto.fleet.status();
    },
    'fleet:retry': async ({ udid }) => {
      auto.fleet.run.retry(udid);
      return auto.fleet.status();
    },
    'fleet:status': async () => auto.fleet.status(),
  };
}
