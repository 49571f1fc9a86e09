/**
 * Category channels of the backup browser: the summary page, one category, a message thread, photo
 * thumbnails, one keychain secret on request, exports in the formats people expect, the golden review.
 */
import type { AnyCategoryResult } from '../../../shared/categories.ts';
import { CradleError } from '../../../shared/errors.ts';
import { readAllThreadMessages, readCategory, readOverview, readThreadMessages, readThumbnail, revealPassword } from '../library/categories/index.ts';
import { callsToCsv, messagesToCsv } from '../library/exports/csv.ts';
import { photoExportSelections } from '../library/exports/photos.ts';
import { contactsToVCard } from '../library/exports/vcard.ts';
import { exportEntries, saveNewFile } from '../library/extract.ts';
import { reviewGoldenBackup } from '../library/golden-review.ts';
import { backupFolderUdid } from '../library/naming.ts';
import type { BackupSession } from '../library/opened-backups.ts';
import type { JobContext } from '../jobs/job-manager.ts';
import type { EngineServices, HandlerTable } from './handlers.ts';

type CategoryChannels = 'browse:overview' | 'browse:category' | 'browse:thread' | 'browse:thumbnail' | 'browse:revealPassword' | 'browse:exportCategory' | 'browse:goldenReview';

/** Handlers of the category channels. */
export function categoryHandlers({ backups, jobs, host }: EngineServices): Pick<HandlerTable, CategoryChannels> {
  return {
    'browse:overview': async ({ id }) => {
      const session = await backups.session(id);
      return readOverview(session.contents, session.classKeys);
    },
    'browse:category': async ({ id, name }) => {
      const session = await backups.session(id);
      return (await readCategory(session.contents, name, session.classKeys)) as AnyCategoryResult;
    },
    'browse:thread': async ({ id, threadId }) => readThreadMessages((await backups.session(id)).contents, threadId),
    'browse:thumbnail': async ({ id, fileID }) => {
      const session = await backups.session(id);
      const entry = session.tree.entry(fileID);
      if (!entry) throw new CradleError('BACKUP_NOT_FOUND', 'That photo is not in this backup.');
      const thumbnail = await readThumbnail(session.contents, entry);
      return thumbnail ? { mime: thumbnail.mime, base64: Buffer.from(thumbnail.bytes).toString('base64'), source: thumbnail.source } : null;
    },
    'browse:revealPassword': async ({ id, itemId }) => {
      const session = await backups.session(id);
      return revealPassword(session.contents, session.classKeys, itemId);
    },
    'browse:exportCategory': async ({ id, name }) => {
      const session = await backups.session(id);
      if (!host.chooseFolder) throw new CradleError('VALIDATION', 'Exporting needs the desktop app (it asks where to save). Use `cradle extract` from a terminal.');
      const folder = await host.chooseFolder('Export to');
      if (!folder) return undefined;
      return { jobId: jobs.start('export', undefined, (job) => exportCategory(session, name, folder, job), { backupOf: backupFolderUdid(session.path) }).jobId };
    },
    'browse:goldenReview': async ({ id }) => {
      const session = await backups.session(id);
      return reviewGoldenBackup(session.contents, session.classKeys);
    },
  };
}

/** Writes one category's export into `folder`; the job's done summary says what was written. */
async function exportCategory(session: BackupSession, name: 'contacts' | 'calls' | 'messages' | 'photos', folder: string, job: JobContext): Promise<Record<string, unknown>> {
  const { contents } = session;
  const device = String(((contents.manifestPlist.Lockdown ?? {}) as Record<string, unknown>).DeviceName ?? 'iPhone');
  const readOk = async <N extends 'contacts' | 'calls' | 'messages'>(category: N) => {
    const result = await readCategory(contents, category, session.classKeys);
    if (result.status !== 'ok') throw new CradleError('BACKUP_NOT_FOUND', result.problem ?? 'This backup does not hold that category.');
    return result;
  };
  switch (name) {
    case 'contacts': {
      const { data } = await readOk('contacts');
      return { outDir: folder, files: 1, path: await saveNewFile(folder, `${device} Contacts.vcf`, contactsToVCard(data.contacts)) };
    }
    case 'calls': {
      const { data } = await readOk('calls');
      return { outDir: folder, files: 1, path: await saveNewFile(folder, `${device} Call History.csv`, callsToCsv(data.calls)) };
    }
    case 'messages': {
      await readOk('messages');
      const threads = await readAllThreadMessages(contents, undefined, (done, total) => {
        job.signal.throwIfAborted();
        job.progress({ bytesDone: 0, filesDone: done, filesTotal: total, fraction: total ? done / total : 1 });
      });
      return { outDir: folder, files: 1, path: await saveNewFile(folder, `${device} Messages.csv`, messagesToCsv(threads)) };
    }
    case 'photos': {
      const result = await exportEntries(contents, session.tree, photoExportSelections(contents), folder, {
        signal: job.signal,
        onProgress: (p) => job.progress({ bytesDone: p.bytes, bytesTotal: p.totalBytes, filesDone: p.files, filesTotal: p.totalFiles, fraction: p.totalBytes ? p.bytes / p.totalBytes : 1 }),
      });
      return { outDir: folder, files: result.files, bytes: result.bytes, skipped: result.skipped };
    }
  }
}
