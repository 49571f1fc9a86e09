/**
 * Contacts from HomeDomain Library/AddressBook/AddressBook.sqlitedb: ABPerson rows, their multi-values
 * (ABMultiValue: property 3 phone, 4 email, 5 address, 22 URL; labels in ABMultiValueLabel; address parts in
 * ABMultiValueEntry keyed by ABMultiValueEntryKey) and groups (ABGroup, ABGroupMembers).
 */
import type Database from 'better-sqlite3';
import type { CategoryResult, Contact, ContactsData, LabeledValue, PostalAddress } from '../../../../shared/categories.ts';
import type { BackupContents } from '../backup-reader.ts';
import { columnsOf, requireTables, settle, tablesOf, withDatabase, type Row, type SourceFile } from './source.ts';
import { appleDate, dayOf, setDefined, text } from './values.ts';

/** Where the address book is. */
export const ADDRESS_BOOK: SourceFile = { domain: 'HomeDomain', relativePath: 'Library/AddressBook/AddressBook.sqlitedb', what: 'the address book' };

const PHONE = 3;
const EMAIL = 4;
const ADDRESS = 5;
const URL_PROPERTY = 22;

/** Person columns we read, and the Contact field each fills (absent columns are skipped). */
const NAME_COLUMNS = {
  First: 'firstName', Middle: 'middleName', Last: 'lastName', Nickname: 'nickname', Prefix: 'prefix', Suffix: 'suffix',
  Organization: 'organization', Department: 'department', JobTitle: 'jobTitle', Note: 'note',
} as const satisfies Record<string, keyof Contact>;

/** Reads every contact card. */
export function readContacts(contents: BackupContents): Promise<CategoryResult<'contacts'>> {
  return settle('contacts', () => ({ contacts: [], groups: [] }), () => withDatabase(contents, ADDRESS_BOOK, readAddressBook));
}

function readAddressBook(db: Database.Database): ContactsData {
  requireTables(db, ADDRESS_BOOK.what, 'ABPerson');
  const columns = columnsOf(db, 'ABPerson');
  const wanted = ['ROWID', ...Object.keys(NAME_COLUMNS), 'Birthday', 'CreationDate', 'ModificationDate'].filter((c) => columns.has(c));
  const people = db.prepare(`SELECT ${wanted.join(', ')} FROM ABPerson`).all() as Row[];
  const values = multiValues(db);
  const { groups, membership } = readGroups(db);
  const contacts = people.map((row): Contact => {
    const id = Number(row.ROWID);
    const contact: Contact = {
      id, displayName: '', phones: values.phones.get(id) ?? [], emails: values.emails.get(id) ?? [], urls: values.urls.get(id) ?? [],
      addresses: values.addresses.get(id) ?? [], groups: membership.get(id) ?? [],
    };
    for (const [column, field] of Object.entries(NAME_COLUMNS)) {
      const value = text(row[column]);
      if (value !== undefined) contact[field] = value;
    }
    setDefined(contact, { birthday: dayOf(appleDate(row.Birthday)), created: appleDate(row.CreationDate), modified: appleDate(row.ModificationDate) });
    contact.displayName = displayNameOf(contact);
    return contact;
  });
  contacts.sort((a, b) => sortKey(a).localeCompare(sortKey(b)) || a.id - b.id);
  return { contacts, groups };
}

/** Name a list shows for a card. */
export function displayNameOf(contact: Contact): string {
  const name = [contact.prefix, contact.firstName, contact.middleName, contact.lastName, contact.suffix].filter(Boolean).join(' ');
  return name || contact.organization || contact.phones[0]?.value || contact.emails[0]?.value || 'No Name';
}

function sortKey(contact: Contact): string {
  return `${contact.lastName ?? contact.firstName ?? contact.organization ?? contact.displayName} ${contact.firstName ?? ''}`.toLocaleLowerCase();
}

interface MultiValues {
  phones: Map<number, LabeledValue[]>;
  emails: Map<number, LabeledValue[]>;
  urls: Map<number, LabeledValue[]>;
  addresses: Map<number, PostalAddress[]>;
}

