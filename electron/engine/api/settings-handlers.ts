/**
 * Settings channels: read the settings, choose the backup folder (through the host's native folder
 * dialog: the renderer never sends a path), go back to the standard folder, set how many versions to keep,
 * automatic backups (the default, each device's own choice, the interval, the daily time, devices at once).
 */
import { CradleError } from '../../../shared/errors.ts';
import { DEFAULT_KEEP_VERSIONS, type AppSettings, type StoredSettings } from '../../../shared/settings.ts';
import { defaultBackupFolder } from '../backup/location.ts';
import { autoBackupSettings, type AutoBackup } from '../fleet/auto-backup.ts';
import { describeLocations } from '../library/locations.ts';
import type { EngineServices, HandlerTable } from './handlers.ts';

/** The settings as the interface shows them. */
export async function describeSettings(services: EngineServices): Promise<AppSettings> {
  const { settings, host, secrets } = services;
  const stored = settings.get();
  const standard = defaultBackupFolder();
  return {
    backupFolder: stored.backupFolder ?? standard,
    defaultBackupFolder: standard,
    usingDefaultFolder: stored.backupFolder === undefined,
    locations: await describeLocations(services.backupFolder(), stored.extraLocations),
    keepVersions: stored.keepVersions ?? DEFAULT_KEEP_VERSIONS,
    autoBackup: autoBackupSettings(stored),
    ...(stored.lastClone ? { lastClone: stored.lastClone } : {}),
    canRunInBackground: host.runsInBackground === true,
    canChooseFolder: host.chooseFolder !== undefined,
    canRememberPasswords: secrets.available,
    canTrash: host.trashItem !== undefined,
    canShowInFolder: host.showInFolder !== undefined,
  };
}

/** Handlers of the settings channels. */
export function settingsHandlers(
  services: EngineServices,
  auto: AutoBackup,
): Pick<
  HandlerTable,
  'settings:get' | 'settings:chooseBackupFolder' | 'settings:useDefaultBackupFolder' | 'settings:setKeepVersions' | 'settings:setAutoBackup' | 'settings:setDeviceAutoBackup'
> {
  const { settings } = services;
  const changeAutoBackup = async (change: (current: NonNullable<StoredSettings['autoBackup']>) => NonNullable<StoredSettings['autoBackup']>) => {
    await settings.update({ autoBackup: change({ ...settings.get().autoBackup }) });
    auto.apply();
    return describeSettings(services);
  };
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
    'settings:setKeepVersions': async ({ count }) => {
      await services.settings.update({ keepVersions: count });
      return describeSettings(services);
    },
    'settings:setAutoBackup': async ({ dailyAt, ...change }) =>
      changeAutoBackup((current) => {
        const next = { ...current, ...change };
        if (dailyAt === null) delete next.dailyAt;
        else if (dailyAt !== undefined) next.dailyAt = dailyAt;
        return next;
      }),
    'settings:setDeviceAutoBackup': async ({ udid, on }) =>
      changeAutoBackup((current) => {
        const devices = { ...current.devices };
        if (on === null) delete devices[udid];
        else devices[udid] = on;
        return { ...current, devices };
      }),
  };
}
