/**
 * The backup browser's categories: one reader per category over BackupContents, the summary page
 * (readOverview) and the per-item calls (a thread's messages, a thumbnail, one password revealed).
 * Nothing here throws for what a backup may contain: a missing or damaged file gives an empty category
 * with its status and a problem in words.
 */
import { CATEGORY_NAMES, type AnyCategoryResult, type BackupOverview, type CategoryName, type CategoryResult, type ThreadMessages } from '../../../../shared/categories.ts';
import { assertNever } from '../../../../shared/errors.ts';
import type { ClassKeys } from '../../crypto/unlock.ts';
import type { BackupContents } from '../backup-reader.ts';
import { readAccounts } from './accounts.ts';
import { readApps } from './apps.ts';
import { readCalendar } from './calendar.ts';
import { readCalls } from './calls.ts';
import { ContactDirectory } from './contact-directory.ts';
import { readContacts } from './contacts.ts';
import { readHomeScreen } from './home-screen.ts';
import { readManagement } from './management.ts';
import { readMessages, readThread, readThreads } from './messages.ts';
import { readNotes } from './notes.ts';
import { summarize } from './overview.ts';
import { readPasswords } from './passwords.ts';
import { readPhotos } from './photos.ts';
import { readSafari } from './safari.ts';
import { readWifi } from './wifi.ts';

export { revealPassword } from './passwords.ts';
export { readThumbnail } from './thumbnails.ts';

/** What reading a category may skip: names from the address book, app data sizes (the summary needs neither). */
interface ReadOptions {
  details: boolean;
}

/**
 * Reads one category of a backup. `classKeys` (of the unlocked keybag) are needed only for the keychain:
 * passwords, and Wi-Fi networks' passwords.
 */
export function readCategory<N extends CategoryName>(contents: BackupContents, name: N, classKeys?: ClassKeys): Promise<CategoryResult<N>> {
  return read(contents, name, classKeys, { details: true }) as Promise<CategoryResult<N>>;
}

/** Every category's result, by name. */
export type AllCategories = { [N in CategoryName]: CategoryResult<N> };

/** Every category of a backup, read once without names or sizes (the summary page and the golden review). */
export async function readAllCategories(contents: BackupContents, classKeys?: ClassKeys): Promise<AllCategories> {
  const results: Partial<Record<CategoryName, AnyCategoryResult>> = {};
  // One after another: each loads a database into memory, and a phone's sms.db or Photos.sqlite can be large.
  for (const name of CATEGORY_NAMES) results[name] = await read(contents, name, classKeys, { details: false });
  return results as AllCategories;
}

/** The summary page: every category with its count, status and what only encrypted backups hold. */
export async function readOverview(contents: BackupContents, classKeys?: ClassKeys): Promise<BackupOverview> {
  const results = await readAllCategories(contents, classKeys);
  return {
    encrypted: contents.encrypted,
    unlocked: contents.encrypted && classKeys !== undefined,
    categories: CATEGORY_NAMES.map((name) => summarize(results[name] as AnyCategoryResult)),
  };
}

/**
 * The messages of one thread, oldest first, with contact names.
 * @throws CradleError BACKUP_NOT_FOUND (no such thread, no sms.db) or BACKUP_CORRUPT.
 */
export async function readThreadMessages(contents: BackupContents, threadId: number): Promise<ThreadMessages> {
  return readThread(contents, threadId, await directoryOf(contents));
}

/**
 * Every conversation (or those of `threadIds`) with its messages, for the Messages export: sms.db is read
 * once. `onThread` reports progress after each thread and may throw to stop (a cancelled export).
 * @throws CradleError BACKUP_NOT_FOUND (no sms.db) or BACKUP_CORRUPT.
 */
export async function readAllThreadMessages(contents: BackupContents, threadIds?: readonly number[],
  onThread?: (done: number, total: number) => void): Promise<ThreadMessages[]> {
  return readThreads(contents, threadIds, await directoryOf(contents), onThread);
}

async function directoryOf(contents: BackupContents): Promise<ContactDirectory> {
  return new ContactDirectory((await readContacts(contents)).data.contacts);
}

async function read(contents: BackupContents, name: CategoryName, classKeys: ClassKeys | undefined, options: ReadOptions): Promise<AnyCategoryResult> {
  switch (name) {
    case 'contacts': return readContacts(contents);
    case 'messages': return readMessages(contents, options.details ? await directoryOf(contents) : undefined);
    case 'calls': return readCalls(contents, options.details ? await directoryOf(contents) : undefined);
    case 'photos': return readPhotos(contents);
    case 'safari': return readSafari(contents);
    case 'notes': return readNotes(contents);
    case 'calendar': return readCalendar(contents);
    case 'wifi': return readWifi(contents, classKeys);
    case 'passwords': return readPasswords(contents, classKeys);
    case 'home-screen': return readHomeScreen(contents);
    case 'accounts': return readAccounts(contents);
    case 'apps': return readApps(contents, { sizes: options.details });
    case 'management': return readManagement(contents);
    default: return assertNever(name, 'category');
  }
}
