/**
 * Crash-safe backups: the device writes into a staging copy of the previous backup (hard links, so it
 * costs no space), and only a finished backup replaces the live one. Nothing is ever written in place
 * (uploads are renamed into place), so the previous backup is untouched until the swap. The swap exchanges
 * the two folders in one step where the system can (exchange.ts: Linux, macOS), so `<udid>/` holds a whole
 * backup at every instant for every tool, Finder and idevicebackup2 included. Elsewhere it is two renames with
 * recovery: a crash between them leaves the complete previous backup as `.cradle-previous-<udid>`, which the
 * library, `cradle`'s backup lookup (resolveBackupArgument) and the next backup take for the device's backup
 * (other tools see no backup of the device until then).
 */
import { linkSync, readdirSync } from 'node:fs';
import { copyFile, lstat, rename, rm, rmdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { makeFolder } from '../devicelink/file-errors.ts';
import { exchangeFolders } from './exchange.ts';
import { withBackupFolderLock } from '../library/folder-lock.ts';

/** Staging folders of one device. */
export interface Staging {
  /** The folder device paths are relative to (it holds `<udid>/`). */
  root: string;
  /** The staged backup folder, `<root>/<udid>`. */
  backup: string;
}

const stagingRoot = (root: string, udid: string) => join(root, '.cradle-staging', udid);
/** Files linked between turns of the event loop (Cancel and progress stay live). */
const LINKS_PER_TURN = 256;
/** Name prefix of the previous backup while a swap is under way: `.cradle-previous-<udid>`. */
export const PREVIOUS_PREFIX = '.cradle-previous-';

/** Where the swap keeps the device's previous backup while the new one moves in. */
export const previousFolder = (root: string, udid: string) => join(root, `${PREVIOUS_PREFIX}${udid}`);

/** The UDID whose previous backup a folder named `name` is (`.cradle-previous-<udid>`), else undefined. */
export const previousOf = (name: string): string | undefined => (name.startsWith(PREVIOUS_PREFIX) ? name.slice(PREVIOUS_PREFIX.length) : undefined);

/** Repairs what an interrupted backup or swap left behind; the live backup stays (or becomes) complete. */
export async function recoverInterrupted(root: string, udid: string): Promise<void> {
  const live = join(root, udid);
  const previous = previousFolder(root, udid);
  const liveExists = await exists(live);
  if (await exists(previous)) {
    if (liveExists) await rm(previous, { recursive: true, force: true });
    else await rename(previous, live);
  }
  await rm(stagingRoot(root, udid), { recursive: true, force: true });
  await rmdir(dirname(stagingRoot(root, udid))).catch(() => undefined);
}

/**
 * The backup folder to restore from: `path` itself, or, when it is the previous backup a swap cut short left
 * (`.cradle-previous-<udid>`), that backup put back in place as `<udid>` (the device asks for its files
 * there). Takes the folder's lock while it does, so no backup of the device is under way.
 */
export async function completeSwap(path: string): Promise<string> {
  const udid = previousOf(basename(path));
  if (udid === undefined) return path;
  const root = dirname(path);
  await withBackupFolderLock(join(root, udid), 'putting the backup back in place', () => recoverInterrupted(root, udid));
  return join(root, udid);
}

/** Creates the staging copy of the previous backup (hard links; a copy where links are impossible). */
export async function prepareStaging(root: string, udid: string): Promise<Staging> {
  await recoverInterrupted(root, udid);
  const staging = { root: stagingRoot(root, udid), backup: join(stagingRoot(root, udid), udid) };
  makeFolder(staging.backup);
  const live = join(root, udid);
  if (await exists(live)) await linkTree(live, staging.backup);
  return staging;
}

/**
 * Replaces the live backup with the finished staging copy. The previous backup is then handed to `keep`
 * (automatic versions rename it away) or removed; a failure to keep it never fails the backup.
 */
export async function commitStaging(root: string, udid: string, staging: Staging, keep?: (previous: string) => Promise<void>): Promise<void> {
  const live = join(root, udid);
  const previous = previousFolder(root, udid);
  const hadLive = await exists(live);
  if (hadLive && exchangeFolders(staging.backup, live)) {
    // One step: `<udid>/` is the new backup, and the staging folder holds the previous one.
    stopInSwapForTests();
    await keep?.(staging.backup).catch(() => undefined);
    await discardStaging(staging);
    return;
  }
  if (hadLive) await rename(live, previous);
  stopInSwapForTests();
  await rename(staging.backup, live);
  if (hadLive) {
    await keep?.(previous).catch(() => undefined);
    await rm(previous, { recursive: true, force: true });
  }
  await discardStaging(staging);
}

/**
 * Tests stop the process exactly in the swap, not by luck: between the two renames (where `<udid>/` is
 * missing), or just after the one-step exchange.
 */
function stopInSwapForTests(): void {
  if (process.env.CRADLE_TEST_STOP_IN_SWAP === '1') process.kill(process.pid, 'SIGKILL');
}

/** Drops a staging copy (and the staging folder when no other device uses it). */
export async function discardStaging(staging: Staging): Promise<void> {
  // Retries cover a write that lands while the tree is being removed (ENOTEMPTY).
  await rm(staging.root, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  await rmdir(dirname(staging.root)).catch(() => undefined);
}

/**
 * Hard-links every file of `from` into `to` (a copy where the disk has no hard links). Synchronous links and
 * listings with a turn for the event loop every LINKS_PER_TURN files: a thread-pool round trip per file cost
 * more than the link (21,000 files: 1.4–1.8 s that way, 0.38–0.44 s so).
 */
async function linkTree(from: string, to: string): Promise<void> {
  let sinceTurn = 0;
  const walk = async (folder: string, into: string): Promise<void> => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const source = join(folder, entry.name);
      const target = join(into, entry.name);
      if (entry.isDirectory()) {
        makeFolder(target);
        await walk(source, target);
      } else if (entry.isFile()) {
        try {
          linkSync(source, target);
        } catch {
          // No hard links here (FAT, some network shares): a copy, on the thread pool, as it may be large.
          await copyFile(source, target);
        }
        if (++sinceTurn % LINKS_PER_TURN === 0) await yieldToEvents();
      }
    }
  };
  await walk(from, to);
}

async function exists(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => undefined)) !== undefined;
}
