/**
 * Notes from AppDomainGroup-group.com.apple.notes NoteStore.sqlite: the notes are the ZICCLOUDSYNCINGOBJECT
 * rows a ZICNOTEDATA row points at (ZNOTE); ZTITLE1 and ZSNIPPET describe them, ZFOLDER names their folder
 * (a row whose title is ZTITLE2, owned by an account row named ZNAME). Date columns moved between iOS
 * versions (ZCREATIONDATE, …1, …3), so whichever exists is used.
 */
import type Database from 'better-sqlite3';
import type { CategoryResult, Note } from '../../../../shared/categories.ts';
import type { BackupContents } from '../backup-reader.ts';
import { noteText } from './note-body.ts';
import { columnsOf, pickColumn, requireTables, settle, withDatabase, type Row, type SourceFile } from './source.ts';
import { appleDate, flag, newestFirst, setDefined, text } from './values.ts';

/** Where the notes are. */
export const NOTE_STORE: SourceFile = { domain: 'AppDomainGroup-group.com.apple.notes', relativePath: 'NoteStore.sqlite', what: 'the notes database' };

/** Reads every note that is not marked for deletion, newest first. */
export function readNotes(contents: BackupContents): Promise<CategoryResult<'notes'>> {
  return settle('notes', () => ({ notes: [] }), () => withDatabase(contents, NOTE_STORE, (db) => ({ notes: readNoteStore(db) })));
}

function readNoteStore(db: Database.Database): Note[] {
  requireTables(db, NOTE_STORE.what, 'ZICCLOUDSYNCINGOBJECT', 'ZICNOTEDATA');
  const columns = columnsOf(db, 'ZICCLOUDSYNCINGOBJECT');
  const has = (column: string) => columns.has(column);
  const coalesce = (...names: string[]) => {
    const present = names.filter(has).map((name) => `n.${name}`);
    return present.length > 1 ? `COALESCE(${present.join(', ')})` : present[0] ?? 'NULL';
  };
  const folderTitle = pickColumn(columns, 'ZTITLE2', 'ZTITLE');
  const rows = db.prepare(`SELECT n.Z_PK AS id, ${coalesce('ZTITLE1', 'ZTITLE')} AS title, ${coalesce('ZSNIPPET')} AS snippet,
    ${coalesce('ZCREATIONDATE3', 'ZCREATIONDATE1', 'ZCREATIONDATE')} AS created, ${coalesce('ZMODIFICATIONDATE1', 'ZMODIFICATIONDATE')} AS modified,
    ${coalesce('ZISPASSWORDPROTECTED')} AS locked, ${coalesce('ZISPINNED')} AS pinned, ${coalesce('ZMARKEDFORDELETION')} AS deleted,
    ${has('ZFOLDER') && folderTitle ? `f.${folderTitle}` : 'NULL'} AS folder,
    ${has('ZFOLDER') && has('ZOWNER') && has('ZNAME') ? 'a.ZNAME' : 'NULL'} AS account, d.ZDATA AS data
    FROM ZICNOTEDATA d JOIN ZICCLOUDSYNCINGOBJECT n ON n.Z_PK = d.ZNOTE
    ${has('ZFOLDER') ? 'LEFT JOIN ZICCLOUDSYNCINGOBJECT f ON f.Z_PK = n.ZFOLDER' : ''}
    ${has('ZFOLDER') && has('ZOWNER') ? 'LEFT JOIN ZICCLOUDSYNCINGOBJECT a ON a.Z_PK = f.ZOWNER' : ''}`).all() as Row[];
  const notes = rows.filter((row) => !flag(row.deleted)).map((row): Note => {
    const locked = flag(row.locked);
    const body = !locked && Buffer.isBuffer(row.data) ? noteText(row.data)?.trim() : undefined;
    const note: Note = { id: Number(row.id), title: text(row.title) ?? body?.split('\n')[0]?.trim() ?? 'New Note', locked, pinned: flag(row.pinned) };
    return setDefined(note, {
      snippet: text(row.snippet), body: body || undefined, folder: text(row.folder), account: text(row.account),
      created: appleDate(row.created), modified: appleDate(row.modified),
    });
  });
  return newestFirst(notes, (note) => note.modified ?? note.created);
}
