/**
 * The restore pre-flight: everything that can be checked BEFORE a byte is sent, each failure explained
 * with its fix, and the consequences Apple's deployment guidance says the person must see.
 */
import { readdir } from 'node:fs/promises';
import type { DeviceSummary } from '../../../shared/devices.ts';
import { CradleError } from '../../../shared/errors.ts';
import type { PreflightCheck, RestorePreflight, RestoreWarning } from '../../../shared/restore.ts';
import type { ManagementData } from '../../../shared/categories.ts';
import type { ClassKeys } from '../crypto/unlock.ts';
import { readDeviceSummary } from '../devices/summary.ts';
import { readCategory } from '../library/categories/index.ts';
import { openBackup, readManifestPlist } from '../library/open-backup.ts';
import { udidOf, unlockManifest } from '../library/opened-backups.ts';
import { backupFinished, folderSize } from '../library/scan.ts';
import { verifyBackup } from '../library/verify.ts';
import type { UsbmuxClient, UsbmuxDevice } from '../usbmux/client.ts';
import { isDeviceLocked } from './device-lock.ts';
import { readBackupPlist } from '../library/backup-file.ts';

/** What the pre-flight needs. */
export interface PreflightRequest {
  usbmux: UsbmuxClient;
  device: UsbmuxDevice;
  backupPath: string;
  /** The backup password (encrypted backups): checked against the keybag here, on the computer. */
  password?: string;
  signal?: AbortSignal;
  /** The backup's own checks when they are already made (a clone makes them once for all its devices). */
  backupCheck?: Promise<BackupCheck>;
}

/** The pre-flight, and the class keys when the password was right (the restore reuses them). */
export interface PreflightOutcome {
  preflight: RestorePreflight;
  classKeys?: ClassKeys;
}

/** What the pre-flight learns from the backup alone: the same whichever device it goes to. */
export interface BackupCheck {
  checks: PreflightCheck[];
  sourceUdid: string;
  encrypted: boolean;
  productVersion: string;
  backupBytes: number;
  management?: ManagementData;
  classKeys?: ClassKeys;
}

/** Runs every check, the backup's and the device's at the same time; only a missing backup throws. */
export async function runPreflight(request: PreflightRequest): Promise<PreflightOutcome> {
  const deviceChecks: PreflightCheck[] = [];
  const [backup, summary] = await Promise.all([
    request.backupCheck ? untilAborted(request.backupCheck, request.signal) : checkBackup(request.backupPath, request.password, request.signal),
    checkDevice(request, (check) => deviceChecks.push(check)),
  ]);
  const checks = [...backup.checks, ...deviceChecks];
  const add = (check: PreflightCheck) => checks.push(check);
  const { management } = backup;
  if (summary) {
    checkVersion(summary, backup.productVersion, add);
    if (management) {
      add(
        management.supervised === summary.supervised
          ? { id: 'supervision', status: 'ok', title: summary.supervised ? 'Both are supervised' : 'Neither is supervised' }
          : {
              id: 'supervision',
              status: 'error',
              title: management.supervised ? 'The backup is of a supervised device; this one is not' : 'This device is supervised; the backup is not',
              fix: 'Supervised backups restore only to supervised devices, and unsupervised ones only to unsupervised devices. Choose a matching device or backup.',
            },
      );
    }
    checkSpace(summary, backup.backupBytes, add);
    checkBattery(summary, add);
  }
  const sameDevice = backup.sourceUdid === request.device.udid;
  return {
    preflight: {
      udid: request.device.udid,
      ...(summary ? { deviceName: summary.name, serialNumber: summary.serialNumber } : {}),
      backupPath: request.backupPath,
      sourceUdid: backup.sourceUdid,
      sameDevice,
      encrypted: backup.encrypted,
      backupBytes: backup.backupBytes,
      ok: checks.every((check) => check.status !== 'error'),
      checks,
      warnings: restoreWarnings(sameDevice, management),
    },
    ...(backup.classKeys ? { classKeys: backup.classKeys } : {}),
  };
}

