/**
 * Where the library looks: the backup folder new backups go to, and the folders the person added
 * (external disks, other tools' folders). An added folder that is not there now is listed as missing.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { LibraryLocation } from '../../../shared/library.ts';

/** The locations as paths, backup folder first, each once. */
export function locationPaths(backupFolder: string, extraLocations: readonly string[] = []): string[] {
  return [...new Set([backupFolder, ...extraLocations].map((path) => resolve(path)))];
}

/** The locations with whether each is there now. */
export async function describeLocations(backupFolder: string, extraLocations: readonly string[] = []): Promise<LibraryLocation[]> {
  const main = resolve(backupFolder);
  return Promise.all(
    locationPaths(backupFolder, extraLocations).map(async (path) => ({
      path,
      kind: path === main ? ('backup-folder' as const) : ('added' as const),
      available: (await stat(path).catch(() => undefined))?.isDirectory() === true,
    })),
  );
}

/** The added locations after adding `path` (already listed: unchanged). */
export function withLocation(extraLocations: readonly string[], path: string): string[] {
  const added = resolve(path);
  return extraLocations.some((existing) => resolve(existing) === added) ? [...extraLocations] : [...extraLocations, added];
}

/** The added locations without `path`; undefined when `path` is not one of them. */
export function withoutLocation(extraLocations: readonly string[], path: string): string[] | undefined {
  const removed = resolve(path);
  const kept = extraLocations.filter((existing) => resolve(existing) !== removed);
  return kept.length === extraLocations.length ? undefined : kept;
}
