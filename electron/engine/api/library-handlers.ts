/**
 * Library channels: list the backups of every location, add and remove locations (through the host's
 * folder dialog: the renderer never sends a path it chose), archive, delete to the Trash, show in the
 * file manager. Backups are named by library id, and only folders the library lists are acted on.
 */
import { CradleError } from '../../../shared/errors.ts';
import { archiveBackup } from '../library/archive.ts';
import { listedBackup } from '../library/listed-backup.ts';
import { withLocation, withoutLocation } from '../library/locations.ts';
import { describeBackup, listBackups } from '../library/scan.ts';
import type { EngineServices, HandlerTable } from './handlers.ts';
import { describeSettings } from './settings-handlers.ts';
import { withExistingBackupFolder } from '../library/folder-lock.ts';

type LibraryChannels = 'library:list' | 'library:archive' | 'library:delete' | 'library:showInFolder' | 'library:addLocation' | 'library:removeLocation';

/** Handlers of the library channels. */
export function libraryHandlers(services: EngineServices): Pick<HandlerTable, LibraryChannels> {
  const { host, settings } = services;
  const listed = async (id: string) => listedBackup(await services.locateBackup(id), services.libraryLocations());
  // A backup of the device may be swapping its folders right now.
  const idle = async (id: string) => {
    const backup = await listed(id);
    if (services.jobs.isBusy(backup.udid)) throw new CradleError('BUSY', 'Cradle is working with this device right now (a backup or restore). Try again when it has finished.');
    return backup;
  };
  return {
    'library:list': async () => listBackups(services.libraryLocations()),
    'library:archive': async ({ id }) => {
      const backup = await idle(id);
      const archive = await describeBackup(await archiveBackup(backup.path, backup.udid));
      if (!archive) throw new CradleError('INTERNAL', 'The archive was made but cannot be read back.');
      return archive;
    },
    'library:delete': async ({ id }) => {
      const trash = host.trashItem;
      if (!trash) throw new CradleError('FORBIDDEN', 'Deleting a backup needs the desktop app, which moves it to the Trash. In a terminal: cradle backups delete <backup> --yes (permanent).');
      const { path } = await idle(id);
      await withExistingBackupFolder(path, 'moving it to the Trash', () => trash(path));
    },
    'library:showInFolder': async ({ id }) => {
      const show = host.showInFolder;
      if (!show) throw new CradleError('FORBIDDEN', 'Showing a folder needs the desktop app.');
      show((await listed(id)).path);
    },
    'library:addLocation': async () => {
      const choose = host.chooseFolder;
      if (!choose) throw new CradleError('VALIDATION', 'Adding a location needs the desktop app, which asks for the folder.');
      const folder = await choose('Choose a folder with backups (an external disk, another backup folder)');
      if (folder) await settings.update({ extraLocations: withLocation(settings.get().extraLocations ?? [], folder) });
      return describeSettings(services);
    },
    'library:removeLocation': async ({ path }) => {
      const kept = withoutLocation(settings.get().extraLocations ?? [], path);
      if (!kept) throw new CradleError('VALIDATION', 'That folder is not one of the added locations.', { path });
      await settings.update({ extraLocations: kept.length > 0 ? kept : undefined });
      return describeSettings(services);
    },
  };
}
