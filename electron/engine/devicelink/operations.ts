/**
 * The file operations a device asks of the host during a backup or restore, all inside confined paths:
 * create directory, move, remove, copy, list a directory, report free space.
 */
import { lstatSync, renameSync } from 'node:fs';
import { cp, lstat, readdir, rm, statfs } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CradleError } from '../../../shared/errors.ts';
import type { PathConfinement } from './confine.ts';

/** `DLMessageCreateDirectory path` (mkdir -p). */
export async function createDirectory(confine: PathConfinement, path: unknown): Promise<void> {
  confine.ensureFolder(await confine.resolve(path));
}

/** `DLMessageMoveFiles`/`MoveItems {src: dst}`: replaces each destination. */
export async function moveItems(confine: PathConfinement, moves: unknown): Promise<void> {
  if (!moves || typeof moves !== 'object' || Array.isArray(moves)) throw new CradleError('PROTOCOL', 'The device sent a malformed move request.');
  // Tens of thousands of files move at the end of a backup: one synchronous rename each (a thread-pool round
  // trip would cost more), no lstat (a rename moves or replaces a symlink itself, never what it points to),
  // and the confinement forgets only where it had checked folders.
  for (const [from, to] of Object.entries(moves)) {
    const source = confine.resolveNoFollow(from);
    const target = confine.resolveNoFollow(to);
    confine.ensureFolder(dirname(target));
    await renameOver(confine, source, target);
    confine.forget(source);
    confine.forget(target);
  }
}

/** Renames `source` to `target`; a folder in the way (which a rename cannot replace) is removed first. */
async function renameOver(confine: PathConfinement, source: string, target: string): Promise<void> {
  try {
    renameSync(source, target);
    return;
  } catch (error) {
    if (!lstatSync(target, { throwIfNoEntry: false })?.isDirectory()) throw error;
  }
  await rm(target, { recursive: true, force: true });
  confine.forget(target);
  renameSync(source, target);
}

/** `DLMessageRemoveFiles`/`RemoveItems [paths]`: recursive, a missing path is fine. */
export async function removeItems(confine: PathConfinement, paths: unknown): Promise<void> {
  if (!Array.isArray(paths)) throw new CradleError('PROTOCOL', 'The device sent a malformed remove request.');
  for (const path of paths) {
    const target = await confine.resolve(path);
    await rm(target, { recursive: true, force: true });
    confine.forget(target);
  }
}

/**
 * `DLMessageCopyItem src dst` (recursive; symlinks are copied as links, never followed). The target is
 * removed first: it may be a hard link shared with the previous backup, which must not be written through.
 */
export async function copyItem(confine: PathConfinement, from: unknown, to: unknown): Promise<void> {
  const source = await confine.resolve(from);
  const target = await confine.resolve(to);
  await rm(target, { recursive: true, force: true });
  confine.forget(target);
  confine.ensureFolder(dirname(target));
  await cp(source, target, { recursive: true, force: true, verbatimSymlinks: true });
}

/** `DLContentsOfDirectory path`: name → type, size, modification date. */
export async function contentsOfDirectory(confine: PathConfinement, path: unknown): Promise<Record<string, unknown>> {
  const folder = await confine.resolve(path);
  const entries: Record<string, unknown> = {};
  for (const name of await readdir(folder)) {
    const info = await lstat(join(folder, name));
    entries[name] = {
      DLFileType: info.isDirectory() ? 'DLFileTypeDirectory' : info.isFile() ? 'DLFileTypeRegular' : 'DLFileTypeUnknown',
      DLFileSize: info.size,
      DLFileModificationDate: info.mtime,
    };
  }
  return entries;
}

/** Free bytes on the file system holding `folder`, as the device's space check needs. */
export async function freeSpace(folder: string): Promise<number> {
  const stats = await statfs(folder);
  return stats.bavail * stats.bsize;
}
