/**
 * How the interface names a backup: a short id derived from its folder path (the renderer never sends a
 * path), and how a CLI argument (a folder or a UDID) finds a backup in the library's locations.
 */
import { createHash } from 'node:crypto';
import { lstat, readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CradleError } from '../../../shared/errors.ts';
import { previousFolder } from '../backup/staging.ts';

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
  const named = await backupAt(resolve(argument));
  if (named) return named;
  for (const location of locations) {
    const path = !argument.includes('/') && !argument.includes('\\') ? await backupAt(join(location, argument)) : undefined;
    if (path) return path;
  }
  throw new CradleError('BACKUP_NOT_FOUND', `No backup "${argument}" was found. Give a backup folder, or the UDID of a device backed up in ${locations.join(', ')}.`);
}

/**
 * The backup folder at `path`, or the previous backup a swap cut short left beside it
 * (`.cradle-previous-<name>` while `<name>` is missing): until the next backup puts it back, it is the backup.
 */
async function backupAt(path: string): Promise<string | undefined> {
  if (await isBackupFolder(path)) return path;
  const previous = previousFolder(dirname(path), basename(path));
  if (!(await lstat(path).catch(() => undefined)) && (await isBackupFolder(previous))) return previous;
  return undefined;
}

async function isBackupFolder(path: string): Promise<boolean> {
  return (await lstat(join(path, 'Manifest.plist')).catch(() => undefined))?.isFile() ?? false;
}
