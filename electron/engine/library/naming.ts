/**
 * Names of dated backup folders. Finder and iTunes name an archived backup `<udid>-YYYYMMDD-HHMMSS` next
 * to the device's `<udid>` folder; Cradle's archives and versions use the same names, so Finder lists them
 * too. A version also holds a `.cradle-version` file (Finder ignores it); nothing else in the folder changes.
 */
import { lstat, rename } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** The file that marks a folder as a version Cradle kept (JSON: the backup's date). */
export const VERSION_MARKER = '.cradle-version';

const DATED = /^(.+)-(\d{8})-(\d{6})$/;

/** A dated folder name's UDID, or undefined for a plain `<udid>` name. */
export function datedNameUdid(name: string): string | undefined {
  return DATED.exec(name)?.[1];
}

/** The UDID a backup folder is named after: `<udid>`, or `<udid>-YYYYMMDD-HHMMSS` for an archive or version. */
export function backupFolderUdid(path: string): string {
  const name = basename(path);
  return datedNameUdid(name) ?? name;
}

/** `<udid>-YYYYMMDD-HHMMSS` in local time, as Finder writes it. */
export function datedName(udid: string, date: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  const day = `${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}`;
  return `${udid}-${day}-${two(date.getHours())}${two(date.getMinutes())}${two(date.getSeconds())}`;
}

/**
 * Renames `from` to a dated name in `location` that no folder has yet: a second later each time the name
 * is taken. Renaming onto a folder that has content fails on every OS, so an existing backup is never
 * replaced, even by a race. Resolves with the new path.
 */
export async function renameToDatedName(from: string, location: string, udid: string, date: Date): Promise<string> {
  for (let attempt = 0; attempt < 3600; attempt++) {
    const target = join(location, datedName(udid, new Date(date.getTime() + attempt * 1000)));
    try {
      await rename(from, target);
      return target;
    } catch (error) {
      // Taken (ENOTEMPTY, EEXIST, EPERM on Windows…): try the next second; any other failure is real.
      if (!(await lstat(target).catch(() => undefined))) throw error;
    }
  }
  throw new Error(`no free dated name for ${udid} in ${location}`);
}
