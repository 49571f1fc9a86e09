/**
 * Calendar: HomeDomain Library/Calendar/Calendar.sqlitedb with Store, Calendar, CalendarItem, Location,
 * Alarm, Participant, Identity, Attachment and Sharee (dates in seconds since 2001).
 */
import { putDatabase, type ContentContext } from './context.ts';
import { stableUuid } from './random.ts';
import { EVENT_TITLES, PLACES } from './text.ts';
import { REFERENCE_TIME, appleSeconds } from './time.ts';

const SCHEMA = `
CREATE TABLE Store (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT, default_alarm_offset INTEGER, type INTEGER,
  constraint_path TEXT, disabled INTEGER, external_id TEXT, persistent_id TEXT, flags INTEGER, display_order INTEGER);
CREATE TABLE Calendar (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, store_id INTEGER, title TEXT, flags INTEGER, color TEXT,
  symbolic_color_name TEXT, color_is_display INTEGER, type TEXT, supported_entity_types INTEGER, external_id TEXT,
  external_mod_tag TEXT, external_id_tag TEXT, external_rep BLOB, display_order INTEGER, UUID TEXT, shared_owner_name TEXT,
  shared_owner_address TEXT, sharing_status INTEGER, self_identity_email TEXT, owner_identity_email TEXT,
  owner_identity_id INTEGER, self_identity_id INTEGER);
CREATE TABLE Location (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT, address TEXT, latitude REAL, longitude REAL,
  reference_frame INTEGER, radius REAL, item_owner_id INTEGER, map_kit_handle BLOB, route_type TEXT);
CREATE TABLE CalendarItem (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, summary TEXT, location_id INTEGER, description TEXT,
  start_date REAL, start_tz TEXT, end_date REAL, all_day INTEGER, calendar_id INTEGER, orig_item_id INTEGER, orig_date REAL,
  organizer_id INTEGER, self_attendee_id INTEGER, status INTEGER, invitation_status INTEGER, availability INTEGER,
  privacy_level INTEGER, url TEXT, last_modified REAL, sequence_num INTEGER, birthday_id INTEGER, modified_properties INTEGER,
  external_tracking_status INTEGER, external_id TEXT, external_mod_tag TEXT, unique_identifier TEXT, external_schedule_id TEXT,
  external_rep BLOB, response_comment TEXT, hidden INTEGER, has_recurrences INTEGER, has_attendees INTEGER, UUID TEXT,
  entity_type INTEGER, priority INTEGER, due_date REAL, due_tz TEXT, due_all_day INTEGER, completion_date REAL,
  creation_date REAL, conference_url TEXT, display_order INTEGER, calendar_scale TEXT);
CREATE TABLE Alarm (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, trigger_date REAL, trigger_interval INTEGER, type INTEGER,
  calendaritem_owner_id INTEGER, UUID TEXT, external_id TEXT);
CREATE TABLE Identity (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, display_name TEXT, address TEXT, first_name TEXT, last_name TEXT);
CREATE TABLE Participant (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, entity_type INTEGER, type INTEGER, status INTEGER,
  pending_status INTEGER, role INTEGER, identity_id INTEGER, owner_id INTEGER, external_rep BLOB, UUID TEXT, email TEXT,
  phone_number TEXT, is_self INTEGER);
CREATE TABLE Attachment (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, owner_id INTEGER, file_id INTEGER, filename TEXT,
  file_size INTEGER, UUID TEXT);
CREATE TABLE Sharee (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, owner_id INTEGER, identity_id INTEGER, status INTEGER,
  access_level INTEGER, UUID TEXT);
CREATE INDEX CalendarItem_calendar_id ON CalendarItem (calendar_id, start_date);
`;

