/**
 * The Backup request, device side (PROTOCOLS.md §3–§5): read the previous backup from the host as the
 * incremental base, upload new and changed files into `<udid>/Snapshot/`, move them into place, remove
 * what is gone, and write Status.plist `finished` last.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { VirtualDevice } from '../types.ts';
import { cbcDecrypt, cbcEncrypt } from './aes.ts';
import { planBackup, manifestRowsOf, type BackupPlan, type PreviousBackup } from './backup-plan.ts';
import type { DeviceLink, UploadItem } from './device-link.ts';
import { deviceKeybag, type DeviceKeybag } from './device-keybag.ts';
import { ensureKeychain } from './device-keychain.ts';
import { MBError, MBErrorCode } from './errors.ts';
import { newWrappedKey, unwrapStoredKey } from './keybag.ts';
import { readManifestDb, writeManifestDb } from './manifest-db.ts';
import { buildManifestPlist, buildStatusPlist, newBackupStatus, parseManifestPlist, snapshotStateOf, type BackupStatus } from './plists.ts';
import { createWorkDir, removeWorkDir } from './work-dir.ts';

/** What the last backup of a device transferred (for tests and benchmarks). */
export interface BackupStats {
  full: boolean;
  encrypted: boolean;
  entries: number;
  filesUploaded: number;
  bytesUploaded: number;
  filesRemoved: number;
}

/** Free space the device wants on the host beyond the upload itself. */
const SPACE_MARGIN = 128 * 1024 * 1024;
const UPLOAD_BATCH_FILES = 500;
const UPLOAD_BATCH_BYTES = 32 * 1024 * 1024;
const MOVE_BATCH = 2000;
/** Class of the Manifest.db key. */
const MANIFEST_KEY_CLASS = 4;

const lastStats = new WeakMap<VirtualDevice, BackupStats>();

/** Statistics of the device's last successful backup. */
export function lastBackupStats(device: VirtualDevice): BackupStats | undefined {
  return lastStats.get(device);
}

/** Runs a Backup request; resolves when the backup is complete, throws {@link MBError} when it fails. */
export async function runBackup(link: DeviceLink, device: VirtualDevice, request: Record<string, unknown>): Promise<void> {
  if (device.locked) throw new MBError(MBErrorCode.Locked, 'The device is locked: enter the passcode on the device');
  const encrypted = device.backupPassword !== null;
  if (!encrypted && device.values['com.apple.mobile.backup']?.RequiresEncrypt === true) {
    throw new MBError(MBErrorCode.EncryptionRequired, 'Backup encryption is required by a configuration profile on this device: turn on encryption first');
  }
  const udid = typeof request.TargetIdentifier === 'string' ? request.TargetIdentifier : device.udid;
  const options = (request.Options ?? {}) as Record<string, unknown>;
  const keys = encrypted ? await deviceKeybag(device) : undefined;
  if (encrypted) ensureKeychain(device);
  const work = createWorkDir(device, 'backup');
  try {
    const previous = await previousBackup(link, udid, work, device, keys, options.ForceFullBackup !== true);
    const listing = await link.contentsOfDirectory(udid);
    if (listing.Snapshot) await link.removeItems([`${udid}/Snapshot`], 0);
    const plan = await planBackup(device, keys?.classKeys, previous);
    const full = previous?.incremental !== true;
    const free = await link.freeDiskSpace();
    if (free !== undefined && free < plan.uploadBytes + SPACE_MARGIN) {
      throw new MBError(MBErrorCode.DiskSpace, `Not enough free disk space on the computer: ${plan.uploadBytes + SPACE_MARGIN} bytes needed, ${free} available`);
    }
    const status = newBackupStatus(full);
    const snapshot = `${udid}/Snapshot`;
    await link.createDirectory(snapshot);
    await uploadSmall(link, `${snapshot}/Status.plist`, buildStatusPlist(status), 1);
    const failed = await uploadFiles(link, snapshot, plan);
    await uploadManifest(link, device, plan, failed, snapshot, keys, work);
    await moveIntoPlace(link, udid, plan, failed, status);
    if (plan.removed.length) {
      for (const batch of chunk(plan.removed, MOVE_BATCH)) await link.removeItems(batch.map((id) => `${udid}/${id.slice(0, 2)}/${id}`), 96);
    }
    status.snapshotState = 'removing';
    await uploadSmall(link, `${udid}/Status.plist`, buildStatusPlist(status), 97);
    await link.removeItems([snapshot], 98);
    status.snapshotState = 'finished';
    await uploadSmall(link, `${udid}/Status.plist`, buildStatusPlist(status), 100);
    lastStats.set(device, {
      full, encrypted, entries: plan.entries.length - failed.size,
      filesUploaded: plan.uploads.length - failed.size, bytesUploaded: plan.uploadBytes, filesRemoved: plan.removed.length,
    });
  } finally {
    removeWorkDir(work);
  }
}

/**
 * Downloads the previous Status.plist, Manifest.plist and Manifest.db. Their rows are returned when the
 * device can read them (plaintext, or encrypted with its current keybag); the backup builds on them only
 * when it is a finished backup of this device with the same encryption and no full backup was asked for.
 */