/** The backup's checks: complete, password, whole; its size, source device, iOS version and management. */
export async function checkBackup(backupPath: string, password?: string, signal?: AbortSignal): Promise<BackupCheck> {
  const checks: PreflightCheck[] = [];
  const add = (check: PreflightCheck) => checks.push(check);
  const manifest = await readManifestPlist(backupPath);
  const lockdown = (manifest.Lockdown ?? {}) as Record<string, unknown>;
  const encrypted = manifest.IsEncrypted === true;
  await checkComplete(backupPath, add);
  const classKeys = encrypted ? await checkPassword(manifest, password, add) : undefined;
  let backupBytes: number | undefined;
  if (!encrypted || classKeys) {
    const report = await verifyBackup(backupPath, { classKeys, signal });
    // What the restore sends: the files verify found, and the manifest and status beside them.
    if (report.contentsChecked) backupBytes = report.bytes;
    const first = report.issues.find((issue) => issue.severity === 'error');
    add(
      report.errors === 0
        ? { id: 'backup-verified', status: 'ok', title: 'The backup is whole', detail: `${report.files} files checked` }
        : { id: 'backup-verified', status: 'error', title: 'The backup is damaged', detail: `${report.errors} problem(s), e.g. ${first?.relativePath ?? ''} ${first?.message ?? ''}`.trim(), fix: 'Choose another backup, or make a new backup of the original device.' },
    );
  }
  const management = await backupManagement(backupPath, encrypted, classKeys);
  return {
    checks,
    sourceUdid: udidOf(backupPath, manifest),
    encrypted,
    productVersion: String(lockdown.ProductVersion ?? ''),
    backupBytes: backupBytes ?? (await folderSize(backupPath)),
    ...(management ? { management } : {}),
    ...(classKeys ? { classKeys } : {}),
  };
}

/** A shared check outlives one device's cancel: that device stops waiting for it at once. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function checkComplete(path: string, add: (check: PreflightCheck) => void): Promise<void> {
  const status = (await readBackupPlist(path, 'Status.plist').catch(() => undefined)) as Record<string, unknown> | undefined;
  const names = new Set(await readdir(path).catch(() => [] as string[]));
  const leftOver = names.has('Snapshot');
  const finished = backupFinished(status, names);
  add(
    finished
      ? { id: 'backup-complete', status: 'ok', title: 'The backup is complete' }
      : { id: 'backup-complete', status: 'error', title: 'The backup is not complete', detail: leftOver ? 'A backup into it did not finish.' : 'Its Status.plist does not say finished.', fix: 'Choose a complete backup, or back up the original device again.' },
  );
}

async function checkPassword(manifest: Record<string, unknown>, password: string | undefined, add: (check: PreflightCheck) => void): Promise<ClassKeys | undefined> {
  if (!password) {
    add({ id: 'password', status: 'error', title: 'The backup is encrypted', fix: 'Enter the password that was set when encryption was turned on.' });
    return undefined;
  }
  try {
    const keys = await unlockManifest(manifest, password);
    add({ id: 'password', status: 'ok', title: 'The backup password is right' });
    return keys;
  } catch (error) {
    if (!(error instanceof CradleError && error.code === 'WRONG_PASSWORD')) throw error;
    add({ id: 'password', status: 'error', title: 'The backup password is wrong', fix: 'Enter the password that was set when encryption was turned on for this backup.' });
    return undefined;
  }
}

/** Trust, lock and Find My; the device summary for the other checks (undefined when it cannot be read). */
async function checkDevice(request: PreflightRequest, add: (check: PreflightCheck) => void): Promise<DeviceSummary | undefined> {
  let summary: DeviceSummary;
  try {
    // The checks need no configuration profiles (reading them costs a service and a library load).
    summary = await readDeviceSummary(request.usbmux, request.device, { profiles: false });
  } catch (error) {
    const code = error instanceof CradleError ? error.code : undefined;
    if (code === 'NOT_PAIRED' || code === 'PAIRING_PENDING' || code === 'PAIRING_DENIED') {
      add({ id: 'trust', status: 'error', title: 'The device does not trust this computer', fix: 'Unlock the device, tap Trust, and enter its passcode.' });
      return undefined;
    }
    if (code === 'DEVICE_LOCKED') {
      add({ id: 'locked', status: 'error', title: 'The device is locked', fix: 'Unlock the device with its passcode.' });
      return undefined;
    }
    throw error;
  }
  add({ id: 'trust', status: 'ok', title: 'The device trusts this computer' });
  add(
    (await isDeviceLocked(request.usbmux, request.device))
      ? { id: 'locked', status: 'error', title: 'The device is locked', fix: 'Unlock the device with its passcode and keep it unlocked until the restore starts.' }
      : { id: 'locked', status: 'ok', title: 'The device is unlocked' },
  );
  add(
    summary.findMy
      ? { id: 'find-my', status: 'error', title: 'Find My is on', fix: 'Turn off Find My on the device: Settings > [your name] > Find My > Find My iPhone (or iPad), then enter the Apple Account password.' }
      : { id: 'find-my', status: 'ok', title: 'Find My is off' },
  );
  return summary;
}

