/**
 * A lock per backup folder across processes: the app and any number of `cradle` commands may back up,
 * delete, archive or restore from the same folder, and must not do two of these to it at once (a delete
 * during a backup's swap loses both). The lock is a small file beside the folder, `.cradle-lock-<name>`,
 * saying who holds it: process id, host, the process's start, what it does and since when. A lock whose
 * process is gone (same host: no such process, or another one that reused its id) is taken over, by
 * renaming it away first so that two processes cannot both take it. Within one process the lock is shared
 * (the engine's job queues already order work on a device).
 */
import { existsSync, readFileSync } from 'node:fs';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { CradleError } from '../../../shared/errors.ts';

/** What a lock file says. */
interface LockOwner {
  pid: number;
  host: string;
  /** The process's start (Linux: clock ticks since boot), to tell a reused process id. */
  started?: string;
  purpose: string;
  since: string;
}

/** Errors of a location where no lock file can be written: read-only, not ours, full. */
const UNWRITABLE = new Set(['EROFS', 'EACCES', 'EPERM', 'ENOSPC', 'EDQUOT']);

/** Locks this process holds, by lock file, with how many holders share each (no owner: no file could be made). */
const held = new Map<string, { holders: number; owner?: LockOwner }>();
/** Acquisitions under way in this process: callers at the same moment share one. */
const acquiring = new Map<string, Promise<void>>();

/**
 * Takes the lock of the backup folder at `path` for `purpose` (a few words: "a backup", "deleting it").
 * Resolves to the release.
 * @throws CradleError BUSY naming who holds it.
 */
export async function lockBackupFolder(path: string, purpose: string): Promise<() => Promise<void>> {
  const file = lockFileOf(path);
  if (!held.has(file)) {
    let pending = acquiring.get(file);
    if (!pending) {
      pending = acquire(file, path, purpose).finally(() => acquiring.delete(file));
      acquiring.set(file, pending);
    }
    await pending;
  }
  held.get(file)!.holders += 1;
  return once(() => releaseShared(file));
}

/** The lock file of the backup folder at `path`: beside it, named after it. */
function lockFileOf(path: string): string {
  return join(dirname(path), `.cradle-lock-${basename(path)}`);
}

/** Makes the lock file (taking over a stale one) and records it as held by no one yet. */
async function acquire(file: string, path: string, purpose: string): Promise<void> {
  const owner: LockOwner = { pid: process.pid, host: hostname(), started: processStart(process.pid), purpose, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const made = await create(file, owner);
    // A location nobody may write (a read-only disk or share): nothing can change the folder there either.
    if (made === 'unwritable') return void held.set(file, { holders: 0 });
    if (made === 'created') return void held.set(file, { holders: 0, owner });
    const current = await readOwner(file);
    if (current && !isStale(current)) throw busy(path, current);
    await takeOverStale(file, current);
  }
  throw new CradleError('BUSY', `${path} is being locked and unlocked by other processes right now. Try again in a moment.`);
}

/** Runs `work` holding the folder's lock. */
export async function withBackupFolderLock<T>(path: string, purpose: string, work: () => Promise<T>): Promise<T> {
  const release = await lockBackupFolder(path, purpose);
  try {
    return await work();
  } finally {
    await release();
  }
}

/**
 * BUSY naming another live process that holds the folder's lock now, or undefined. Only reads: a reader
 * (verify) uses it to tell a backup that was changed under it from a damaged one.
 */
export async function busyElsewhere(path: string): Promise<CradleError | undefined> {
  const file = lockFileOf(path);
  if (held.has(file)) return undefined;
  const owner = await readOwner(file);
  return owner && !isStale(owner) ? busy(path, owner) : undefined;
}

/**
 * Runs `work` holding the lock of a backup folder that must still be there once the lock is taken (another
 * process may have deleted it while this one waited): delete, archive, move to the Trash.
 * @throws CradleError BACKUP_NOT_FOUND when it is gone.
 */
export async function withExistingBackupFolder<T>(path: string, purpose: string, work: () => Promise<T>): Promise<T> {
  return withBackupFolderLock(path, purpose, () => {
    if (!existsSync(path)) throw deletedMeanwhile(path);
    return work();
  });
}

/** A backup folder another process deleted while this one worked towards it. */
export function deletedMeanwhile(path: string): CradleError {
  return new CradleError('BACKUP_NOT_FOUND', `No backup is at ${path} any more: it was deleted meanwhile.`);
}

async function create(file: string, owner: LockOwner): Promise<'created' | 'exists' | 'unwritable'> {
  let handle;
  try {
    handle = await open(file, 'wx');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return 'exists';
    if (code !== undefined && UNWRITABLE.has(code)) return 'unwritable';
    throw error;
  }
  try {
    await handle.writeFile(`${JSON.stringify(owner)}\n`);
    return 'created';
  } catch (error) {
    // A full disk: the lock cannot say who holds it, so there is none (a restore from that disk still works).
    await rm(file, { force: true });
    if (UNWRITABLE.has((error as NodeJS.ErrnoException).code ?? '')) return 'unwritable';
    throw error;
  } finally {
    await handle.close();
  }
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as Partial<LockOwner>;
    if (typeof value.pid === 'number' && typeof value.host === 'string') return value as LockOwner;
  } catch {
    // Gone meanwhile, or unreadable (half written by a process that died): treated as stale.
  }
  return undefined;
}

/** A lock is stale when its process is gone: only knowable on the same host. */
function isStale(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return false;
  // This process holds no lock of that file (acquisitions are shared above): one of its own, being released.
  if (owner.pid === process.pid && owner.started === processStart(process.pid)) return true;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return true;
  }
  // Alive, unless the id now belongs to a process that started later.
  const started = processStart(owner.pid);
  return owner.started !== undefined && started !== undefined && started !== owner.started;
}

/**
 * Moves a stale lock away under a name of our own; only one process can, as the file is gone for the others.
 * A lock that turns out to be a fresh one (taken between our read and the move) is put back.
 */
async function takeOverStale(file: string, seen: LockOwner | undefined): Promise<void> {
  const aside = `${file}.stale-${process.pid}`;
  try {
    await rename(file, aside);
  } catch {
    return;
  }
  const moved = await readOwner(aside);
  if (moved && seen && (moved.pid !== seen.pid || moved.since !== seen.since)) {
    await rename(aside, file).catch(() => undefined);
    return;
  }
  await rm(aside, { force: true });
}

async function releaseShared(file: string): Promise<void> {
  const mine = held.get(file);
  if (!mine || --mine.holders > 0) return;
  held.delete(file);
  if (!mine.owner) return;
  const current = await readOwner(file);
  if (current?.pid === mine.owner.pid && current.since === mine.owner.since) await rm(file, { force: true });
}

function busy(path: string, owner: LockOwner): CradleError {
  const where = owner.host === hostname() ? `process ${owner.pid}` : `process ${owner.pid} on ${owner.host}`;
  return new CradleError('BUSY', `Another Cradle is using ${path} right now (${owner.purpose ?? 'working with it'}, ${where}, since ${owner.since ?? 'a while'}). Wait for it to finish, or stop it, and try again.`, { lock: owner });
}

/** When a process started (Linux: field 22 of /proc/<pid>/stat); undefined where that cannot be read. */
function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function once(release: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= release());
}
