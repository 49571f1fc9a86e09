/**
 * The Restore request, device side (PROTOCOLS.md §3, §5, §7): download a finished backup from the host,
 * decrypt it with the given password, then replace the device's content. Every check (lock, Find My,
 * password, missing files) happens before the device changes anything.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { VirtualDevice } from '../types.ts';
import { cbcDecrypt, createCbcDecryptStream, KeyUnwrapError } from './aes.ts';
import type { DeviceLink } from './device-link.ts';
import { deviceHardwareKey } from './device-keybag.ts';
import { MBError, MBErrorCode } from './errors.ts';
import { parseKeybag, unlockKeybag, unwrapStoredKey, type ClassKeys } from './keybag.ts';
import { decryptKeychain, KEYCHAIN_DOMAIN, KEYCHAIN_PATH, serializeKeychain } from './keychain.ts';
import { FLAG_DIRECTORY, FLAG_FILE, FLAG_SYMLINK, readManifestDb, type ManifestRow } from './manifest-db.ts';
import { parseManifestPlist, snapshotStateOf } from './plists.ts';
import { applyRestore } from './restore-apply.ts';
import { inRestoreScope, type RestoreScope } from './restore-policy.ts';
import { createWorkDir, removeWorkDir } from './work-dir.ts';

const DOWNLOAD_BATCH = 500;

/** A backup entry ready to go into the store: its row and, for files, the decrypted content on disk. */
export interface RestoreItem {
  row: ManifestRow;
  contentPath?: string;
}

/** Runs a Restore request; resolves with whether the device should now reboot. Throws {@link MBError}. */
export async function runRestore(link: DeviceLink, device: VirtualDevice, request: Record<string, unknown>): Promise<{ reboot: boolean }> {
  if (device.locked) throw new MBError(MBErrorCode.Locked, 'The device is locked: enter the passcode on the device');
  if (device.findMy) throw new MBError(MBErrorCode.FindMyOn, 'Find My iPhone must be turned off before restoring a backup');
  const options = (request.Options ?? {}) as Record<string, unknown>;
  const source = typeof request.SourceIdentifier === 'string' ? request.SourceIdentifier : device.udid;
  const work = createWorkDir(device, 'restore');
  try {
    // Info.plist comes along as on a real device, though nothing here needs it.
    const names = ['Status.plist', 'Manifest.plist', 'Manifest.db', 'Info.plist'];
    const received = await link.downloadFiles(names.map((n) => `${source}/${n}`), 0, (p) => path.join(work, path.basename(p)));
    if (!received.has(`${source}/Status.plist`) || snapshotStateOf(fs.readFileSync(path.join(work, 'Status.plist'))) !== 'finished') {
      throw new MBError(MBErrorCode.BadBackup, 'The backup is not complete (Status.plist is missing or not finished)');
    }
    if (!received.has(`${source}/Manifest.plist`) || !received.has(`${source}/Manifest.db`)) {
      throw new MBError(MBErrorCode.BadBackup, 'The backup has no Manifest.plist or Manifest.db');
    }
    const manifest = parseManifestPlist(fs.readFileSync(path.join(work, 'Manifest.plist')));
    const classKeys = manifest.isEncrypted ? await unlock(manifest.keybag, options.Password, device) : undefined;
    const rows = readRows(path.join(work, 'Manifest.db'), manifest.manifestKey, classKeys, work);
    const scope: RestoreScope = {
      systemFiles: options.RestoreSystemFiles === true,
      preserveSettings: options.RestorePreserveSettings !== false,
      otherDevice: (manifest.udid ?? source) !== device.udid,
    };
    const wanted = rows.filter((row) => inRestoreScope(scope, row.domain, row.relativePath) && knownKind(row));
    const items = await downloadContent(link, source, wanted, classKeys, work);
    applyRestore(device, items, scope, options.RemoveItemsNotRestored === true);
    return { reboot: options.RestoreShouldReboot !== false };
  } finally {
    removeWorkDir(work);
  }
}

