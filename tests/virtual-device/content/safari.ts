/**
 * Safari: HomeDomain Library/Safari/Bookmarks.db (bookmarks, folder_ancestors, generations,
 * sync_properties) and History.db (history_items, history_visits; encrypted backups only).
 */
import { putDatabase, type ContentContext } from './context.ts';
import { stableUuid } from './random.ts';
import { WEBSITES } from './text.ts';
import { REFERENCE_TIME, appleSeconds } from './time.ts';

const BOOKMARKS_SCHEMA = `
CREATE TABLE bookmarks (id INTEGER PRIMARY KEY AUTOINCREMENT, special_id INTEGER DEFAULT 0, parent INTEGER, type INTEGER,
  title TEXT, url TEXT COLLATE NOCASE, num_children INTEGER DEFAULT 0, editable INTEGER DEFAULT 1, deletable INTEGER DEFAULT 1,
  hidden INTEGER DEFAULT 0, hidden_ancestor_count INTEGER DEFAULT 0, order_index INTEGER NOT NULL, external_uuid TEXT,
  read INTEGER DEFAULT NULL, last_modified REAL DEFAULT NULL, server_id TEXT, sync_key TEXT, sync_data BLOB,
  added INTEGER DEFAULT 1, deleted INTEGER DEFAULT 0, extra_attributes BLOB DEFAULT NULL, local_attributes BLOB DEFAULT NULL,
  fetched_icon BOOL DEFAULT 0, icon BLOB DEFAULT NULL, dav_generation INTEGER DEFAULT 0, locally_added BOOL DEFAULT 0,
  archive_status INTEGER DEFAULT 0, syncable BOOL DEFAULT 1, web_filter_status INTEGER DEFAULT 0, modified_attributes UNSIGNED BIG INT DEFAULT 0);
CREATE TABLE folder_ancestors (id INTEGER PRIMARY KEY, folder_id INTEGER NOT NULL, ancestor_id INTEGER NOT NULL);
CREATE TABLE generations (generation INTEGER);
CREATE TABLE sync_properties (key TEXT, value TEXT, UNIQUE(key));
CREATE INDEX parent_index ON bookmarks (parent, order_index);
`;

const HISTORY_SCHEMA = `
CREATE TABLE history_items (id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL UNIQUE, domain_expansion TEXT NULL,
  visit_count INTEGER NOT NULL, daily_visit_counts BLOB NOT NULL, weekly_visit_counts BLOB NULL, autocomplete_triggers BLOB NULL,
  should_recompute_derived_visit_counts INTEGER NOT NULL, visit_count_score INTEGER NOT NULL, status_code INTEGER NOT NULL DEFAULT 0);
CREATE TABLE history_visits (id INTEGER PRIMARY KEY AUTOINCREMENT, history_item INTEGER NOT NULL REFERENCES history_items(id) ON DELETE CASCADE,
  visit_time REAL NOT NULL, title TEXT NULL, load_successful BOOLEAN NOT NULL DEFAULT 1, http_non_get BOOLEAN NOT NULL DEFAULT 0,
  synthesized BOOLEAN NOT NULL DEFAULT 0, redirect_source INTEGER NULL UNIQUE REFERENCES history_visits(id) ON DELETE CASCADE,
  redirect_destination INTEGER NULL UNIQUE REFERENCES history_visits(id) ON DELETE CASCADE, origin INTEGER NOT NULL DEFAULT 0,
  generation INTEGER NOT NULL DEFAULT 0, attributes INTEGER NOT NULL DEFAULT 0, score INTEGER NOT NULL DEFAULT 0);
CREATE TABLE history_tombstones (id INTEGER PRIMARY KEY AUTOINCREMENT, start_time REAL NOT NULL, end_time REAL NOT NULL,
  url TEXT, generation INTEGER NOT NULL DEFAULT 0);
CREATE TABLE metadata (key TEXT NOT NULL UNIQUE, value);
CREATE INDEX history_visits__last_visit ON history_visits (history_item, visit_time DESC, synthesized ASC);
CREATE INDEX history_visits__origin ON history_visits (origin, generation);
`;

