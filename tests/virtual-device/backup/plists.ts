/**
 * Status.plist and Manifest.plist as the device writes them into a backup (PROTOCOLS.md §4).
 */
import { createHash, randomUUID } from 'node:crypto';
import { decodePlist, encodeBinary } from '../plist.ts';
import type { DeviceFileEntry, VirtualDevice } from '../types.ts';

/** Progress of a backup as recorded in Status.plist. */
export type SnapshotState = 'uploading' | 'moving' | 'removing' | 'finished';

/** Status.plist content. */
export interface BackupStatus {
  uuid: string;
  date: Date;
  isFullBackup: boolean;
  snapshotState: SnapshotState;
  backupState: 'new' | 'old' | 'empty';
}

/** A new backup's status: a fresh UUID, now. */
export function newBackupStatus(isFullBackup: boolean): BackupStatus {
  return { uuid: randomUUID().toUpperCase(), date: new Date(), isFullBackup, snapshotState: 'uploading', backupState: 'new' };
}

/** Encodes Status.plist (binary, as the device uploads it). */
export function buildStatusPlist(status: BackupStatus): Buffer {
  return encodeBinary({
    IsFullBackup: status.isFullBackup,
    Version: '3.3',
    BackupState: status.backupState,
    Date: status.date,
    SnapshotState: status.snapshotState,
    UUID: status.uuid,
  });
}

/** Reads the SnapshotState of a Status.plist; undefined when unreadable. */
export function snapshotStateOf(statusPlist: Buffer): string | undefined {
  try {
    const value = (decodePlist(statusPlist) as Record<string, unknown>).SnapshotState;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Encryption part of Manifest.plist. */
export interface ManifestEncryption {
  keybag: Buffer;
  /** u32 LE class ‖ wrapped Manifest.db key. */
  manifestKey: Buffer;
}

const LOCKDOWN_KEYS = ['ProductVersion', 'BuildVersion', 'DeviceName', 'SerialNumber', 'ProductType', 'UniqueDeviceID'] as const;

/** Encodes Manifest.plist for a backup of `device` whose entries are `entries`. */
export function buildManifestPlist(device: VirtualDevice, entries: readonly DeviceFileEntry[], encryption?: ManifestEncryption): Buffer {
  const identity = device.values[''] ?? {};
  const lockdown: Record<string, unknown> = {
    'com.apple.MobileDeviceCrashCopy': {},
    'com.apple.TerminalFlashr': {},
    'com.apple.mobile.data_sync': {},
    'com.apple.Accessibility': {},
  };
  for (const key of LOCKDOWN_KEYS) {
    const value = key === 'UniqueDeviceID' ? device.udid : identity[key];
    if (typeof value === 'string') lockdown[key] = value;
  }
  const manifest: Record<string, unknown> = {
    Version: '10.0',
    SystemDomainsVersion: '24.0',
    Date: new Date(),
    IsEncrypted: encryption !== undefined,
    WasPasscodeSet: identity.PasswordProtected === true,
    Lockdown: lockdown,
    Applications: applicationsOf(entries),
  };
  if (encryption) {
    manifest.BackupKeyBag = encryption.keybag;
    manifest.ManifestKey = encryption.manifestKey;
  }
  return encodeBinary(manifest);
}

/** The fields of a Manifest.plist the device reads back (incremental base, restore). */
export interface ManifestInfo {
  isEncrypted: boolean;
  keybag?: Buffer;
  manifestKey?: Buffer;
  udid?: string;
}

/** Parses the fields of a Manifest.plist that drive decryption; throws when it is not a plist dictionary. */
export function parseManifestPlist(data: Buffer): ManifestInfo {
  const manifest = decodePlist(data) as Record<string, unknown>;
  if (!manifest || typeof manifest !== 'object') throw new Error('Manifest.plist is not a dictionary');
  const info: ManifestInfo = { isEncrypted: manifest.IsEncrypted === true };
  if (Buffer.isBuffer(manifest.BackupKeyBag)) info.keybag = manifest.BackupKeyBag;
  if (Buffer.isBuffer(manifest.ManifestKey)) info.manifestKey = manifest.ManifestKey;
  const lockdown = manifest.Lockdown as Record<string, unknown> | undefined;
  if (typeof lockdown?.UniqueDeviceID === 'string') info.udid = lockdown.UniqueDeviceID;
  return info;
}

/** `Applications` of Manifest.plist: one record per app container domain (`AppDomain-<bundleId>`). */
function applicationsOf(entries: readonly DeviceFileEntry[]): Record<string, unknown> {
  const applications: Record<string, unknown> = {};
  for (const entry of entries) {
    if (entry.relativePath !== '' || !entry.domain.startsWith('AppDomain-')) continue;
    const bundleId = entry.domain.slice('AppDomain-'.length);
    const hex = createHash('sha1').update(bundleId).digest('hex').toUpperCase();
    const container = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
    applications[bundleId] = {
      CFBundleIdentifier: bundleId,
      CFBundleVersion: '1',
      ContainerContentClass: 'Data/Application',
      Path: `/private/var/containers/Bundle/Application/${container}/${bundleId.split('.').pop() ?? bundleId}.app`,
    };
  }
  return applications;
}
