/**
 * When a device was last backed up to this computer: the Date of its finished Status.plist.
 */
import { join } from 'node:path';
import { readBackupPlist } from '../library/backup-file.ts';

/** ISO date of the device's last complete backup in `folder`, or undefined when there is none. */
export async function lastBackupDate(folder: string, udid: string): Promise<string | undefined> {
  const status = (await readBackupPlist(join(folder, udid), 'Status.plist').catch(() => undefined)) as Record<string, unknown> | null | undefined;
  return status?.SnapshotState === 'finished' && status.Date instanceof Date ? status.Date.toISOString() : undefined;
}
