/**
 * Settings channels: read the settings, choose the backup folder (through the host's native folder
 * dialog: the renderer never sends a path), go back to the standard folder.
 */
import { CradleError } from '../../../shared/errors.ts';
import type { AppSettings } from '../../../shared/settings.ts';
import { defaultBackupFolder } from '../backup/location.ts';
import type { EngineServices, HandlerTable } from './handlers.ts';

/** The settings as the interface shows them. */
export function describeSettings({ settings, host, secrets }: EngineServices): AppSettings {
  const chosen = settings.get().backupFolder;
  const standard = defaultBackupFolder();
  return {
    backupFolder: chosen ?? standard,
    defaultBackupFolder: standard,
    usingDefaultFolder: chosen === undefined,
    canChooseFolder: host.chooseFolder !== undefined,
    canRememberPasswords: secrets.available,
  };
}

/** Handlers of the settings channels. */
export function settingsHandlers(services: EngineServices): Pick<HandlerTable, 'settings:get' | 'settings:chooseBackupFolder' | 'settings:useDefaultBackupFolder'> {
  return {
    'settings:get': async () => describeSettings(services),
    'settings:chooseBackupFolder': async () => {
      const choose = services.host.chooseFolder;
      if (!choose) throw new CradleError('VALIDATION', 'Choosing a folder needs the desktop app. In the browser mode, set CRADLE_BACKUP_DIR before starting.');
      const folder = await choose('Choose where Cradle keeps backups');
      if (folder) await services.settings.update({ backupFolder: folder });
      return describeSettings(services);
    },
    'settings:useDefaultBackupFolder': async () => {
      await services.settings.update({ backupFolder: undefined });
      return describeSettings(services);
    },
  };
}
