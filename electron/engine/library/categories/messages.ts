/**
 * Messages from HomeDomain Library/SMS/sms.db: chats (chat, chat_handle_join → handle), their messages
 * (chat_message_join → message; dates in nanoseconds since 2001 on iOS 11+, seconds before) and attachments
 * (message_attachment_join → attachment, whose `~/Library/SMS/Attachments/…` files are in MediaDomain).
 */
import type Database from 'better-sqlite3';
import type { CategoryResult, Message, MessageAttachment, MessagePreview, MessagesData, MessageThread, ThreadMessages } from '../../../../shared/categories.ts';
import { CradleError } from '../../../../shared/errors.ts';
import type { BackupContents } from '../backup-reader.ts';
import { attributedBodyText } from './attributed-body.ts';
import type { ContactDirectory } from './contact-directory.ts';
import { CategoryProblem, columnsOf, requireTables, settle, tablesOf, withDatabase, type Row, type SourceFile } from './source.ts';
import { flag, messageDate, newestFirst, setDefined, text, toNumber } from './values.ts';

/** Where the messages database is. */
export const MESSAGES_DB: SourceFile = { domain: 'HomeDomain', relativePath: 'Library/SMS/sms.db', what: 'the messages database' };

const OBJECT_REPLACEMENT = /\uFFFC/g;

/** Reads the thread list; `directory` turns numbers into contact names. */
export function readMessages(contents: BackupContents, directory?: ContactDirectory): Promise<CategoryResult<'messages'>> {
  return settle('messages', () => ({ threads: [], messageCount: 0 }), () => withDatabase(contents, MESSAGES_DB, (db): MessagesData => {
    const threads = listThreads(db, directory);
    const total = db.prepare('SELECT COUNT(*) AS n FROM message').get() as Row;
    return { threads, messageCount: Number(total.n) };
  }));
}

/**
 * The messages of one thread, oldest first.
 * @throws CradleError BACKUP_NOT_FOUND when the thread does not exist, BACKUP_CORRUPT when sms.db cannot be read.
 */
export async function readThread(contents: BackupContents, threadId: number, directory?: ContactDirectory): Promise<ThreadMessages> {
  const [thread] = await readThreads(contents, [threadId], directory);
  if (!thread) throw new CradleError('BACKUP_NOT_FOUND', 'This conversation is not in the backup.');
  return thread;
}

/**
 * Several threads (all when `threadIds` is undefined) with their messages, newest thread first, from one
 * reading of sms.db (an export of every conversation would otherwise load it once per thread).
 * `onThread` is told after each thread, to report progress or stop by throwing.
 * @throws CradleError BACKUP_NOT_FOUND when the backup has no messages database, BACKUP_CORRUPT when it cannot be read.
 */
export function readThreads(contents: BackupContents, threadIds: readonly number[] | undefined, directory?: ContactDirectory,
  onThread?: (done: number, total: number) => void): Promise<ThreadMessages[]> {
  return withDatabase(contents, MESSAGES_DB, (db) => {
    const wanted = threadIds ? new Set(threadIds) : undefined;
    const threads = listThreads(db, directory, wanted);
    return threads.map((thread, index) => {
      const messages = messagesOf(contents, db, thread.id, directory);
      onThread?.(index + 1, threads.length);
      return { thread, messages };
    });
  }).catch((error: unknown) => {
    if (error instanceof CategoryProblem) throw new CradleError(error.status === 'unreadable' ? 'BACKUP_CORRUPT' : 'BACKUP_NOT_FOUND', error.message);
    throw error;
  });
}

/** The chats (all, or those in `only`), newest conversation first. */
function listThreads(db: Database.Database, directory?: ContactDirectory, only?: ReadonlySet<number>): MessageThread[] {
  requireTables(db, MESSAGES_DB.what, 'message', 'chat', 'chat_message_join');
  const rows = db.prepare(`SELECT c.ROWID AS id, c.display_name AS name, c.chat_identifier AS identifier, c.service_name AS service,
    (SELECT COUNT(*) FROM chat_message_join j WHERE j.chat_id = c.ROWID) AS count FROM chat c`).all() as Row[];
  const threads = rows.filter((row) => !only || only.has(Number(row.id))).map((row) => threadOf(db, row, directory));
  return newestFirst(threads, (thread) => thread.lastMessage?.date);
}

