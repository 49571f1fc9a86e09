/**
 * Calendars from HomeDomain Library/Calendar/Calendar.sqlitedb: Calendar rows (title, color, their Store),
 * and the CalendarItem events in them (start_date / end_date seconds since 2001, all_day, start_tz, a
 * Location row). Reminders share the table on older iOS (entity_type 3) and are left out; recurring events
 * are listed once, as stored.
 */
import type Database from 'better-sqlite3';
import type { CalendarEvent, CalendarInfo, CategoryResult } from '../../../../shared/categories.ts';
import type { BackupContents } from '../backup-reader.ts';
import { columnsOf, requireTables, settle, tablesOf, withDatabase, type Row, type SourceFile } from './source.ts';
import { appleDate, flag, newestFirst, setDefined, text } from './values.ts';

/** Where the calendars are. */
export const CALENDAR_DB: SourceFile = { domain: 'HomeDomain', relativePath: 'Library/Calendar/Calendar.sqlitedb', what: 'the calendar database' };

/** Time zone value Calendar stores for floating (all-day) events. */
const FLOATING = '_float';

/** Reads calendars and their events (newest first). */
export function readCalendar(contents: BackupContents): Promise<CategoryResult<'calendar'>> {
  return settle('calendar', () => ({ calendars: [], events: [] }), () => withDatabase(contents, CALENDAR_DB, (db) => {
    requireTables(db, CALENDAR_DB.what, 'Calendar', 'CalendarItem');
    const events = readEvents(db);
    const counts = new Map<number, number>();
    for (const event of events) counts.set(event.calendarId, (counts.get(event.calendarId) ?? 0) + 1);
    return { calendars: readCalendars(db, counts), events: newestFirst(events, (e) => e.start) };
  }));
}

function readCalendars(db: Database.Database, counts: Map<number, number>): CalendarInfo[] {
  const columns = columnsOf(db, 'Calendar');
  const storeJoin = tablesOf(db).has('Store') && columns.has('store_id');
  const rows = db.prepare(`SELECT c.ROWID AS id, c.title AS title, ${columns.has('color') ? 'c.color' : 'NULL'} AS color, ${storeJoin ? 's.name' : 'NULL'} AS source
    FROM Calendar c ${storeJoin ? 'LEFT JOIN Store s ON s.ROWID = c.store_id' : ''} ORDER BY ${columns.has('display_order') ? 'c.display_order, ' : ''}c.ROWID`).all() as Row[];
  return rows.map((row) => {
    const id = Number(row.id);
    const color = text(row.color);
    return setDefined<CalendarInfo>({ id, title: text(row.title) ?? 'Calendar', eventCount: counts.get(id) ?? 0 }, {
      color: color && /^#[0-9a-f]{6}/i.test(color) ? color.slice(0, 7).toUpperCase() : undefined, source: text(row.source),
    });
  });
}

function readEvents(db: Database.Database): CalendarEvent[] {
  const columns = columnsOf(db, 'CalendarItem');
  const optional = (name: string) => (columns.has(name) ? `i.${name}` : 'NULL');
  const locationJoin = tablesOf(db).has('Location') && columns.has('location_id');
  const onlyEvents = columns.has('entity_type') ? 'WHERE i.entity_type IS NULL OR i.entity_type = 2' : '';
  const rows = db.prepare(`SELECT i.ROWID AS id, i.calendar_id AS calendar, i.summary AS title, i.start_date AS start,
    ${optional('end_date')} AS end, ${optional('all_day')} AS allDay, ${optional('start_tz')} AS tz, ${optional('description')} AS notes,
    ${optional('url')} AS url, ${locationJoin ? 'COALESCE(l.title, l.address)' : 'NULL'} AS location
    FROM CalendarItem i ${locationJoin ? 'LEFT JOIN Location l ON l.ROWID = i.location_id' : ''} ${onlyEvents}`).all() as Row[];
  return rows.map((row) => {
    const event: CalendarEvent = { id: Number(row.id), calendarId: Number(row.calendar), title: text(row.title) ?? 'New Event', allDay: flag(row.allDay) };
    const tz = text(row.tz);
    return setDefined(event, {
      start: appleDate(row.start), end: appleDate(row.end), timeZone: tz === FLOATING ? undefined : tz,
      location: text(row.location), notes: text(row.notes), url: text(row.url),
    });
  });
}
