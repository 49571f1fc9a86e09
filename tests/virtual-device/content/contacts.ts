/**
 * Contacts: HomeDomain Library/AddressBook/AddressBook.sqlitedb with the real AddressBook tables
 * (ABPerson, ABMultiValue, ABMultiValueLabel, ABMultiValueEntry(Key), ABStore, ABGroup(Members)).
 */
import { putDatabase, type ContentContext } from './context.ts';
import type { Person } from './people.ts';
import { stableUuid } from './random.ts';
import { appleSeconds } from './time.ts';

const SCHEMA = `
CREATE TABLE _SqliteDatabaseProperties (key TEXT, value TEXT, UNIQUE(key));
CREATE TABLE ABStore (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, Name TEXT, ExternalIdentifier TEXT, Type INTEGER,
  ConstraintsPath TEXT, ExternalModificationTag TEXT, ExternalSyncTag TEXT, AccountIdentifier TEXT, Enabled INTEGER,
  SyncData BLOB, MeIdentifier TEXT, Capabilities INTEGER, InsertionDate REAL, ContactsProvider INTEGER DEFAULT 0);
CREATE TABLE ABPerson (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, First TEXT, Last TEXT, Middle TEXT, FirstPhonetic TEXT,
  MiddlePhonetic TEXT, LastPhonetic TEXT, Organization TEXT, Department TEXT, Note TEXT, Kind INTEGER, Birthday TEXT,
  JobTitle TEXT, Nickname TEXT, Prefix TEXT, Suffix TEXT, FirstSort TEXT, LastSort TEXT, CreationDate INTEGER,
  ModificationDate INTEGER, CompositeNameFallback TEXT, ExternalIdentifier TEXT, ExternalModificationTag TEXT,
  ExternalUUID TEXT, StoreID INTEGER, DisplayName TEXT, ExternalRepresentation BLOB, FirstSortSection TEXT,
  LastSortSection TEXT, FirstSortLanguageIndex INTEGER DEFAULT 2147483647, LastSortLanguageIndex INTEGER DEFAULT 2147483647,
  PersonLink INTEGER DEFAULT -1, ImageURI TEXT, IsPreferredName INTEGER DEFAULT 1, guid TEXT, PhonemeData TEXT,
  AlternateBirthday TEXT, MapsData TEXT, FirstPronunciation TEXT, MiddlePronunciation TEXT, LastPronunciation TEXT,
  OrganizationPhonetic TEXT, OrganizationPronunciation TEXT, PreviousFamilyName TEXT, PreferredLikenessSource TEXT,
  PreferredPersonaIdentifier TEXT);
CREATE TABLE ABMultiValue (UID INTEGER PRIMARY KEY, record_id INTEGER, property INTEGER, identifier INTEGER, label INTEGER,
  value TEXT, guid TEXT);
CREATE TABLE ABMultiValueLabel (value TEXT, UNIQUE(value));
CREATE TABLE ABMultiValueEntryKey (value TEXT, UNIQUE(value));
CREATE TABLE ABMultiValueEntry (parent_id INTEGER, key INTEGER, value TEXT, UNIQUE(parent_id, key));
CREATE TABLE ABGroup (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, Name TEXT, ExternalIdentifier TEXT, StoreID INTEGER,
  ExternalModificationTag TEXT, ExternalRepresentation BLOB, ExternalUUID TEXT, guid TEXT);
CREATE TABLE ABGroupMembers (UID INTEGER PRIMARY KEY, group_id INTEGER, member_type INTEGER, member_id INTEGER,
  UNIQUE(group_id, member_type, member_id));
CREATE INDEX ABMultiValueRecordIDIndex ON ABMultiValue(record_id);
CREATE INDEX ABPersonSortLastIndex ON ABPerson(LastSortSection, LastSort);
`;

/** ABMultiValue.property numbers. */
const PHONE = 3;
const EMAIL = 4;
const ADDRESS = 5;
const LABELS = ['_$!<Mobile>!$_', 'iPhone', '_$!<Home>!$_', '_$!<Work>!$_', '_$!<Main>!$_', '_$!<Other>!$_'];
const ADDRESS_KEYS = ['Street', 'City', 'State', 'ZIP', 'Country', 'CountryCode'];

/** Writes AddressBook.sqlitedb with the given people (the owner's card first, when any). */
export function writeContacts(context: ContentContext, people: Person[]): void {
  putDatabase(context, 'HomeDomain', 'Library/AddressBook/AddressBook.sqlitedb', { protectionClass: 3 }, (db) => {
    db.exec(SCHEMA);
    db.prepare('INSERT INTO _SqliteDatabaseProperties VALUES (?, ?)').run('_ClientVersion', '1502');
    db.prepare('INSERT INTO ABStore (Name, Type, Enabled, Capabilities, MeIdentifier) VALUES (?, ?, 1, 0, ?)')
      .run(context.persona.owner ? 'iCloud' : 'Local', context.persona.owner ? 1 : 0, context.persona.owner ? '1' : null);
    const labelInsert = db.prepare('INSERT INTO ABMultiValueLabel (value) VALUES (?)');
    for (const label of LABELS) labelInsert.run(label);
    const keyInsert = db.prepare('INSERT INTO ABMultiValueEntryKey (value) VALUES (?)');
    for (const key of ADDRESS_KEYS) keyInsert.run(key);
    const personInsert = db.prepare(`INSERT INTO ABPerson (First, Last, Organization, Kind, Birthday, JobTitle, FirstSort, LastSort,
      CreationDate, ModificationDate, StoreID, FirstSortSection, LastSortSection, guid, ExternalUUID)
      VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`);
    const valueInsert = db.prepare('INSERT INTO ABMultiValue (record_id, property, identifier, label, value, guid) VALUES (?, ?, ?, ?, ?, ?)');
    const entryInsert = db.prepare('INSERT INTO ABMultiValueEntry (parent_id, key, value) VALUES (?, ?, ?)');
    people.forEach((person, index) => {
      const guid = stableUuid(context.udid, 'contact', String(index));
      const created = appleSeconds(person.created);
      const row = personInsert.run(person.first, person.last, person.organization ?? null,
        person.birthday === undefined ? null : String(appleSeconds(person.birthday)), person.jobTitle ?? null,
        `${person.first} ${person.last}`, `${person.last} ${person.first}`, created, created + 3600,
        person.first[0]?.toUpperCase() ?? '#', person.last[0]?.toUpperCase() ?? '#', `${guid}:ABPerson`, guid);
      const id = Number(row.lastInsertRowid);
      valueInsert.run(id, PHONE, 0, index === 0 && context.persona.owner ? 2 : 1, person.phone, stableUuid(guid, 'phone'));
      if (person.email) valueInsert.run(id, EMAIL, 0, person.organization ? 4 : 3, person.email, stableUuid(guid, 'email'));
      if (person.address) {
        const address = valueInsert.run(id, ADDRESS, 0, 3, null, stableUuid(guid, 'address'));
        const parent = Number(address.lastInsertRowid);
        [person.address.street, person.address.city, person.address.state, person.address.zip, 'United States', 'us']
          .forEach((value, key) => entryInsert.run(parent, key + 1, value));
      }
    });
    if (people.length > 4) {
      db.prepare("INSERT INTO ABGroup (Name, StoreID, guid) VALUES ('Family', 1, ?)").run(stableUuid(context.udid, 'group'));
      const member = db.prepare('INSERT INTO ABGroupMembers (group_id, member_type, member_id) VALUES (1, 0, ?)');
      for (let id = 2; id <= 5; id++) member.run(id);
    }
  });
}
