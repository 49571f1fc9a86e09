/**
 * Safari from HomeDomain Library/Safari: Bookmarks.db (table bookmarks: a tree by `parent`, type 0 bookmark
 * / 1 folder, special folders BookmarksBar = Favorites, BookmarksMenu, com.apple.ReadingList) and History.db
 * (history_items with their history_visits; visit_time seconds since 2001; encrypted backups only).
 */
import type Database from 'better-sqlite3';
import type { Bookmark, CategoryResult, HistoryItem, SafariData } from '../../../../shared/categories.ts';
import type { BackupContents } from '../backup-reader.ts';
import { CategoryProblem, columnsOf, PartialResult, requireTables, settle, withDatabase, type Row, type SourceFile } from './source.ts';
import { appleDate, setDefined, text, toNumber } from './values.ts';

/** Where Safari's bookmarks are. */
export const BOOKMARKS_DB: SourceFile = { domain: 'HomeDomain', relativePath: 'Library/Safari/Bookmarks.db', what: 'the Safari bookmarks' };
/** Where Safari's history is (encrypted backups only). */
export const HISTORY_DB: SourceFile = {
  domain: 'HomeDomain', relativePath: 'Library/Safari/History.db', what: 'the Safari history', encryptedOnly: true,
};

const SPECIAL_FOLDERS: Record<string, string> = { BookmarksBar: 'Favorites', BookmarksMenu: 'Bookmarks', 'com.apple.ReadingList': 'Reading List' };

/** Reads bookmarks and, when the backup holds it, the history. */
export function readSafari(contents: BackupContents): Promise<CategoryResult<'safari'>> {
  return settle('safari', () => ({ bookmarks: [], history: [], historyIncluded: false }), async () => {
    const problems: string[] = [];
    const bookmarks = await attempt(() => withDatabase(contents, BOOKMARKS_DB, readBookmarks), problems);
    const history = await attempt(() => withDatabase(contents, HISTORY_DB, readHistory), problems);
    if (!bookmarks.found && !history.found) throw new CategoryProblem('missing', 'This backup holds no Safari bookmarks or history.');
    if (!bookmarks.value && !history.value) throw new CategoryProblem('unreadable', problems.join(' '));
    const data: SafariData = { bookmarks: bookmarks.value ?? [], history: history.value ?? [], historyIncluded: history.value !== undefined };
    return problems.length ? new PartialResult(data, problems.join(' ')) : data;
  });
}

/** Runs one read; a damaged file becomes a problem, a file absent from the backup is simply absent. */
async function attempt<T>(read: () => Promise<T>, problems: string[]): Promise<{ value?: T; found: boolean }> {
  try {
    return { value: await read(), found: true };
  } catch (error) {
    if (!(error instanceof CategoryProblem)) throw error;
    if (error.status === 'unreadable') problems.push(error.message);
    return { found: error.status === 'unreadable' };
  }
}

function readBookmarks(db: Database.Database): Bookmark[] {
  requireTables(db, BOOKMARKS_DB.what, 'bookmarks');
  const columns = columnsOf(db, 'bookmarks');
  const deleted = columns.has('deleted') ? 'WHERE deleted = 0 OR deleted IS NULL' : '';
  const rows = db.prepare(`SELECT id, parent, type, title, url FROM bookmarks ${deleted} ORDER BY parent, order_index, id`).all() as Row[];
  const children = new Map<number | null, Row[]>();
  const ids = new Set(rows.map((row) => Number(row.id)));
  for (const row of rows) {
    const parent = row.parent === null || !ids.has(Number(row.parent)) ? null : Number(row.parent);
    children.set(parent, [...(children.get(parent) ?? []), row]);
  }
  const out: Bookmark[] = [];
  const visited = new Set<number>();
  const walk = (parent: number | null, folder: string[], readingList: boolean): void => {
    for (const row of children.get(parent) ?? []) {
      const id = Number(row.id);
      if (visited.has(id)) continue;
      visited.add(id);
      const title = text(row.title) ?? '';
      if (toNumber(row.type) === 1) {
        // The tree's own root is not a folder people see; the special folders get their Safari names.
        const name = parent === null ? undefined : SPECIAL_FOLDERS[title] ?? (title || 'Untitled folder');
        walk(id, name ? [...folder, name] : folder, readingList || title === 'com.apple.ReadingList');
      } else {
        const url = text(row.url);
        if (url) out.push({ id, title: title || url, url, folder, readingList });
      }
    }
  };
  walk(null, [], false);
  return out;
}

function readHistory(db: Database.Database): HistoryItem[] {
  requireTables(db, HISTORY_DB.what, 'history_items', 'history_visits');
  const rows = db.prepare(`SELECT i.url AS url, i.visit_count AS count, v.visit_time AS time, v.title AS title FROM history_items i
    LEFT JOIN history_visits v ON v.id = (SELECT id FROM history_visits WHERE history_item = i.id ORDER BY visit_time DESC LIMIT 1)
    ORDER BY v.visit_time DESC`).all() as Row[];
  return rows.flatMap((row): HistoryItem[] => {
    const url = text(row.url);
    if (!url) return [];
    return [setDefined<HistoryItem>({ url, visitCount: Math.max(1, toNumber(row.count) ?? 1) }, { title: text(row.title), lastVisited: appleDate(row.time) })];
  });
}

