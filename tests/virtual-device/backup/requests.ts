/**
 * The small mobilebackup2 requests: Info, List, Unback, ChangePassword, EnableCloudBackup.
 */
import fs from 'node:fs';
import path from 'node:path';
import { decodePlist } from '../plist.ts';
import type { VirtualDevice } from '../types.ts';
import { cbcDecrypt } from './aes.ts';
import type { DeviceLink } from './device-link.ts';
import { deviceKeybag } from './device-keybag.ts';
import { MBError, MBErrorCode } from './errors.ts';
import { unwrapStoredKey } from './keybag.ts';
import { readManifestDb } from './manifest-db.ts';
import { parseManifestPlist } from './plists.ts';
import { createWorkDir, removeWorkDir } from './work-dir.ts';

/** Reply fields of a successful request (merged into the final Response). */
export type ReplyFields = Record<string, unknown>;

/** Info: a text summary of the last backup of SourceIdentifier, read from the host. */
export async function runInfo(link: DeviceLink, device: VirtualDevice, request: Record<string, unknown>): Promise<ReplyFields> {
  const source = sourceOf(request, device);
  return withWorkDir(device, async (work) => {
    const names = ['Info.plist', 'Status.plist', 'Manifest.plist'];
    const received = await link.downloadFiles(names.map((n) => `${source}/${n}`), 0, (p) => path.join(work, path.basename(p)));
    if (!received.has(`${source}/Manifest.plist`)) throw new MBError(MBErrorCode.BadBackup, `No backup of ${source} on the computer`);
    const lines: string[] = [];
    for (const name of names) {
      if (!received.has(`${source}/${name}`)) continue;
      const value = decodePlist(fs.readFileSync(path.join(work, name))) as Record<string, unknown>;
      lines.push(`${name}:`);
      for (const [key, field] of Object.entries(value)) {
        if (typeof field === 'string' || typeof field === 'number' || typeof field === 'boolean') lines.push(`  ${key}: ${String(field)}`);
        else if (field instanceof Date) lines.push(`  ${key}: ${field.toISOString()}`);
      }
    }
    return { Content: `${lines.join('\n')}\n` };
  });
}

/** List: the files of the last backup as CSV (an encrypted one only when it is this device's current keybag). */
export async function runList(link: DeviceLink, device: VirtualDevice, request: Record<string, unknown>): Promise<ReplyFields> {
  const source = sourceOf(request, device);
  return withWorkDir(device, async (work) => {
    const received = await link.downloadFiles([`${source}/Manifest.plist`, `${source}/Manifest.db`], 0, (p) => path.join(work, path.basename(p)));
    if (received.size !== 2) throw new MBError(MBErrorCode.BadBackup, `No backup of ${source} on the computer`);
    const manifest = parseManifestPlist(fs.readFileSync(path.join(work, 'Manifest.plist')));
    let dbPath = path.join(work, 'Manifest.db');
    if (manifest.isEncrypted) {
      const keys = device.backupPassword === null ? undefined : await deviceKeybag(device);
      if (!keys || !manifest.manifestKey || !manifest.keybag?.equals(keys.serialized)) {
        throw new MBError(MBErrorCode.WrongPassword, 'The backup is encrypted with keys this device does not hold');
      }
      dbPath = path.join(work, 'Manifest-plain.db');
      fs.writeFileSync(dbPath, cbcDecrypt(unwrapStoredKey(keys.classKeys, manifest.manifestKey), fs.readFileSync(path.join(work, 'Manifest.db'))));
    }
    const rows = readManifestDb(dbPath).map((row) => [row.domain, row.relativePath, row.file.size, row.file.mode.toString(8), row.file.lastModified].map(csv).join(','));
    return { Content: `Domain,RelativePath,Size,Mode,LastModified\n${rows.join('\n')}\n` };
  });
}

/** Unback: unpacking a backup is done by the host since iOS 10 *(modelled)*. */
export function runUnback(): never {
  throw new MBError(MBErrorCode.NotSupported, 'Unback is not supported by this device');
}

/**
 * ChangePassword: NewPassword alone turns encryption on, OldPassword alone turns it off, both change it. A
 * wrong old password is 207; turning encryption off while a profile forces it is refused.
 */
export async function runChangePassword(device: VirtualDevice, request: Record<string, unknown>): Promise<ReplyFields> {
  const oldPassword = typeof request.OldPassword === 'string' ? request.OldPassword : undefined;
  const newPassword = typeof request.NewPassword === 'string' && request.NewPassword !== '' ? request.NewPassword : undefined;
  if (oldPassword === undefined && newPassword === undefined) throw new MBError(MBErrorCode.Failed, 'No password given');
  if (device.backupPassword !== null && oldPassword !== device.backupPassword) {
    throw new MBError(MBErrorCode.WrongPassword, oldPassword === undefined ? 'Backup encryption is already on: the current password is required' : 'The backup password is not correct');
  }
  if (device.backupPassword === null && oldPassword !== undefined) {
    throw new MBError(MBErrorCode.WrongPassword, 'Backup encryption is not on');
  }
  if (newPassword === undefined && device.values['com.apple.mobile.backup']?.RequiresEncrypt === true) {
    throw new MBError(MBErrorCode.EncryptionRequired, 'Backup encryption is required by a configuration profile on this device and cannot be turned off');
  }
  device.backupPassword = newPassword ?? null;
  (device.values['com.apple.mobile.backup'] ??= {}).WillEncrypt = newPassword !== undefined;
  if (newPassword !== undefined) await deviceKeybag(device);
  device.changed();
  return {};
}

/** EnableCloudBackup: sets `com.apple.mobile.backup` CloudBackupEnabled. */
export function runEnableCloudBackup(device: VirtualDevice, request: Record<string, unknown>): ReplyFields {
  const state = request.CloudBackupState ?? (request.Options as Record<string, unknown> | undefined)?.CloudBackupState;
  if (typeof state !== 'boolean') throw new MBError(MBErrorCode.Failed, 'CloudBackupState is missing');
  (device.values['com.apple.mobile.backup'] ??= {}).CloudBackupEnabled = state;
  device.changed();
  return {};
}

function sourceOf(request: Record<string, unknown>, device: VirtualDevice): string {
  const source = request.SourceIdentifier ?? request.TargetIdentifier;
  return typeof source === 'string' ? source : device.udid;
}

async function withWorkDir<T>(device: VirtualDevice, run: (work: string) => Promise<T>): Promise<T> {
  const work = createWorkDir(device, 'request');
  try {
    return await run(work);
  } finally {
    removeWorkDir(work);
  }
}

function csv(value: unknown): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