function threadOf(db: Database.Database, row: Row, directory?: ContactDirectory): MessageThread {
  const id = Number(row.id);
  const handles = tablesOf(db).has('chat_handle_join')
    ? (db.prepare('SELECT h.id AS handle FROM chat_handle_join j JOIN handle h ON h.ROWID = j.handle_id WHERE j.chat_id = ? ORDER BY h.ROWID')
      .all(id) as Row[]).map((h) => text(h.handle)).filter((h): h is string => h !== undefined)
    : [];
  const participants = handles.map((handle) => directory?.nameOf(handle) ?? handle);
  const chatName = text(row.name);
  const thread = setDefined<MessageThread>({
    id, title: chatName ?? (participants.length ? participants.join(', ') : text(row.identifier) ?? 'Conversation'),
    participants, messageCount: Number(row.count ?? 0),
  }, { chatName, service: text(row.service) });
  const last = db.prepare(`SELECT m.text AS text, m.attributedBody AS body, m.is_from_me AS fromMe, m.date AS date FROM chat_message_join j
    JOIN message m ON m.ROWID = j.message_id WHERE j.chat_id = ? ORDER BY m.date DESC, m.ROWID DESC LIMIT 1`).get(id) as Row | undefined;
  if (last) thread.lastMessage = setDefined<MessagePreview>({ fromMe: flag(last.fromMe), text: messageText(last) }, { date: messageDate(last.date) });
  return thread;
}

function messagesOf(contents: BackupContents, db: Database.Database, threadId: number, directory?: ContactDirectory): Message[] {
  const columns = columnsOf(db, 'message');
  const rows = db.prepare(`SELECT m.ROWID AS id, m.text AS text, ${columns.has('attributedBody') ? 'm.attributedBody' : 'NULL'} AS body,
    m.is_from_me AS fromMe, m.date AS date, m.service AS service, h.id AS handle FROM chat_message_join j
    JOIN message m ON m.ROWID = j.message_id LEFT JOIN handle h ON h.ROWID = m.handle_id
    WHERE j.chat_id = ? ORDER BY m.date, m.ROWID`).all(threadId) as Row[];
  const attachments = attachmentsOf(contents, db, threadId);
  return rows.map((row) => {
    const fromMe = flag(row.fromMe);
    const handle = text(row.handle);
    const message: Message = { id: Number(row.id), fromMe, text: messageText(row), attachments: attachments.get(Number(row.id)) ?? [] };
    return setDefined(message, {
      date: messageDate(row.date), service: text(row.service), sender: !fromMe && handle ? directory?.nameOf(handle) ?? handle : undefined,
    });
  });
}

function attachmentsOf(contents: BackupContents, db: Database.Database, threadId: number): Map<number, MessageAttachment[]> {
  const byMessage = new Map<number, MessageAttachment[]>();
  const tables = tablesOf(db);
  if (!tables.has('attachment') || !tables.has('message_attachment_join')) return byMessage;
  const rows = db.prepare(`SELECT maj.message_id AS message, a.filename AS filename, a.transfer_name AS name, a.mime_type AS mime,
    a.total_bytes AS size FROM chat_message_join j JOIN message_attachment_join maj ON maj.message_id = j.message_id
    JOIN attachment a ON a.ROWID = maj.attachment_id WHERE j.chat_id = ? ORDER BY a.ROWID`).all(threadId) as Row[];
  for (const row of rows) {
    const filename = text(row.filename);
    const size = toNumber(row.size);
    const attachment = setDefined<MessageAttachment>({ name: text(row.name) ?? filename?.split('/').pop() ?? 'Attachment' }, {
      mimeType: text(row.mime), size: size !== undefined && size > 0 ? size : undefined,
    });
    const located = filename ? locateAttachment(contents, filename) : undefined;
    if (located) Object.assign(attachment, located);
    byMessage.set(Number(row.message), [...(byMessage.get(Number(row.message)) ?? []), attachment]);
  }
  return byMessage;
}

/** Attachment files are recorded as `~/Library/SMS/…` (or `/var/mobile/Library/SMS/…`) and backed up in MediaDomain. */
function locateAttachment(contents: BackupContents, filename: string): { domain: string; relativePath: string } | undefined {
  const relativePath = filename.replace(/^~\//, '').replace(/^\/(private\/)?var\/mobile\//, '');
  const entry = contents.find('MediaDomain', relativePath);
  return entry?.kind === 'file' ? { domain: entry.domain, relativePath: entry.relativePath } : undefined;
}

function messageText(row: Row): string {
  const plain = text(row.text) ?? (Buffer.isBuffer(row.body) ? attributedBodyText(row.body) : undefined) ?? '';
  return plain.replace(OBJECT_REPLACEMENT, '').trim();
}
