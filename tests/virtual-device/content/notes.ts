/**
 * Notes: AppDomainGroup-group.com.apple.notes NoteStore.sqlite, the Core Data store with
 * ZICCLOUDSYNCINGOBJECT (accounts, folders, notes) and ZICNOTEDATA (gzipped protobuf note bodies).
 */
import { gzipSync } from 'node:zlib';
import { createCoreDataTables, putDatabase, type ContentContext } from './context.ts';
import { stableUuid } from './random.ts';
import { NOTES } from './text.ts';
import { REFERENCE_TIME, appleSeconds } from './time.ts';

/** Entity numbers as a recent NoteStore model numbers them. */
const ENT = { object: 3, note: 12, account: 14, folder: 15, noteData: 19 };

const SCHEMA = `
CREATE TABLE ZICCLOUDSYNCINGOBJECT (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZMARKEDFORDELETION INTEGER,
  ZNEEDSINITIALFETCHFROMCLOUD INTEGER, ZISPASSWORDPROTECTED INTEGER, ZISPINNED INTEGER, ZHASCHECKLIST INTEGER,
  ZACCOUNTTYPE INTEGER, ZFOLDERTYPE INTEGER, ZNOTEDATA INTEGER, ZFOLDER INTEGER, ZOWNER INTEGER, ZACCOUNT4 INTEGER,
  ZACCOUNT7 INTEGER, ZCREATIONDATE1 TIMESTAMP, ZCREATIONDATE3 TIMESTAMP, ZMODIFICATIONDATE1 TIMESTAMP,
  ZLASTVIEWEDMODIFICATIONDATE TIMESTAMP, ZIDENTIFIER VARCHAR, ZNAME VARCHAR, ZTITLE1 VARCHAR, ZTITLE2 VARCHAR,
  ZSNIPPET VARCHAR, ZPASSWORDHINT VARCHAR, ZUSERRECORDNAME VARCHAR, ZSERVERRECORDDATA BLOB);
CREATE TABLE ZICNOTEDATA (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZNOTE INTEGER, ZCRYPTOITERATIONCOUNT INTEGER,
  ZDATA BLOB, ZCRYPTOINITIALIZATIONVECTOR BLOB, ZCRYPTOTAG BLOB, ZCRYPTOWRAPPEDKEY BLOB);
CREATE INDEX ZICCLOUDSYNCINGOBJECT_ZFOLDER_INDEX ON ZICCLOUDSYNCINGOBJECT (ZFOLDER);
CREATE INDEX ZICNOTEDATA_ZNOTE_INDEX ON ZICNOTEDATA (ZNOTE);
`;

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let v = value;
  while (v > 0x7f) {
    bytes.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  bytes.push(v);
  return Buffer.from(bytes);
}

function field(number: number, payload: Buffer | number): Buffer {
  if (typeof payload === 'number') return Buffer.concat([varint(number << 3), varint(payload)]);
  return Buffer.concat([varint((number << 3) | 2), varint(payload.length), payload]);
}

/** NoteStoreProto{document(2){version(2), note(3){note_text(2), attribute_run(5)…}}}, gzipped as ZDATA holds it. */
export function noteBody(title: string, body: string): Buffer {
  const text = `${title}\n${body}`;
  const titleLength = [...`${title}\n`].length;
  const runs = [
    field(5, Buffer.concat([field(1, titleLength), field(2, field(1, 0))])),
    field(5, field(1, [...body].length)),
  ];
  const note = Buffer.concat([field(2, Buffer.from(text, 'utf8')), ...runs]);
  const document = Buffer.concat([field(2, 0), field(3, note)]);
  return gzipSync(field(2, document));
}

/** Writes NoteStore.sqlite with the profile's notes in one account and its "Notes" folder. */
export function writeNotes(context: ContentContext): void {
  const rng = context.rng('notes');
  const owner = context.persona.owner;
  const notes = context.persona.organization && !owner
    ? [['Device setup checklist', 'Wi-Fi profile installed\nApps assigned\nWallpaper set\nBackup encrypted'], ...NOTES.slice(0, 2)]
    : NOTES;
  const count = Math.min(notes.length, context.persona.amounts.notes);
  putDatabase(context, 'AppDomainGroup-group.com.apple.notes', 'NoteStore.sqlite', { protectionClass: 3 }, (db) => {
    db.exec(SCHEMA);
    const insert = db.prepare(`INSERT INTO ZICCLOUDSYNCINGOBJECT (Z_PK, Z_ENT, Z_OPT, ZMARKEDFORDELETION, ZISPASSWORDPROTECTED,
      ZISPINNED, ZACCOUNTTYPE, ZFOLDERTYPE, ZNOTEDATA, ZFOLDER, ZOWNER, ZACCOUNT7, ZCREATIONDATE3, ZMODIFICATIONDATE1, ZIDENTIFIER,
      ZNAME, ZTITLE1, ZTITLE2, ZSNIPPET) VALUES (?, ?, 1, 0, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const created = appleSeconds(REFERENCE_TIME - 400 * 86400);
    insert.run(1, ENT.account, 0, owner ? 1 : 0, null, null, null, null, null, created, created, stableUuid(context.udid, 'notes-account'),
      owner ? 'iCloud' : `On My ${context.persona.deviceClass}`, null, null, null);
    insert.run(2, ENT.folder, 0, null, 0, null, null, 1, null, created, created, stableUuid(context.udid, 'notes-folder'), null, null, 'Notes', null);
    const dataInsert = db.prepare('INSERT INTO ZICNOTEDATA (Z_PK, Z_ENT, Z_OPT, ZNOTE, ZDATA) VALUES (?, ?, 1, ?, ?)');
    for (let i = 0; i < count; i++) {
      const [title, body] = notes[i] as [string, string];
      const pk = 3 + i;
      const when = appleSeconds(REFERENCE_TIME - rng.int(1, 380) * 86400);
      insert.run(pk, ENT.note, i === 0 ? 1 : 0, null, null, i + 1, 2, null, 1, when, when + rng.int(0, 86400 * 5),
        stableUuid(context.udid, 'note', String(i)), null, title, null, body.split('\n')[0]?.slice(0, 100) ?? '');
      dataInsert.run(i + 1, ENT.noteData, pk, noteBody(title, body));
    }
    createCoreDataTables(db, 'NoteStore', [
      { ent: ENT.object, name: 'ICCloudSyncingObject', max: 2 + count }, { ent: ENT.note, name: 'ICNote', sup: ENT.object, max: 2 + count },
      { ent: ENT.account, name: 'ICAccount', sup: ENT.object, max: 1 }, { ent: ENT.folder, name: 'ICFolder', sup: ENT.object, max: 2 },
      { ent: ENT.noteData, name: 'ICNoteData', max: count },
    ]);
  });
}
