/**
 * The backups the browser has open: their manifest, tree and, for encrypted ones, the class keys of the
 * unlocked keybag, kept in memory only (never on disk) and dropped when the backup is closed or pushed out.
 */
import type { OpenedBackup } from '../../../shared/browse.ts';
import { CradleError } from '../../../shared/errors.ts';
import { parseKeybag } from '../crypto/keybag.ts';
import { unlockKeybag, type ClassKeys } from '../crypto/unlock.ts';
import { backupPasswordKey, type SecretStore } from '../settings/secret-store.ts';
import type { BackupContents } from './backup-reader.ts';
import { BackupTree } from './browse.ts';
import { openBackup, readManifestPlist } from './open-backup.ts';

/** An open backup's parts, for the handlers. */
export interface BackupSession {
  id: string;
  path: string;
  contents: BackupContents;
  tree: BackupTree;
  classKeys?: ClassKeys;
}

/** How many backups stay open at once; the least recently used is closed beyond it. */
const MAX_OPEN = 3;

/** The open backups, by library id. */
export class OpenedBackups {
  private readonly sessions = new Map<string, BackupSession>();

  constructor(
    private readonly secrets: SecretStore,
    private readonly locate: (id: string) => Promise<string>,
  ) {}

  /** Opens a backup; an encrypted one stays locked unless its password is remembered. */
  async open(id: string): Promise<OpenedBackup> {
    const open = this.sessions.get(id);
    if (open) return describe(open.id, open.contents.manifestPlist, open);
    const path = await this.locate(id);
    const manifest = await readManifestPlist(path);
    if (manifest.IsEncrypted !== true) return describe(id, manifest, await this.start(id, path));
    const remembered = this.secrets.get(backupPasswordKey(udidOf(path, manifest)));
    if (remembered) {
      try {
        return await this.unlock(id, remembered);
      } catch (error) {
        if (!(error instanceof CradleError && error.code === 'WRONG_PASSWORD')) throw error;
      }
    }
    return describe(id, manifest);
  }

  /**
   * Unlocks an encrypted backup with its password (the key derivation runs on the thread pool, so the
   * interface stays responsive); `remember` keeps the password in the OS keychain.
   * @throws CradleError WRONG_PASSWORD.
   */
  async unlock(id: string, password: string, remember?: boolean): Promise<OpenedBackup> {
    const path = await this.locate(id);
    const manifest = await readManifestPlist(path);
    if (manifest.IsEncrypted !== true) return this.open(id);
    const classKeys = await unlockManifest(manifest, password);
    const key = backupPasswordKey(udidOf(path, manifest));
    if (remember === true) await this.secrets.set(key, password);
    else if (remember === false) await this.secrets.delete(key);
    this.close(id);
    return describe(id, manifest, await this.start(id, path, classKeys));
  }

  /** The open, unlocked session of a backup (opened now if needed). */
  async session(id: string): Promise<BackupSession> {
    let session = this.sessions.get(id);
    if (!session) {
      const opened = await this.open(id);
      if (opened.locked) throw new CradleError('PASSWORD_REQUIRED', 'This backup is encrypted. Enter its password to open it.');
      session = this.sessions.get(id)!;
    }
    // Most recently used last.
    this.sessions.delete(id);
    this.sessions.set(id, session);
    return session;
  }

  /** Closes a backup and forgets its keys. */
  close(id: string): void {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    session.contents.close();
  }

  /** Closes every backup. */
  closeAll(): void {
    for (const id of [...this.sessions.keys()]) this.close(id);
  }

  private async start(id: string, path: string, classKeys?: ClassKeys): Promise<BackupSession> {
    const contents = await openBackup(path, { classKeys });
    const session: BackupSession = { id, path, contents, tree: new BackupTree(contents), ...(classKeys ? { classKeys } : {}) };
    this.sessions.set(id, session);
    while (this.sessions.size > MAX_OPEN) this.close(this.sessions.keys().next().value!);
    return session;
  }
}

function describe(id: string, manifest: Record<string, unknown>, session?: BackupSession): OpenedBackup {
  const lockdown = (manifest.Lockdown ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    id,
    encrypted: manifest.IsEncrypted === true,
    locked: !session,
    format: session?.contents.format ?? 'modern',
    deviceName: text(lockdown.DeviceName),
    iosVersion: text(lockdown.ProductVersion),
    date: manifest.Date instanceof Date ? manifest.Date.toISOString() : undefined,
    entries: session ? [...session.contents.domains().values()].reduce((sum, count) => sum + count, 0) : 0,
  };
}

/**
 * The class keys of an encrypted backup's keybag (Manifest.plist BackupKeyBag) for `password`.
 * @throws CradleError WRONG_PASSWORD, BACKUP_CORRUPT.
 */
export async function unlockManifest(manifest: Record<string, unknown>, password: string): Promise<ClassKeys> {
  if (!Buffer.isBuffer(manifest.BackupKeyBag)) throw new CradleError('BACKUP_CORRUPT', 'This backup has no keybag, so it cannot be unlocked. It is damaged.');
  return unlockKeybag(parseKeybag(manifest.BackupKeyBag), password);
}

/** The UDID a backup belongs to: its Manifest.plist's, else the folder name. */
export function udidOf(path: string, manifest: Record<string, unknown>): string {
  const udid = ((manifest.Lockdown ?? {}) as Record<string, unknown>).UniqueDeviceID;
  return typeof udid === 'string' && udid ? udid : path.split(/[\\/]/).pop()!;
}
