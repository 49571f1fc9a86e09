/**
 * Confines every path a device names to the backup folder the host chose: no `..`, no absolute paths,
 * no backslashes or NUL, no way through a symlink. A violation is PATH_ESCAPE and nothing is written.
 * The checks use synchronous lstat/mkdir: each is a few microseconds, while a thread-pool round trip per
 * path component costs more than the call itself on a backup of many small files.
 */
import { lstatSync, realpathSync } from 'node:fs';
import { dirname, sep } from 'node:path';
import { CradleError } from '../../../shared/errors.ts';
import { makeFolder } from './file-errors.ts';

/** Resolves device paths inside one root folder. */
export class PathConfinement {
  /** Folders known to be real folders inside the root, every level on the way checked. */
  private readonly verified = new Set<string>();
  /** Every folder above a verified one: moving or removing anything else leaves nothing to forget. */
  private readonly aboveVerified = new Set<string>();
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
    return this.resolveSegments(devicePath, this.segments(devicePath));
  }

  /**
   * Resolves a path whose last component the host only creates exclusively, renames onto or moves away,
   * none of which follows a symlink: the folders on the way are checked, the last component is not. Saves
   * an lstat per uploaded or moved file.
   */
  resolveNoFollow(devicePath: unknown): string {
    const segments = this.segments(devicePath);
    const leaf = segments.pop()!;
    if (!segments.length) return this.absolute([leaf]);
    // Most paths share a few folders (`<udid>/Snapshot/xx`): one lookup when the whole way is known.
    const folder = this.absolute(segments);
    return (this.verified.has(folder) ? folder : this.resolveSegments(devicePath, segments)) + sep + leaf;
  }

  /** Creates a folder (and its parents) inside the root once; later calls for it cost nothing. */
  ensureFolder(folder: string): void {
    if (this.verified.has(folder)) return;
    makeFolder(folder);
    this.remember(folder);
  }

  /** Forgets verified folders at or below `path` (after a move or remove changed them). */
  forget(path: string): void {
    if (!this.verified.has(path) && !this.aboveVerified.has(path)) return;
    const below = path + sep;
    for (const set of [this.verified, this.aboveVerified]) {
      for (const folder of set) if (folder === path || folder.startsWith(below)) set.delete(folder);
    }
  }

  private resolveSegments(devicePath: unknown, segments: string[]): string {
    let current = this.rootPath();
    for (const [index, segment] of segments.entries()) {
      // Segments are clean (no separators, `.` or `..`): plain concatenation, no normalising join.
      current = index === 0 ? this.absolute([segment]) : current + sep + segment;
      if (this.verified.has(current)) continue;
      const info = lstatSync(current, { throwIfNoEntry: false });
      if (!info) return [current, ...segments.slice(index + 1)].join(sep);
      if (info.isSymbolicLink()) throw pathEscape(devicePath, 'it goes through a symbolic link');
      if (info.isDirectory()) this.remember(current);
    }
    return current;
  }

  private remember(folder: string): void {
    this.verified.add(folder);
    const root = this.rootPath();
    for (let up = dirname(folder); up.length > root.length && !this.aboveVerified.has(up); up = dirname(up)) this.aboveVerified.add(up);
  }

  private rootPath(): string {
    return (this.root ??= realpathSync(this.rootFolder));
  }

  private absolute(segments: string[]): string {
    const root = this.rootPath();
    return (root.endsWith(sep) ? root : root + sep) + segments.join(sep);
  }

  private segments(devicePath: unknown): string[] {
    if (typeof devicePath !== 'string' || devicePath.length === 0 || devicePath.length > 4096) {
      throw pathEscape(devicePath, 'it is not a path');
    }
    if (devicePath.includes('\0') || devicePath.includes('\\')) throw pathEscape(devicePath, 'it contains forbidden characters');
    if (devicePath.startsWith('/') || /^[A-Za-z]:/.test(devicePath)) throw pathEscape(devicePath, 'it is absolute');
    const segments = devicePath.split('/').filter((segment) => segment !== '' && segment !== '.');
    if (segments.includes('..')) throw pathEscape(devicePath, 'it climbs out with ..');
    if (segments.length === 0) throw pathEscape(devicePath, 'it names the backup folder itself');
    if (this.allowedTop !== undefined && segments[0] !== this.allowedTop) {
      throw pathEscape(devicePath, `it is outside the device's own folder ${this.allowedTop}`);
    }
    return segments;
  }
}

/** The PATH_ESCAPE error for a device path, saying why it was refused. */
export function pathEscape(devicePath: unknown, why: string): CradleError {
  return new CradleError(
    'PATH_ESCAPE',
    'The device asked to write outside the backup folder, so Cradle stopped. Nothing was written outside it; your previous backup is untouched.',
    { path: String(devicePath).slice(0, 300), why },
  );
}