/** Writes Calendar.sqlitedb: default calendars plus the profile's events. */
export function writeCalendar(context: ContentContext): void {
  const rng = context.rng('calendar');
  const persona = context.persona;
  const storeName = persona.owner ? 'iCloud' : persona.organization ? 'Exchange' : 'Default';
  putDatabase(context, 'HomeDomain', 'Library/Calendar/Calendar.sqlitedb', { protectionClass: 3 }, (db) => {
    db.exec(SCHEMA);
    const storeInsert = db.prepare('INSERT INTO Store (name, default_alarm_offset, type, disabled, persistent_id, flags, display_order) VALUES (?, -900, ?, 0, ?, 0, ?)');
    storeInsert.run(storeName, persona.owner ? 2 : 0, stableUuid(context.udid, 'store'), 0);
    storeInsert.run('Holidays', 4, stableUuid(context.udid, 'holidays'), 1);
    const calendars = persona.owner ? [['Home', '#34AADC'], ['Work', '#CC73E1'], ['Family', '#FF2968']]
      : [[persona.organization?.name ?? 'Calendar', '#1BADF8']];
    const calendarInsert = db.prepare(`INSERT INTO Calendar (store_id, title, flags, color, color_is_display, type,
      supported_entity_types, display_order, UUID, self_identity_email) VALUES (?, ?, 0, ?, 1, ?, 4, ?, ?, ?)`);
    calendars.forEach(([title, color], i) => calendarInsert.run(1, title, color, persona.owner ? 'caldav' : 'local', i,
      stableUuid(context.udid, 'calendar', title as string), persona.owner?.email ?? null));
    calendarInsert.run(2, 'US Holidays', '#FFCC00', 'subscribed', calendars.length, stableUuid(context.udid, 'calendar-holidays'), null);
    const locationInsert = db.prepare('INSERT INTO Location (title, address, latitude, longitude) VALUES (?, ?, ?, ?)');
    const itemInsert = db.prepare(`INSERT INTO CalendarItem (summary, location_id, description, start_date, start_tz, end_date, all_day,
      calendar_id, status, availability, privacy_level, last_modified, sequence_num, unique_identifier, hidden, has_recurrences,
      has_attendees, UUID, entity_type, priority, creation_date, calendar_scale)
      VALUES (?, ?, ?, ?, 'America/Los_Angeles', ?, ?, ?, 0, 0, 0, ?, 0, ?, 0, 0, 0, ?, 2, 0, ?, NULL)`);
    const alarmInsert = db.prepare('INSERT INTO Alarm (trigger_interval, type, calendaritem_owner_id, UUID) VALUES (-900, 0, ?, ?)');
    for (let i = 0; i < persona.amounts.events; i++) {
      const start = REFERENCE_TIME + rng.int(-200, 60) * 86400 + rng.int(8, 19) * 3600 - 9 * 3600;
      const allDay = rng.chance(0.1) ? 1 : 0;
      const length = allDay ? 86400 : rng.pick([1800, 3600, 5400, 7200]);
      let location: number | null = null;
      if (rng.chance(0.4)) location = Number(locationInsert.run(rng.pick(PLACES), 'San Francisco, CA, United States', 37.77 + rng.next() / 20, -122.42 + rng.next() / 20).lastInsertRowid);
      const uuid = stableUuid(context.udid, 'event', String(i));
      const created = appleSeconds(start) - rng.int(1, 30) * 86400;
      const row = itemInsert.run(rng.pick(EVENT_TITLES), location, rng.chance(0.2) ? 'Bring the documents' : null, appleSeconds(start),
        appleSeconds(start + length), allDay, rng.int(1, calendars.length), created + 60, uuid, uuid, created);
      if (rng.chance(0.5)) alarmInsert.run(Number(row.lastInsertRowid), stableUuid(uuid, 'alarm'));
    }
    const holidays: Array<[string, number]> = [['New Year’s Day', Date.UTC(2025, 0, 1)], ['Memorial Day', Date.UTC(2025, 4, 26)],
      ['Independence Day', Date.UTC(2025, 6, 4)], ['Labor Day', Date.UTC(2025, 8, 1)], ['Thanksgiving', Date.UTC(2025, 10, 27)], ['Christmas Day', Date.UTC(2025, 11, 25)]];
    for (const [title, ms] of holidays) {
      const start = appleSeconds(ms / 1000);
      const uuid = stableUuid('holiday', title);
      itemInsert.run(title, null, null, start, start + 86400, 1, calendars.length + 1, start, uuid, uuid, start - 86400 * 300);
    }
  });
}
