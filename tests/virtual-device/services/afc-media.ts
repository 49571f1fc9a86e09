/**
 * The device's media partition as AFC sees it (`/var/mobile/Media` on a real device): a folder under the
 * device's state, the paths hosts probe, and the advisory file locks (FileRefLock) shared by all AFC
 * connections of the device.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { VirtualDevice } from '../types.ts';

/** The media folder of a device, created with what a real device has (the sync lock file among it). */
export function mediaRoot(device: VirtualDevice): string {
  const root = path.join(device.dir, 'media');
  if (!fs.existsSync(root)) {
    for (const dir of ['DCIM', 'Books', 'Downloads', 'PublicStaging', 'iTunes_Control/iTunes', 'Photos']) {
      fs.mkdirSync(path.join(root, dir), { recursive: true });
    }
    fs.writeFileSync(path.join(root, 'com.apple.itunes.lock_sync'), '');
  }
  return root;
}

/** Maps an AFC path (absolute or relative, any `..`) to a path inside `root`; `..` stops at the root. */
export function resolveMediaPath(root: string, afcPath: string): string {
  const parts: string[] = [];
  for (const part of afcPath.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return path.join(root, ...parts);
}

/** Holder of a lock: one open file handle. */
export type LockOwner = object;

/** flock-style locks by path: shared or exclusive, held per open handle. */
export class MediaLocks {
  private readonly locks = new Map<string, { exclusive: boolean; owners: Set<LockOwner> }>();

  /** Takes (or converts) a lock; false when another handle's lock conflicts (would block). */
  acquire(file: string, owner: LockOwner, exclusive: boolean): boolean {
    const lock = this.locks.get(file);
    if (!lock) {
      this.locks.set(file, { exclusive, owners: new Set([owner]) });
      return true;
    }
    const others = [...lock.owners].filter((o) => o !== owner);
    if (others.length > 0 && (exclusive || lock.exclusive)) return false;
    lock.owners.add(owner);
    lock.exclusive = exclusive;
    return true;
  }

  /** Drops `owner`'s lock on `file` (no-op when it holds none). */
  release(file: string, owner: LockOwner): void {
    const lock = this.locks.get(file);
    if (!lock) return;
    lock.owners.delete(owner);
    if (lock.owners.size === 0) this.locks.delete(file);
  }
}

const locksByDevice = new WeakMap<VirtualDevice, MediaLocks>();

/** The lock table of a device (shared by its AFC connections). */
export function mediaLocks(device: VirtualDevice): MediaLocks {
  let locks = locksByDevice.get(device);
  if (!locks) {
    locks = new MediaLocks();
    locksByDevice.set(device, locks);
  }
  return locks;
}