/** Writes Bookmarks.db and History.db; an organisation's device bookmarks its intranet. */
export function writeSafari(context: ContentContext): void {
  const rng = context.rng('safari');
  const organization = context.persona.organization;
  const favorites: Array<[string, string]> = organization
    ? [[`https://intranet.${organization.domain}/`, `${organization.name} Intranet`], [`https://helpdesk.${organization.domain}/`, 'IT Help Desk'], ['https://www.apple.com/', 'Apple']]
    : WEBSITES.slice(0, 8);
  putDatabase(context, 'HomeDomain', 'Library/Safari/Bookmarks.db', { protectionClass: 3 }, (db) => {
    db.exec(BOOKMARKS_SCHEMA);
    const insert = db.prepare(`INSERT INTO bookmarks (special_id, parent, type, title, url, num_children, editable, deletable,
      order_index, external_uuid, last_modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const modified = appleSeconds(REFERENCE_TIME - 86400 * 30);
    insert.run(0, null, 1, 'Root', null, 3, 0, 0, 0, 'Root', modified);
    insert.run(1, 1, 1, 'BookmarksBar', null, favorites.length, 0, 0, 0, stableUuid(context.udid, 'bar'), modified);
    insert.run(2, 1, 1, 'BookmarksMenu', null, 0, 0, 0, 1, stableUuid(context.udid, 'menu'), modified);
    insert.run(3, 1, 1, 'com.apple.ReadingList', null, 0, 0, 0, 2, 'com.apple.ReadingList', modified);
    favorites.forEach(([url, title], i) => insert.run(0, 2, 0, title, url, 0, 1, 1, i, stableUuid(context.udid, 'bookmark', url), modified));
    const ancestor = db.prepare('INSERT INTO folder_ancestors (folder_id, ancestor_id) VALUES (?, ?)');
    for (const folder of [2, 3, 4]) ancestor.run(folder, 1);
    db.prepare('INSERT INTO generations VALUES (?)').run(favorites.length + 4);
  });
  putDatabase(context, 'HomeDomain', 'Library/Safari/History.db', { protectionClass: 3, encryptedOnly: true }, (db) => {
    db.exec(HISTORY_SCHEMA);
    const pages = organization ? [...favorites, ...WEBSITES.slice(0, 4)] : WEBSITES;
    const itemIds = new Map<string, number>();
    const visits = new Map<string, number>();
    const times: Array<[string, string, number]> = [];
    for (let i = 0; i < context.persona.amounts.historyItems; i++) {
      const [url, title] = rng.pick(pages);
      times.push([url, title, REFERENCE_TIME - rng.int(60, 90 * 86400) + rng.next()]);
      visits.set(url, (visits.get(url) ?? 0) + 1);
    }
    times.sort((a, b) => a[2] - b[2]);
    const itemInsert = db.prepare(`INSERT INTO history_items (url, domain_expansion, visit_count, daily_visit_counts,
      should_recompute_derived_visit_counts, visit_count_score) VALUES (?, ?, ?, ?, 0, ?)`);
    const visitInsert = db.prepare('INSERT INTO history_visits (history_item, visit_time, title, origin, generation) VALUES (?, ?, ?, 0, 1)');
    for (const [url, title, time] of times) {
      let item = itemIds.get(url);
      if (item === undefined) {
        const count = visits.get(url) ?? 1;
        const host = new URL(url).hostname.replace(/^www\./, '');
        item = Number(itemInsert.run(url, host.split('.')[0] ?? host, count, Buffer.alloc(4), count * 100).lastInsertRowid);
        itemIds.set(url, item);
      }
      visitInsert.run(item, appleSeconds(time), title);
    }
  });
}
