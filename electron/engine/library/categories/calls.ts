/**
 * Call history from HomeDomain Library/CallHistoryDB/CallHistory.storedata (encrypted backups only): the
 * Core Data entity ZCALLRECORD (ZDATE seconds since 2001, ZDURATION seconds, ZORIGINATED 1 = outgoing,
 * ZANSWERED, ZCALLTYPE 1 phone / 8 FaceTime video / 16 FaceTime audio, ZADDRESS the number as text or a
 * UTF-8 BLOB, ZNAME when iOS knew a name).
 */
import type { CallRecord, CallService, CategoryResult } from '../../../../shared/categories.ts';
import type { BackupContents } from '../backup-reader.ts';
import type { ContactDirectory } from './contact-directory.ts';
import { columnsOf, requireTables, settle, withDatabase, type Row, type SourceFile } from './source.ts';
import { appleDate, flag, newestFirst, setDefined, text, toNumber } from './values.ts';

/** Where the call history is. */
export const CALL_HISTORY: SourceFile = {
  domain: 'HomeDomain', relativePath: 'Library/CallHistoryDB/CallHistory.storedata', what: 'the call history', encryptedOnly: true,
};

const SERVICES: Record<number, CallService> = { 1: 'phone', 8: 'facetime-video', 16: 'facetime-audio' };
const OPTIONAL = ['ZNAME', 'ZLOCATION', 'ZCALLTYPE', 'ZANSWERED', 'ZORIGINATED', 'ZDURATION'];

/** Reads the call history, newest first; `directory` names numbers the record has no name for. */
export function readCalls(contents: BackupContents, directory?: ContactDirectory): Promise<CategoryResult<'calls'>> {
  return settle('calls', () => ({ calls: [] }), () => withDatabase(contents, CALL_HISTORY, (db) => {
    requireTables(db, CALL_HISTORY.what, 'ZCALLRECORD');
    const columns = columnsOf(db, 'ZCALLRECORD');
    const select = ['Z_PK', 'ZDATE', 'ZADDRESS', ...OPTIONAL].map((c) => (columns.has(c) ? c : `NULL AS ${c}`));
    const rows = db.prepare(`SELECT ${select.join(', ')} FROM ZCALLRECORD`).all() as Row[];
    const calls = rows.map((row): CallRecord => {
      const number = text(row.ZADDRESS);
      const call: CallRecord = {
        id: Number(row.Z_PK), durationSeconds: Math.max(0, Math.round(toNumber(row.ZDURATION) ?? 0)),
        direction: flag(row.ZORIGINATED) ? 'outgoing' : 'incoming', answered: flag(row.ZANSWERED),
        service: SERVICES[toNumber(row.ZCALLTYPE) ?? 0] ?? 'other',
      };
      return setDefined(call, { date: appleDate(row.ZDATE), number, name: text(row.ZNAME) ?? directory?.nameOf(number), location: text(row.ZLOCATION) });
    });
    return { calls: newestFirst(calls, (c) => c.date) };
  }));
}
