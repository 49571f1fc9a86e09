/**
 * "Back Up Now": a complete, standard backup (Finder/iTunes format) into `<folder>/<udid>`, incremental
 * unless forced full. The device writes into a staging copy; only ErrorCode 0 with Status.plist
 * "finished" replaces the previous backup, so an interrupted backup never damages it.
 */
import { access, constants, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackupResult } from '../../../shared/backup.ts';
import { CradleError } from '../../../shared/errors.ts';
import { PathConfinement } from '../devicelink/confine.ts';
import { runLinkSession } from '../devicelink/session.ts';
import { makeFolder } from '../devicelink/file-errors.ts';
import { diskError } from '../devicelink/upload.ts';
import type { JobContext } from '../jobs/job-manager.ts';
import { keepAsVersion } from '../library/versions.ts';
import type { UsbmuxClient, UsbmuxDevice } from '../usbmux/client.ts';
import { openBackupConnection, watchSync } from './connection.ts';
import { backupDeviceError, connectionLostError } from './device-errors.ts';
import { buildInfoPlist, writeInfoPlist } from './info-plist.ts';
import { ProgressTracker } from './progress.ts';
import { commitStaging, discardStaging, prepareStaging, type Staging } from './staging.ts';
import { acquireSyncLock } from './sync-lock.ts';
import { readBackupPlist } from '../library/backup-file.ts';
import { lastBackupDate } from './last-backup.ts';
import { backupFootprint } from '../library/scan.ts';
import { lockBackupFolder } from '../library/folder-lock.ts';

/** What to back up, and where. */
export interface BackupRequest {
  usbmux: UsbmuxClient;
  device: UsbmuxDevice;
  /** The folder holding `<udid>/` backups. */
  folder: string;
  /** Force a full backup (otherwise incremental when a previous backup exists). */
  full?: boolean;
  /** Earlier backups of the device to keep as versions (library/versions.ts); 0 or absent: none. */
  keepVersions?: number;
}

/** Runs a backup as a job. */
export async function runBackup(request: BackupRequest, job: JobContext): Promise<BackupResult> {
  try {
    return await backUp(request, job);
  } catch (error) {
    throw connectionLostError(error, 'backup');
  }
}