function checkVersion(summary: DeviceSummary, backupVersion: string, add: (check: PreflightCheck) => void): void {
  const older = compareVersions(summary.iosVersion, backupVersion) < 0;
  add(
    older
      ? { id: 'ios-version', status: 'error', title: `The device runs iOS ${summary.iosVersion}; the backup is from iOS ${backupVersion}`, fix: `Update the device to iOS ${backupVersion} or later (Settings > General > Software Update), then restore.` }
      : { id: 'ios-version', status: 'ok', title: `iOS ${summary.iosVersion} can restore a backup from iOS ${backupVersion || 'an unknown version'}` },
  );
}

function checkSpace(summary: DeviceSummary, needed: number, add: (check: PreflightCheck) => void): void {
  if (summary.freeBytes === undefined) return;
  add(
    summary.freeBytes >= needed
      ? { id: 'space', status: 'ok', title: 'Enough space on the device' }
      : { id: 'space', status: 'error', title: 'Not enough space on the device', detail: `The backup needs about ${Math.ceil(needed / 1e6)} MB; ${Math.floor(summary.freeBytes / 1e6)} MB are free.`, fix: 'Free space on the device (delete apps or media), or erase it first.' },
  );
}

function checkBattery(summary: DeviceSummary, add: (check: PreflightCheck) => void): void {
  const battery = summary.battery;
  if (!battery) return;
  const status = battery.charging || battery.percent >= 20 ? 'ok' : battery.percent < 10 ? 'error' : 'warning';
  add({
    id: 'battery',
    status,
    title: status === 'ok' ? `Battery ${battery.percent} %${battery.charging ? ', charging' : ''}` : `Battery low (${battery.percent} %)`,
    ...(status === 'ok' ? {} : { fix: 'Charge the device: a restore must not stop halfway.' }),
  });
}

/** Management state of the backup (undefined when it cannot be read: encrypted and locked). */
async function backupManagement(path: string, encrypted: boolean, classKeys: ClassKeys | undefined): Promise<ManagementData | undefined> {
  if (encrypted && !classKeys) return undefined;
  const contents = await openBackup(path, { classKeys }).catch(() => undefined);
  if (!contents) return undefined;
  try {
    const result = await readCategory(contents, 'management', classKeys);
    return result.status === 'ok' ? result.data : undefined;
  } finally {
    contents.close();
  }
}

/** The consequences to show (Apple's guidance on managed devices, PROTOCOLS.md §7). */
export function restoreWarnings(sameDevice: boolean, management: ManagementData | undefined): RestoreWarning[] {
  const managed = !!management && (management.supervised || management.mdmEnrolled || management.profiles.length > 0);
  const warnings: RestoreWarning[] = [];
  if (!sameDevice && managed) {
    warnings.push({ id: 'management-removed', serious: true, message: 'This backup is of another device: its management configuration and MDM enrollment are removed during the restore. Enroll the device again afterwards.' });
  }
  if (sameDevice && management?.mdmEnrolled) {
    warnings.push({ id: 'mdm-may-refuse', serious: true, message: 'The management configuration and MDM profile come back with this backup; the MDM server may refuse them, and then the profile, its configurations and remove-on-unenroll apps are deleted.' });
  }
  if (managed) {
    warnings.push({ id: 'managed-app-data', serious: false, message: 'Managed apps\' data comes back unless the app is removed on unenrollment; data of apps with "Prevent app backup" was never in the backup.' });
  }
  warnings.push({ id: 'apps-reinstall', serious: false, message: 'Apps are not in the backup: they reinstall from the App Store (or your organisation) after the restore.' });
  warnings.push({ id: 'new-passcode', serious: false, message: 'After the restore, set up a new passcode and Face ID or Touch ID on the device.' });
  return warnings;
}

/** -1, 0, 1 as dotted versions compare ("17.10" > "17.9"). */
export function compareVersions(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}
