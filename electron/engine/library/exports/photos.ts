/**
 * Photos and videos are exported as their original files: this picks the camera roll entries to hand to
 * the library's export (exportEntries), which writes them with their original names, confined to the
 * chosen folder.
 */
import type { BackupContents } from '../backup-reader.ts';
import { cameraRollEntries } from '../categories/photos.ts';
import type { ExportSelection } from '../extract.ts';

/** The camera roll files to export: those whose ids (fileIDs, as MediaItem.id) are given, or all of them. */
export function photoExportSelections(contents: BackupContents, ids?: readonly string[]): ExportSelection[] {
  const wanted = ids ? new Set(ids) : undefined;
  return cameraRollEntries(contents)
    .filter((entry) => !wanted || wanted.has(entry.fileID))
    .map((entry) => ({ domain: entry.domain, relativePath: entry.relativePath }));
}
