/**
 * What Archive, Delete and Show in folder may act on: only a folder the library lists, directly inside one
 * of its locations, that is a real folder (not a link), not one of Cradle's working folders, and still
 * holds a backup's plists. (Delete moves it to the OS's Trash in the app; only the CLI, told --yes,
 * removes it for good.)
 */
import { lstat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { CradleError } from '../../../shared/errors.ts';
import type { BackupSummary } from '../../../shared/library.ts';
import { busyElsewhere, deletedMeanwhile } from './folder-lock.ts';
import { describeBackup } from './scan.ts';

/**
 * The backup at `path`, checked to be one of the library's.
 * @throws CradleError FORBIDDEN when it is not a backup folder inside `locations`.
 */
export async function listedBackup(path: string, locations: readonly string[]): Promise<BackupSummary> {
  const folder = resolve(path);
  const roots = locations.map((location) => resolve(location));
  const refuse = (why: string) => new CradleError('FORBIDDEN', `Cradle acts only on backups in its library, and ${folder} ${why}.`);
  if (roots.includes(folder) || !roots.includes(dirname(folder))) throw refuse('is not a backup folder inside a library location');
  if (basename(folder).startsWith('.')) throw refuse('is Cradle’s own working folder');
  const stats = await lstat(folder).catch(() => undefined);
  if (!stats) throw deletedMeanwhile(folder);
  if (!stats.isDirectory()) throw refuse('is not a folder');
  const backup = await describeBackup(folder);
  // Another process may be deleting it right now: that, not "no backup", is the answer then.
  if (!backup) throw (await busyElsewhere(folder)) ?? refuse('holds no backup (no Info.plist, Manifest.plist or Status.plist)');
  return backup;
}
