/**
 * Restores a backup onto a device (mobilebackup2 Restore): pre-flight first (nothing is sent when a check
 * fails), then the sync lock, the app list written to /iTunesRestore/RestoreApplications.plist over AFC,
 * Restore with the chosen options, and the backup streamed to the device. The backup folder is only read:
 * any command that would change it is refused. When asked, the device's restart is followed.
 */
import { basename, dirname } from 'node:path';
import { CradleError } from '../../../shared/errors.ts';
import type { RestoreOptions, RestorePreflight, RestoreResult } from '../../../shared/restore.ts';
import { openBackupConnection, watchSync } from '../backup/connection.ts';
import { backupDeviceError, connectionLostError } from '../backup/device-errors.ts';
import { ProgressTracker } from '../backup/progress.ts';
import { acquireSyncLock } from '../backup/sync-lock.ts';
import { PathConfinement } from '../devicelink/confine.ts';
import { runLinkSession } from '../devicelink/session.ts';
import type { SmallFiles } from '../devicelink/small-files.ts';
import type { JobContext } from '../jobs/job-manager.ts';
import { readManifestPlist } from '../library/open-backup.ts';
import { encodeXmlPlist } from '../plist/codec.ts';
import type { AfcClient } from '../services/afc.ts';
import type { UsbmuxClient, UsbmuxDevice } from '../usbmux/client.ts';
import { runPreflight, type BackupCheck } from './preflight.ts';
import { connectionIds, followReboot, type RebootTimeouts } from './reboot.ts';
import { readBackupPlist } from '../library/backup-file.ts';
import { withBackupFolderLock } from '../library/folder-lock.ts';

const RESTORE_APPS_FOLDER = '/iTunesRestore';
const RESTORE_APPS_FILE = `${RESTORE_APPS_FOLDER}/RestoreApplications.plist`;

/** What to restore, where, how. */
export interface RestoreRequest {
  usbmux: UsbmuxClient;
  device: UsbmuxDevice;
  /** The backup folder (`<location>/<udid>`). */
  backupPath: string;
  options: RestoreOptions;
  password?: string;
  /** The serious warnings were confirmed (UI checkboxes, CLI --yes). */
  confirmed: boolean;
  /** Follows the restart (defaults: 2 minutes to leave, 5 to come back). */
  reboot?: RebootTimeouts;
  /** The backup's own pre-flight checks when already made (a clone makes them once). */
  backupCheck?: Promise<BackupCheck>;
  /** The backup's small files held for every device (a clone sends the same backup to many). */
  smallFiles?: SmallFiles;
  /** Called with the pre-flight before anything is sent (the clone grid shows it). */
  onPreflight?: (preflight: RestorePreflight) => void;
}

/** A restore refused by its pre-flight: the report says why. */
export class PreflightFailed extends CradleError {
  constructor(readonly preflight: RestorePreflight) {
    const failed = preflight.checks.filter((check) => check.status === 'error');
    super(preflightCode(failed[0]?.id), `Cannot restore yet: ${failed.map((check) => `${check.title}.${check.fix ? ` ${check.fix}` : ''}`).join(' ')}`, { preflight });
  }
}

/** Runs a restore as a job; no other process may delete, archive or back up into the backup meanwhile. */
export async function runRestore(request: RestoreRequest, job: JobContext): Promise<RestoreResult> {
  return withBackupFolderLock(request.backupPath, 'a restore from it', () => restoreFrom(request, job));
}

