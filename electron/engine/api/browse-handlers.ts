/**
 * Backup browser channels: open/unlock a backup, its domains and folders (paged), search, details,
 * previews, exports, and verify. Backups are named by library id; the host chooses export folders.
 */
import type { FileDetails } from '../../../shared/browse.ts';
import { CradleError } from '../../../shared/errors.ts';
import type { BackupSession } from '../library/opened-backups.ts';
import { exportEntries } from '../library/extract.ts';
import { backupFolderUdid } from '../library/naming.ts';
import { previewBytes } from '../library/preview.ts';
import { verifyBackup } from '../library/verify.ts';
import type { EngineServices, HandlerTable } from './handlers.ts';

/** A preview reads at most this much of a file. */
const PREVIEW_MAX_BYTES = 32 * 1024 * 1024;

type BrowseChannels =
  | 'library:verify'
  | 'browse:open'
  | 'browse:unlock'
  | 'browse:close'
  | 'browse:domains'
  | 'browse:list'
  | 'browse:search'
  | 'browse:details'
  | 'browse:preview'
  | 'browse:export';

/** Handlers of the browser channels. */
export function browseHandlers(services: EngineServices): Pick<HandlerTable, BrowseChannels> {
  const { backups, jobs, host } = services;
  return {
    'library:verify': async ({ id }) => {
      const session = await backups.session(id).catch(() => undefined);
      const path = session?.path ?? (await services.locateBackup(id));
      const { jobId } = jobs.start(
        'verify',
        undefined,
        async (job) =>
          verifyBackup(path, {
            classKeys: session?.classKeys,
            signal: job.signal,
            onProgress: (done, total) => job.progress({ bytesDone: 0, filesDone: done, filesTotal: total, fraction: total ? done / total : 1 }),
          }),
        { backupOf: backupFolderUdid(path) },
      );
      return { jobId };
    },
    'browse:open': async ({ id }) => backups.open(id),
    'browse:unlock': async ({ id, password, remember }) => backups.unlock(id, password, remember),
    'browse:close': async ({ id }) => backups.close(id),
    'browse:domains': async ({ id }) => (await backups.session(id)).tree.domains(),
    'browse:list': async ({ id, domain, relativePath, offset, limit, order }) => {
      const { tree } = await backups.session(id);
      const page = tree.list(domain, relativePath, offset, limit, order);
      // The name index is built once the first listing has been answered, so a first search finds it ready.
      setImmediate(() => {
        try {
          tree.prepareSearch();
        } catch {
          // Closed meanwhile: a search would reopen it.
        }
      });
      return page;
    },
    'browse:search': async ({ id, query, limit }) => (await backups.session(id)).tree.search(query, limit),
    'browse:details': async ({ id, fileID }) => fileDetails(await backups.session(id), fileID),
    'browse:preview': async ({ id, fileID }) => {
      const session = await backups.session(id);
      return previewBytes(await session.contents.readFile(entryOf(session, fileID), PREVIEW_MAX_BYTES));
    },
    'browse:export': async ({ id, items }) => {
      const session = await backups.session(id);
      if (!host.chooseFolder) throw new CradleError('VALIDATION', 'Exporting needs the desktop app (it asks where to save). Use `cradle extract` from a terminal.');
      const outDir = await host.chooseFolder('Export to');
      if (!outDir) return undefined;
      const { jobId } = jobs.start(
        'export',
        undefined,
        async (job) => {
          const result = await exportEntries(session.contents, session.tree, items, outDir, {
            signal: job.signal,
            onProgress: (p) => job.progress({ bytesDone: p.bytes, bytesTotal: p.totalBytes, filesDone: p.files, filesTotal: p.totalFiles, fraction: p.totalBytes ? p.bytes / p.totalBytes : 1 }),
          });
          return { outDir: result.outDir, files: result.files, bytes: result.bytes, skipped: result.skipped };
        },
        { backupOf: backupFolderUdid(session.path) },
      );
      return { jobId };
    },
  };
}

function entryOf(session: BackupSession, fileID: string) {
  const entry = session.tree.entry(fileID);
  if (!entry) throw new CradleError('BACKUP_NOT_FOUND', 'That file is not in this backup.');
  return entry;
}

function fileDetails(session: BackupSession, fileID: string): FileDetails {
  const entry = entryOf(session, fileID);
  const details = session.contents.details(entry);
  const item = session.tree.item(entry);
  return {
    ...item,
    mode: details.mode,
    protectionClass: details.protectionClass,
    ...(details.birth !== undefined ? { birth: details.birth } : {}),
    ...(details.lastStatusChange !== undefined ? { lastStatusChange: details.lastStatusChange } : {}),
    ...(details.userId !== undefined ? { userId: details.userId } : {}),
    ...(details.groupId !== undefined ? { groupId: details.groupId } : {}),
    ...(details.target !== undefined ? { target: details.target } : {}),
  };
}