async function backUp(request: BackupRequest, job: JobContext): Promise<BackupResult> {
  const started = Date.now();
  const { udid } = request.device;
  job.phase('connecting');
  const connection = await openBackupConnection(request.usbmux, request.device, {
    withApps: true,
    signal: job.signal,
    check: (_values, backup) => {
      if (backup.RequiresEncrypt === true && backup.WillEncrypt !== true) {
        throw new CradleError('ENCRYPTION_REQUIRED', 'A profile on this device requires encrypted backups. Turn on "Encrypt local backup" (set a password) and back up again.');
      }
    },
  });
  const watch = await watchSync(connection, job, { passcode: 'Enter the passcode on the device to start the backup.', phase: 'backing up' });

  let release: (() => Promise<void>) | undefined;
  let releaseFolder: (() => Promise<void>) | undefined;
  let staging: Staging | undefined;
  try {
    // The device's sync lock comes before the staging folder: another process backing up the same device
    // holds it, and preparing staging would otherwise wipe the staging folder that process is writing.
    release = await acquireSyncLock(connection.np, connection.afc, job.signal);
    makeFolder(request.folder);
    // Other processes (another cradle, the app) may not delete, archive or restore from it meanwhile.
    releaseFolder = await lockBackupFolder(join(request.folder, udid), 'a backup');
    // Without a finished backup to start from, the device sends everything: a full backup, whatever was asked.
    const full = request.full === true || (await lastBackupDate(request.folder, udid)) === undefined;
    staging = await prepareStaging(request.folder, udid);
    await writeInfoPlist(staging.backup, buildInfoPlist(udid, connection.values, connection.apps));
    job.phase('backing up');
    const tracker = new ProgressTracker((progress) => job.progress(progress));
    await connection.link.sendProcessMessage({ MessageName: 'Backup', TargetIdentifier: udid, Options: { ForceFullBackup: request.full === true } });
    const final = await runLinkSession(connection.link, {
      confine: new PathConfinement(staging.root, udid),
      spaceFolder: request.folder,
      signal: job.signal,
      progress: {
        onBytes: (bytes) => tracker.addBytes(bytes),
        onFile: (path) => tracker.addFile(path),
        onUploadBatch: (bytes, percentAfter) => tracker.uploadBatch(bytes, percentAfter),
      },
    });
    if (final.errorCode !== 0) throw backupDeviceError(final.errorCode, final.errorDescription, 'backup');
    await assertFinished(staging.backup);
    job.phase('saving');
    const keep = request.keepVersions ?? 0;
    // Still under the sync lock: the swap is finished before another backup of the device may start.
    await commitStaging(request.folder, udid, staging, keep > 0 ? (previous) => keepAsVersion(request.folder, udid, previous, keep) : undefined);
    staging = undefined;
    await release();
    release = undefined;
    tracker.finish();
    const progress = tracker.snapshot();
    const holds = await backupFootprint(join(request.folder, udid));
    return {
      udid,
      path: join(request.folder, udid),
      encrypted: connection.backupValues.WillEncrypt === true,
      full,
      files: holds.files,
      bytes: holds.bytes,
      receivedFiles: progress.filesDone,
      receivedBytes: progress.bytesDone,
      durationMs: Date.now() - started,
    };
  } catch (error) {
    const cancelled = job.signal.aborted || watch.cancelledOnDevice();
    // Before the staging copy goes: removing it frees the space whose lack may be the reason.
    const failure = cancelled ? error : await fileSystemError(error, request.folder);
    // A staging copy that cannot be removed now (a read-only disk) is cleared by the next backup; the
    // reason the backup failed is what the person needs to see.
    if (staging) await discardStaging(staging).catch(() => undefined);
    if (cancelled) {
      throw new CradleError('CANCELLED', watch.cancelledOnDevice() ? 'The backup was cancelled on the device. Your previous backup is untouched.' : 'The backup was cancelled. Your previous backup is untouched.');
    }
    throw failure;
  } finally {
    watch.stop();
    await releaseFolder?.().catch(() => undefined);
    await release?.().catch(() => undefined);
    await connection.close();
  }
}

/**
 * A file-system error of the backup in words. A full or read-only disk is also recognised from the disk
 * itself, for errors that do not say so: a host file operation the device asked for fails, and the device
 * ends the backup with a generic error (100) that says nothing to the person.
 */
async function fileSystemError(error: unknown, folder: string): Promise<unknown> {
  const explained = diskError(error);
  if (explained !== error || (error instanceof CradleError && error.code !== 'PROTOCOL')) return explained;
  const denied = await access(folder, constants.W_OK).then(
    () => undefined,
    (failure: unknown) => diskError(failure),
  );
  if (denied instanceof CradleError) return denied;
  const disk = await statfs(folder).catch(() => undefined);
  if (!disk || (disk.bavail > 0 && disk.ffree > 0)) return error;
  return new CradleError('DISK_FULL', 'The disk with the backup folder is full (no space, or no room for more files). Free some space and back up again; your previous backup is untouched.', {
    cause: (error as Error).message,
  });
}

/** A backup counts only when Status.plist says the snapshot finished. */
async function assertFinished(folder: string): Promise<void> {
  const status = (await readBackupPlist(folder, 'Status.plist').catch(() => undefined)) as Record<string, unknown> | null | undefined;
  const state = status?.SnapshotState;
  if (state !== 'finished') {
    throw new CradleError('BACKUP_INCOMPLETE', 'The device ended the backup before it was complete. Your previous backup is untouched; back up again.', { state });
  }
}
