/**
 * Confines every path a device names to the backup folder the host chose: no `..`, no absolute paths,
 * no backslashes or NUL, no way through a symlink. A violation is PATH_ESCAPE and nothing is written.
 * The checks use synchronous lstat/mkdir: each is a few microseconds, while a thread-pool round trip per
 * path component costs more than the call itself on a backup of many small files.
 */
import { lstatSync, mkdirSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import { CradleError } from '../../../shared/errors.ts';

/** Resolves device paths inside one root folder. */
export class PathConfinement {
  private readonly verified = new Set<string>();
  private root: string | undefined;

  /**
   * @param rootFolder the folder device paths are relative to (it must exist).
   * @param allowedTop when set, the first path segment must be this (the device's own `<udid>` folder).
   */
  constructor(
    private readonly rootFolder: string,
    private readonly allowedTop?: string,
  ) {}

  /** The absolute path for a device path; checks every existing component for symlinks. */
  async resolve(devicePath: unknown): Promise<string> {
    return this.resolveSegments(devicePath, this.segments(devicePath)).path;
  }

  /** As {@link resolve}, with what is there now: a folder, a file, or nothing (`kind` undefined). */
  resolveWithKind(devicePath: unknown): { path: string; kind?: 'folder' | 'file' } {
    return this.resolveSegments(devicePath, this.segments(devicePath));
  }

  private resolveSegments(devicePath: unknown, segments: string[]): { path: string; kind?: 'folder' | 'file' } {
    this.root ??= realpathSync(this.rootFolder);
    let current = this.root;
    let kind: 'folder' | 'file' | undefined = 'folder';
    for (const [index, segment] of segments.entries()) {
      current = join(current, segment);
      if (this.verified.has(current)) {
        kind = 'folder';
        continue;
      }
      const info = lstatSync(current, { throwIfNoEntry: false });
      if (!info) return { path: join(current, ...segments.slice(index + 1)) };
      if (info.isSymbolicLink()) throw escape(devicePath, 'it goes through a symbolic link');
      kind = info.isDirectory() ? 'folder' : 'file';
      if (kind === 'folder') this.verified.add(current);
    }
    return { path: current, kind };
  }

  /**
   * Resolves a path the host will only create by renaming a new file onto it: the folders on the way are
   * checked, the last component is not (a rename replaces whatever is there, symlink or not, without
   * following it). Saves one lstat per uploaded file.
   */
  resolveForCreate(devicePath: unknown): string {
    const segments = this.segments(devicePath);
    const leaf = segments.pop()!;
    const folder = segments.length ? this.resolveSegments(devicePath, segments).path : (this.root ??= realpathSync(this.rootFolder));
    return join(folder, leaf);
  }

  /** Creates a folder (and its parents) inside the root once; later calls for it cost nothing. */
  ensureFolder(folder: string): void {
    if (this.verified.has(folder)) return;
    mkdirSync(folder, { recursive: true });
    this.verified.add(folder);
  }

  /** Forgets verified folders below `path` (after a move or remove changed them). */
  forget(path: string): void {
    for (const folder of this.verified) if (folder === path || folder.startsWith(path + sep)) this.verified.delete(folder);
  }

  private segments(devicePath: unknown): string[] {
    if (typeof devicePath !== 'string' || devicePath.length === 0 || devicePath.length > 4096) {
      throw escape(devicePath, 'it is not a path');
    }
    if (devicePath.includes('\0') || devicePath.includes('\\')) throw escape(devicePath, 'it contains forbidden characters');
    if (devicePath.startsWith('/') || /^[A-Za-z]:/.test(devicePath)) throw escape(devicePath, 'it is absolute');
    const segments = devicePath.split('/').filter((segment) => segment !== '' && segment !== '.');
    if (segments.includes('..')) throw escape(devicePath, 'it climbs out with ..');
    if (segments.length === 0) throw escape(devicePath, 'it names the backup folder itself');
    if (this.allowedTop !== undefined && segments[0] !== this.allowedTop) {
      throw escape(devicePath, `it is outside the device's own folder ${this.allowedTop}`);
    }
    return segments;
  }
}

function escape(devicePath: unknown, why: string): CradleError {
  return new CradleError(
    'PATH_ESCAPE',
    'The device asked to write outside the backup folder, so Cradle stopped. Nothing was written outside it; your previous backup is untouched.',
    { path: String(devicePath).slice(0, 300), why },
  );
}