async function restoreFrom(request: RestoreRequest, job: JobContext): Promise<RestoreResult> {
  const started = Date.now();
  const { udid } = request.device;
  job.phase('checking');
  const { preflight } = await runPreflight({ usbmux: request.usbmux, device: request.device, backupPath: request.backupPath, password: request.password, signal: job.signal, backupCheck: request.backupCheck });
  request.onPreflight?.(preflight);
  if (!preflight.ok) throw new PreflightFailed(preflight);
  if (preflight.warnings.some((warning) => warning.serious) && !request.confirmed) {
    throw new CradleError('VALIDATION', `Confirm first: ${preflight.warnings.filter((w) => w.serious).map((w) => w.message).join(' ')}`, { preflight });
  }

  job.phase('connecting');
  const connection = await openBackupConnection(request.usbmux, request.device, { signal: job.signal }).catch((error: unknown) => {
    throw connectionLostError(error, 'restore');
  });
  const watch = await watchSync(connection, job, { passcode: 'Enter the passcode on the device to start the restore.', phase: 'restoring' });
  let release: (() => Promise<void>) | undefined;
  let appsWritten = false;
  /** Set when the device is to restart: the DeviceIDs it had before. */
  let idsBeforeReboot: Set<number> | undefined;
  const tracker = new ProgressTracker((progress) => job.progress(progress));
  tracker.expectTotal(preflight.backupBytes);
  try {
    release = await acquireSyncLock(connection.np, connection.afc, job.signal);
    await writeRestoreApplications(connection.afc, request.backupPath);
    appsWritten = true;
    job.phase('restoring');
    const { options } = request;
    if (options.reboot) idsBeforeReboot = await connectionIds(request.usbmux, udid);
    await connection.link.sendProcessMessage({
      MessageName: 'Restore',
      TargetIdentifier: udid,
      SourceIdentifier: preflight.sourceUdid,
      Options: {
        RestoreShouldReboot: options.reboot,
        RestoreDontCopyBackup: true,
        RestorePreserveSettings: !options.settings,
        RestoreSystemFiles: options.system,
        RemoveItemsNotRestored: options.remove,
        ...(request.password ? { Password: request.password } : {}),
      },
    });
    const final = await runLinkSession(connection.link, {
      confine: new PathConfinement(dirname(request.backupPath), basename(request.backupPath)),
      spaceFolder: dirname(request.backupPath),
      readOnly: true,
      signal: job.signal,
      smallFiles: request.smallFiles,
      progress: { onBytes: (bytes) => tracker.addBytes(bytes), onFile: (path) => tracker.addFile(path), onUploadBatch: () => {} },
    });
    if (final.errorCode !== 0) throw backupDeviceError(final.errorCode, final.errorDescription, 'restore');
    appsWritten = false;
    await release();
    release = undefined;
  } catch (error) {
    if (appsWritten) await connection.afc.remove(RESTORE_APPS_FILE).catch(() => undefined);
    if (job.signal.aborted || watch.cancelledOnDevice()) throw new CradleError('CANCELLED', watch.cancelledOnDevice() ? 'The restore was cancelled on the device.' : 'The restore was cancelled.');
    throw connectionLostError(error, 'restore');
  } finally {
    watch.stop();
    await release?.().catch(() => undefined);
    await connection.close();
  }
  tracker.finish();
  const progress = tracker.snapshot();
  let rebooted = false;
  if (idsBeforeReboot) {
    job.phase('rebooting');
    rebooted = (await followReboot(request.usbmux, udid, idsBeforeReboot, request.reboot ?? { leaveMs: 120_000, returnMs: 300_000 }, job.signal)) !== false;
  }
  return { udid, sourceUdid: preflight.sourceUdid, backupPath: request.backupPath, files: progress.filesDone, bytes: progress.bytesDone, durationMs: Date.now() - started, rebooted };
}

/** Writes the backup's app list where the device looks for it after the restore (as Finder does). */
async function writeRestoreApplications(afc: AfcClient, backupPath: string): Promise<void> {
  const info = (await readBackupPlist(backupPath, 'Info.plist').catch(() => ({}))) as Record<string, unknown>;
  const apps = info.Applications ?? (await readManifestPlist(backupPath)).Applications ?? {};
  await afc.mkdir(RESTORE_APPS_FOLDER);
  await afc.writeFile(RESTORE_APPS_FILE, encodeXmlPlist(apps));
}

function preflightCode(id: string | undefined) {
  switch (id) {
    case 'find-my':
      return 'FIND_MY_ENABLED' as const;
    case 'ios-version':
      return 'IOS_TOO_OLD' as const;
    case 'supervision':
      return 'SUPERVISION_MISMATCH' as const;
    case 'password':
      return 'WRONG_PASSWORD' as const;
    case 'locked':
      return 'DEVICE_LOCKED' as const;
    case 'trust':
      return 'NOT_PAIRED' as const;
    case 'space':
      return 'DISK_FULL' as const;
    case 'backup-complete':
      return 'BACKUP_INCOMPLETE' as const;
    case 'backup-verified':
      return 'BACKUP_CORRUPT' as const;
    default:
      return 'VALIDATION' as const;
  }
}
