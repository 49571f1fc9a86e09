/**
 * Real file-system faults for reliability tests: a small tmpfs (a disk that fills up, or runs out of
 * inodes) and a read-only bind mount (a folder nobody may write, root included). Both need root (CI runs
 * as root); elsewhere they return the reason to skip, and in CI a refusal fails instead.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

function mount(args: readonly string[]): string | undefined {
  const result = spawnSync('mount', args, { encoding: 'utf8' });
  return result.status === 0 ? undefined : result.stderr.trim() || `mount exited ${result.status ?? result.signal}`;
}

/** Mounts a tmpfs of `megabytes` (and at most `inodes` files) on `folder`; undefined, or why it cannot. */
export function mountTmpfs(folder: string, megabytes: number, inodes?: number): string | undefined {
  fs.mkdirSync(folder, { recursive: true });
  const failure = mount(['-t', 'tmpfs', '-o', `size=${megabytes}m${inodes ? `,nr_inodes=${inodes}` : ''}`, 'tmpfs', folder]);
  if (!failure) return undefined;
  const reason = `cannot mount a tmpfs here (${failure})`;
  if (process.env.CI) throw new Error(`${reason}; CI runs as root and must run this test`);
  return reason;
}

/** Unmounts whatever is mounted on `folder` (lazily: a test's open files do not keep it). */
export function unmount(folder: string): void {
  spawnSync('umount', ['-l', folder]);
}

/** Binds `folder` onto itself, so that it can be made read-only alone; undefined, or why it cannot. */
export function bindToItself(folder: string): string | undefined {
  return mount(['--bind', folder, folder]);
}

/**
 * Makes a bind mount read-only (`ro`) or writable again; undefined on success, else why not. EBUSY while
 * a file on it is open for writing: the caller retries.
 */
export function setReadOnly(folder: string, readOnly: boolean): string | undefined {
  return mount(['-o', `remount,bind,${readOnly ? 'ro' : 'rw'}`, folder]);
}

/**
 * Makes `path` immutable (chattr +i: nobody may change it, root included); undefined, or why it cannot
 * (in CI a refusal fails instead). Undo with {@link makeMutable}.
 */
export function makeImmutable(path: string): string | undefined {
  const result = spawnSync('chattr', ['+i', path], { encoding: 'utf8' });
  if (result.status === 0) return undefined;
  const reason = `chattr +i is not available here (${result.stderr.trim() || `exit ${result.status ?? result.signal}`})`;
  if (process.env.CI) throw new Error(`${reason}; CI must run this test`);
  return reason;
}

export function makeMutable(path: string): void {
  spawnSync('chattr', ['-i', path]);
}
