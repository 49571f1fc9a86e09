/**
 * When a device was last backed up to this computer: the Date of its finished Status.plist.
 */
import { join } from 'node:path';
import { decodePlist } from '../plist/codec.ts';
import { MAX_PLIST_BYTES, readBackupFile } from '../library/backup-file.ts';

/** ISO date of the device's last complete backup in `folder`, or undefined when there is none. */
export async function lastBackupDate(folder: string, udid: string): Promise<string | undefined> {
  const bytes = await readBackupFile(join(folder, udid, 'Status.plist'), 'Status.plist', MAX_PLIST_BYTES).catch(() => undefined);
  if (!bytes) return undefined;
  try {
    const status = decodePlist(bytes, 'Status.plist') as Record<string, unknown>;
    return status.SnapshotState === 'finished' && status.Date instanceof Date ? status.Date.toISOString() : undefined;
  } catch {
    return undefined;
  }
}