async function previousBackup(link: DeviceLink, udid: string, work: string, device: VirtualDevice, keys: DeviceKeybag | undefined, allowIncremental: boolean): Promise<PreviousBackup | undefined> {
  const names = ['Status.plist', 'Manifest.plist', 'Manifest.db'];
  const received = await link.downloadFiles(names.map((n) => `${udid}/${n}`), 0, (p) => path.join(work, path.basename(p)));
  if (!received.has(`${udid}/Manifest.plist`) || !received.has(`${udid}/Manifest.db`)) return undefined;
  try {
    const manifest = parseManifestPlist(fs.readFileSync(path.join(work, 'Manifest.plist')));
    let dbPath = path.join(work, 'Manifest.db');
    if (manifest.isEncrypted) {
      if (!keys || !manifest.keybag?.equals(keys.serialized) || !manifest.manifestKey) return undefined;
      dbPath = path.join(work, 'Manifest-plain.db');
      fs.writeFileSync(dbPath, cbcDecrypt(unwrapStoredKey(keys.classKeys, manifest.manifestKey), fs.readFileSync(path.join(work, 'Manifest.db'))));
    }
    const finished = received.has(`${udid}/Status.plist`) && snapshotStateOf(fs.readFileSync(path.join(work, 'Status.plist'))) === 'finished';
    return {
      rows: new Map(readManifestDb(dbPath).map((row) => [row.fileID, row])),
      incremental: allowIncremental && finished && manifest.udid === device.udid && manifest.isEncrypted === (keys !== undefined),
    };
  } catch {
    // An unreadable previous backup is no base: this backup becomes a full one.
    return undefined;
  }
}

/** Uploads the planned files into `Snapshot/xx/<fileID>`, creating the `xx` folders first. */
async function uploadFiles(link: DeviceLink, snapshot: string, plan: BackupPlan): Promise<Set<string>> {
  for (const prefix of new Set(plan.uploads.map((p) => p.fileID.slice(0, 2)))) await link.createDirectory(`${snapshot}/${prefix}`);
  const failed = new Set<string>();
  let sent = 0;
  let batch: UploadItem[] = [];
  let batchBytes = 0;
  const flush = async (): Promise<void> => {
    if (!batch.length) return;
    sent += batchBytes;
    const progress = 2 + (90 * sent) / Math.max(plan.uploadBytes, 1);
    for (const backupPath of await link.uploadFiles(batch, progress, batchBytes)) failed.add(path.posix.basename(backupPath));
    batch = [];
    batchBytes = 0;
  };
  for (const planned of plan.uploads) {
    const upload = planned.upload!;
    batch.push({
      devicePath: `/var/mobile/${planned.entry.domain}/${planned.entry.relativePath}`,
      backupPath: `${snapshot}/${planned.fileID.slice(0, 2)}/${planned.fileID}`,
      content: () => upload.content(),
    });
    batchBytes += upload.wireSize;
    if (batch.length >= UPLOAD_BATCH_FILES || batchBytes >= UPLOAD_BATCH_BYTES) await flush();
  }
  await flush();
  return failed;
}

/** Writes Manifest.db (encrypted whole with a ManifestKey when the backup is) and Manifest.plist into the snapshot. */
async function uploadManifest(link: DeviceLink, device: VirtualDevice, plan: BackupPlan, failed: ReadonlySet<string>, snapshot: string, keys: DeviceKeybag | undefined, work: string): Promise<void> {
  const dbPath = path.join(work, 'Manifest-new.db');
  writeManifestDb(dbPath, manifestRowsOf(plan, failed));
  let db: Buffer = fs.readFileSync(dbPath);
  let encryption;
  if (keys) {
    const manifestKey = newWrappedKey(keys.classKeys, MANIFEST_KEY_CLASS);
    db = cbcEncrypt(manifestKey.key, db);
    encryption = { keybag: keys.serialized, manifestKey: manifestKey.encryptionKey };
  }
  await uploadSmall(link, `${snapshot}/Manifest.db`, db, 93);
  await uploadSmall(link, `${snapshot}/Manifest.plist`, buildManifestPlist(device, plan.entries.map((p) => p.entry), encryption), 94);
}

/** Marks the backup as moving, then renames the snapshot's files over the previous backup's. */
async function moveIntoPlace(link: DeviceLink, udid: string, plan: BackupPlan, failed: ReadonlySet<string>, status: BackupStatus): Promise<void> {
  status.snapshotState = 'moving';
  await uploadSmall(link, `${udid}/Status.plist`, buildStatusPlist(status), 95);
  const moved = plan.uploads.filter((p) => !failed.has(p.fileID)).map((p) => p.fileID);
  for (const prefix of new Set(moved.map((id) => id.slice(0, 2)))) await link.createDirectory(`${udid}/${prefix}`);
  const moves: Array<[string, string]> = moved.map((id) => [`${udid}/Snapshot/${id.slice(0, 2)}/${id}`, `${udid}/${id.slice(0, 2)}/${id}`]);
  moves.push([`${udid}/Snapshot/Manifest.db`, `${udid}/Manifest.db`], [`${udid}/Snapshot/Manifest.plist`, `${udid}/Manifest.plist`]);
  for (const batch of chunk(moves, MOVE_BATCH)) await link.moveItems(Object.fromEntries(batch), 95);
}

/** Uploads one small in-memory file (plists, Manifest.db). */
async function uploadSmall(link: DeviceLink, backupPath: string, data: Buffer, progress: number): Promise<void> {
  const item: UploadItem = {
    devicePath: `/var/mobile/Library/Backup/${path.posix.basename(backupPath)}`,
    backupPath,
    content: async function* () {
      yield data;
    },
  };
  const failed = await link.uploadFiles([item], progress, data.length);
  if (failed.size) throw new Error(`could not upload ${backupPath}`);
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
