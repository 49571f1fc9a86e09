/**
 * How the interface names a backup: a short id derived from its folder path (the renderer never sends a
 * path), and how a CLI argument (a folder or a UDID) finds a backup in the library's locations.
 */
import { createHash } from 'node:crypto';
import { lstat, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CradleError } from '../../../shared/errors.ts';

/** The library id of the backup folder at `path`. */
export function backupId(path: string): string {
  return createHash('sha1').update(path).digest('hex').slice(0, 16);
}

/**
 * The folder of the backup with library id `id` under `locations`.
 * @throws CradleError BACKUP_NOT_FOUND.
 */
export async function findBackupById(locations: readonly string[], id: string): Promise<string> {
  for (const location of locations) {
    for (const name of await readdir(location).catch(() => [] as string[])) {
      const path = join(location, name);
      if (backupId(path) === id) return path;
    }
  }
  throw new CradleError('BACKUP_NOT_FOUND', 'That backup is no longer in the library. It may have been moved or deleted; refresh the list.');
}

/**
 * A backup named on the command line: a backup folder, or a UDID whose backup is in one of `locations`.
 * @throws CradleError BACKUP_NOT_FOUND.
 */
export async function resolveBackupArgument(argument: string, locations: readonly string[]): Promise<string> {
  if (await isBackupFolder(argument)) return resolve(argument);
  for (const location of locations) {
    const path = join(location, argument);
    if (!argument.includes('/') && !argument.includes('\\') && (await isBackupFolder(path))) return path;
  }
  throw new CradleError('BACKUP_NOT_FOUND', `No backup "${argument}" was found. Give a backup folder, or the UDID of a device backed up in ${locations.join(', ')}.`);
}

async function isBackupFolder(path: string): Promise<boolean> {
  return (await lstat(join(path, 'Manifest.plist')).catch(() => undefined))?.isFile() ?? false;
}
