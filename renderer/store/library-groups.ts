/**
 * The Backups pane's grouping: one group per device, its current backup first (the newest one that is not
 * an archive or a version), older backups, archives and versions folded under it, newest first. Pure, so
 * it is unit-tested in Node.
 */
import type { BackupSummary } from '../../shared/library.ts';

/** A device's backups as the pane shows them. */
export interface BackupGroup {
  udid: string;
  /** The row always shown. */
  head: BackupSummary;
  /** The rows under the disclosure, newest first. */
  older: BackupSummary[];
}

const newestFirst = (a: BackupSummary, b: BackupSummary) => (b.date ?? '').localeCompare(a.date ?? '');
const isCurrent = (backup: BackupSummary) => backup.state === 'complete' || backup.state === 'incomplete';

/** Groups backups by device; groups ordered by their head's date, newest first. */
export function groupBackups(backups: readonly BackupSummary[]): BackupGroup[] {
  const byDevice = new Map<string, BackupSummary[]>();
  for (const backup of backups) {
    const key = backup.udid.toLowerCase();
    byDevice.set(key, [...(byDevice.get(key) ?? []), backup]);
  }
  const groups: BackupGroup[] = [];
  for (const members of byDevice.values()) {
    const sorted = [...members].sort(newestFirst);
    const head = sorted.find(isCurrent) ?? sorted[0]!;
    groups.push({ udid: head.udid, head, older: sorted.filter((backup) => backup !== head) });
  }
  return groups.sort((a, b) => newestFirst(a.head, b.head));
}

/** The rows on screen, in order: every head, and the older rows of the expanded groups. */
export function visibleRows(groups: readonly BackupGroup[], expanded: ReadonlySet<string>): BackupSummary[] {
  return groups.flatMap((group) => (expanded.has(group.udid) ? [group.head, ...group.older] : [group.head]));
}