function multiValues(db: Database.Database): MultiValues {
  const result: MultiValues = { phones: new Map(), emails: new Map(), urls: new Map(), addresses: new Map() };
  const tables = tablesOf(db);
  if (!tables.has('ABMultiValue')) return result;
  const labelJoin = tables.has('ABMultiValueLabel') ? 'LEFT JOIN ABMultiValueLabel l ON l.ROWID = mv.label' : '';
  const rows = db.prepare(`SELECT mv.UID AS uid, mv.record_id AS record, mv.property AS property, mv.value AS value,
    ${labelJoin ? 'l.value' : 'NULL'} AS label FROM ABMultiValue mv ${labelJoin} ORDER BY mv.record_id, mv.UID`).all() as Row[];
  const parts = addressParts(db, tables);
  const push = <T>(map: Map<number, T[]>, record: number, value: T) => map.set(record, [...(map.get(record) ?? []), value]);
  for (const row of rows) {
    const record = Number(row.record);
    const label = labelText(row.label);
    const value = text(row.value);
    const property = Number(row.property);
    if (property === ADDRESS) {
      const address = parts.get(Number(row.uid));
      if (address) push(result.addresses, record, { label, ...address });
    } else if (value !== undefined) {
      const map = property === PHONE ? result.phones : property === EMAIL ? result.emails : property === URL_PROPERTY ? result.urls : undefined;
      if (map) push(map, record, { label, value });
    }
  }
  return result;
}

const ADDRESS_KEYS: Record<string, keyof Omit<PostalAddress, 'label'>> = {
  Street: 'street', City: 'city', State: 'state', ZIP: 'postalCode', Country: 'country', CountryCode: 'countryCode',
};

function addressParts(db: Database.Database, tables: Set<string>): Map<number, Omit<PostalAddress, 'label'>> {
  const parts = new Map<number, Omit<PostalAddress, 'label'>>();
  if (!tables.has('ABMultiValueEntry') || !tables.has('ABMultiValueEntryKey')) return parts;
  const rows = db.prepare(`SELECT e.parent_id AS parent, k.value AS key, e.value AS value FROM ABMultiValueEntry e
    JOIN ABMultiValueEntryKey k ON k.ROWID = e.key`).all() as Row[];
  for (const row of rows) {
    const field = ADDRESS_KEYS[String(row.key)];
    const value = text(row.value);
    if (!field || value === undefined) continue;
    const parent = Number(row.parent);
    parts.set(parent, { ...parts.get(parent), [field]: value });
  }
  return parts;
}

function readGroups(db: Database.Database): { groups: ContactsData['groups']; membership: Map<number, string[]> } {
  const tables = tablesOf(db);
  const membership = new Map<number, string[]>();
  if (!tables.has('ABGroup')) return { groups: [], membership };
  const groups = (db.prepare('SELECT ROWID AS id, Name AS name FROM ABGroup ORDER BY Name').all() as Row[])
    .map((row) => ({ id: Number(row.id), name: text(row.name) ?? 'Group' }));
  const counts = new Map<number, number>();
  if (tables.has('ABGroupMembers')) {
    const names = new Map(groups.map((g) => [g.id, g.name]));
    for (const row of db.prepare('SELECT group_id AS g, member_id AS m FROM ABGroupMembers WHERE member_type = 0').all() as Row[]) {
      const name = names.get(Number(row.g));
      if (name === undefined) continue;
      membership.set(Number(row.m), [...(membership.get(Number(row.m)) ?? []), name]);
      counts.set(Number(row.g), (counts.get(Number(row.g)) ?? 0) + 1);
    }
  }
  return { groups: groups.map((g) => ({ name: g.name, memberCount: counts.get(g.id) ?? 0 })), membership };
}

/** Apple's built-in labels are stored as `_$!<Mobile>!$_`; the person's own labels as typed. */
function labelText(value: unknown): string {
  const raw = text(value);
  if (!raw) return 'other';
  const builtIn = /^_\$!<(.+)>!\$_$/.exec(raw);
  if (!builtIn) return raw;
  const name = builtIn[1] ?? '';
  const known: Record<string, string> = { HomePage: 'home page', HomeFAX: 'home fax', WorkFAX: 'work fax', OtherFAX: 'other fax' };
  return known[name] ?? name.toLowerCase();
}