/** Unwraps the backup's class keys with the password; a missing or wrong password is error 207. */
async function unlock(keybag: Buffer | undefined, password: unknown, device: VirtualDevice): Promise<ClassKeys> {
  if (!keybag) throw new MBError(MBErrorCode.BadBackup, 'The encrypted backup has no BackupKeyBag');
  if (typeof password !== 'string' || password === '') throw new MBError(MBErrorCode.WrongPassword, 'A password is required to restore this encrypted backup');
  try {
    return await unlockKeybag(parseKeybag(keybag), password, deviceHardwareKey(device));
  } catch (error) {
    if (error instanceof KeyUnwrapError) throw new MBError(MBErrorCode.WrongPassword, 'The backup password is not correct');
    throw error;
  }
}

function readRows(dbPath: string, manifestKey: Buffer | undefined, classKeys: ClassKeys | undefined, work: string): ManifestRow[] {
  let plainPath = dbPath;
  try {
    if (classKeys) {
      if (!manifestKey) throw new Error('no ManifestKey');
      plainPath = path.join(work, 'Manifest-plain.db');
      fs.writeFileSync(plainPath, cbcDecrypt(unwrapStoredKey(classKeys, manifestKey), fs.readFileSync(dbPath)));
    }
    return readManifestDb(plainPath);
  } catch (error) {
    throw new MBError(MBErrorCode.BadBackup, `Manifest.db cannot be read: ${(error as Error).message}`);
  }
}

function knownKind(row: ManifestRow): boolean {
  return row.flags === FLAG_FILE || row.flags === FLAG_DIRECTORY || row.flags === FLAG_SYMLINK;
}

/**
 * Downloads every file of `rows` into the work folder and decrypts it. A file the host does not have is
 * error 205 (nothing changed yet); a file whose key does not unwrap here (a ThisDeviceOnly class of another
 * device) is skipped, as a real restore skips it.
 */
async function downloadContent(link: DeviceLink, source: string, rows: ManifestRow[], classKeys: ClassKeys | undefined, work: string): Promise<RestoreItem[]> {
  const files = rows.filter((row) => row.flags === FLAG_FILE);
  const missing: string[] = [];
  for (let i = 0; i < files.length; i += DOWNLOAD_BATCH) {
    const batch = files.slice(i, i + DOWNLOAD_BATCH);
    const paths = batch.map((row) => `${source}/${row.fileID.slice(0, 2)}/${row.fileID}`);
    const received = await link.downloadFiles(paths, (100 * (i + batch.length)) / files.length, (p) => path.join(work, `${path.posix.basename(p)}.raw`));
    for (const [index, row] of batch.entries()) if (!received.has(paths[index]!)) missing.push(`${row.domain}/${row.relativePath}`);
  }
  if (missing.length) {
    throw new MBError(MBErrorCode.MultipleFileErrors, `${missing.length} files of the backup are missing on the computer, e.g. ${missing.slice(0, 3).join(', ')}`);
  }
  const items: RestoreItem[] = [];
  for (const row of rows) {
    if (row.flags !== FLAG_FILE) {
      items.push({ row });
      continue;
    }
    const raw = path.join(work, `${row.fileID}.raw`);
    // A plain backup's file goes into the store as it came; an encrypted one's is decrypted first.
    const plain = classKeys ? path.join(work, `${row.fileID}.plain`) : raw;
    if (classKeys && !(await decryptFile(raw, plain, row, classKeys))) continue;
    if (row.domain === KEYCHAIN_DOMAIN && row.relativePath === KEYCHAIN_PATH) {
      if (!classKeys) continue;
      fs.writeFileSync(plain, serializeKeychain(decryptKeychain(fs.readFileSync(plain), classKeys)));
    }
    items.push({ row, contentPath: plain });
  }
  return items;
}

/** Decrypts one file with its EncryptionKey; false when the key cannot be used on this device. */
async function decryptFile(raw: string, plain: string, row: ManifestRow, classKeys: ClassKeys): Promise<boolean> {
  const encryptionKey = row.file.encryptionKey;
  if (!encryptionKey) return false;
  try {
    const key = unwrapStoredKey(classKeys, encryptionKey);
    await pipeline(fs.createReadStream(raw), createCbcDecryptStream(key), fs.createWriteStream(plain));
    return true;
  } catch {
    fs.rmSync(plain, { force: true });
    return false;
  } finally {
    fs.rmSync(raw, { force: true });
  }
}
