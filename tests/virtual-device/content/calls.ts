/**
 * Call history: HomeDomain Library/CallHistoryDB/CallHistory.storedata, the Core Data store with
 * ZCALLRECORD and ZHANDLE. Encrypted backups only.
 */
import { createCoreDataTables, putDatabase, type ContentContext } from './context.ts';
import type { Person } from './people.ts';
import { stableUuid } from './random.ts';
import { REFERENCE_TIME, appleSeconds } from './time.ts';

const SCHEMA = `
CREATE TABLE ZCALLRECORD (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZANSWERED INTEGER, ZCALLTYPE INTEGER,
  ZDISCONNECTED_CAUSE INTEGER, ZFACE_TIME_DATA INTEGER, ZNUMBER_AVAILABILITY INTEGER, ZORIGINATED INTEGER, ZREAD INTEGER,
  ZJUNKCONFIDENCE INTEGER, ZJUNKIDENTIFICATIONCATEGORY INTEGER, ZVERIFICATIONSTATUS INTEGER, ZDATE TIMESTAMP, ZDURATION FLOAT,
  ZADDRESS BLOB, ZDEVICE_ID VARCHAR, ZISO_COUNTRY_CODE VARCHAR, ZLOCATION VARCHAR, ZNAME VARCHAR, ZSERVICE_PROVIDER VARCHAR,
  ZUNIQUE_ID VARCHAR, ZLOCALPARTICIPANTUUID BLOB, ZPARTICIPANTGROUPUUID BLOB);
CREATE TABLE ZHANDLE (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZTYPE INTEGER, ZNORMALIZEDVALUE VARCHAR, ZVALUE VARCHAR);
CREATE TABLE Z_2REMOTEPARTICIPANTHANDLES (Z_2REMOTEPARTICIPANTCALLS INTEGER, Z_4REMOTEPARTICIPANTHANDLES INTEGER,
  PRIMARY KEY (Z_2REMOTEPARTICIPANTCALLS, Z_4REMOTEPARTICIPANTHANDLES));
CREATE INDEX ZCALLRECORD_ZDATE_INDEX ON ZCALLRECORD (ZDATE);
`;

/** ZCALLTYPE values: 1 phone, 8 FaceTime video, 16 FaceTime audio. */
const CALL_TYPES = [1, 1, 1, 8, 16];

/** Writes CallHistory.storedata (always present; rows only when the profile has calls). */
export function writeCallHistory(context: ContentContext, others: Person[]): void {
  const rng = context.rng('calls');
  const count = others.length ? context.persona.amounts.calls : 0;
  putDatabase(context, 'HomeDomain', 'Library/CallHistoryDB/CallHistory.storedata', { protectionClass: 3, encryptedOnly: true }, (db) => {
    db.exec(SCHEMA);
    const insert = db.prepare(`INSERT INTO ZCALLRECORD (Z_PK, Z_ENT, Z_OPT, ZANSWERED, ZCALLTYPE, ZDISCONNECTED_CAUSE, ZFACE_TIME_DATA,
      ZNUMBER_AVAILABILITY, ZORIGINATED, ZREAD, ZJUNKCONFIDENCE, ZJUNKIDENTIFICATIONCATEGORY, ZVERIFICATIONSTATUS, ZDATE, ZDURATION,
      ZADDRESS, ZISO_COUNTRY_CODE, ZLOCATION, ZNAME, ZSERVICE_PROVIDER, ZUNIQUE_ID)
      VALUES (?, 2, 1, ?, ?, ?, NULL, 0, ?, 1, 0, 0, 0, ?, ?, ?, 'us', ?, NULL, ?, ?)`);
    const handles = new Map<string, number>();
    const handleInsert = db.prepare('INSERT INTO ZHANDLE VALUES (?, 4, 1, 2, ?, ?)');
    const join = db.prepare('INSERT INTO Z_2REMOTEPARTICIPANTHANDLES VALUES (?, ?)');
    let time = REFERENCE_TIME - 180 * 86400;
    for (let i = 1; i <= count; i++) {
      time += rng.int(600, (180 * 86400 * 2) / Math.max(1, count));
      const person = rng.pick(others.slice(0, 25));
      const type = rng.pick(CALL_TYPES);
      const originated = rng.chance(0.5) ? 1 : 0;
      const answered = originated || rng.chance(0.8) ? 1 : 0;
      const duration = answered ? rng.logUniform(5, 3600) : 0;
      let handle = handles.get(person.phone);
      if (handle === undefined) {
        handle = handles.size + 1;
        handles.set(person.phone, handle);
        handleInsert.run(handle, person.phone, person.phone);
      }
      insert.run(i, answered, type, answered ? 0 : 6, originated, appleSeconds(Math.min(time, REFERENCE_TIME - 60)), duration,
        person.phone, person.address ? 'San Francisco, CA' : 'United States', type === 1 ? 'com.apple.Telephony' : 'com.apple.FaceTime',
        stableUuid(context.udid, 'call', String(i)));
      join.run(i, handle);
    }
    createCoreDataTables(db, 'CallHistory', [
      { ent: 1, name: 'CallDBProperties', max: 1 }, { ent: 2, name: 'CallRecord', max: count },
      { ent: 3, name: 'EmergencyMediaItem', max: 0 }, { ent: 4, name: 'Handle', max: handles.size },
    ]);
  });
}
