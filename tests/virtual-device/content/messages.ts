/**
 * Messages: HomeDomain Library/SMS/sms.db (message, handle, chat, chat_message_join, chat_handle_join,
 * attachment, message_attachment_join; dates in Apple-epoch nanoseconds) and the attachments in
 * MediaDomain Library/SMS/Attachments/xx/yy/<guid>/.
 */
import { putDatabase, putFile, type ContentContext } from './context.ts';
import { standalonePhoto } from './media.ts';
import type { Person } from './people.ts';
import { stableUuid } from './random.ts';
import { MESSAGE_LINES } from './text.ts';
import { REFERENCE_TIME, appleNanos } from './time.ts';

const SCHEMA = `
CREATE TABLE _SqliteDatabaseProperties (key TEXT, value TEXT, UNIQUE(key));
CREATE TABLE handle (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, id TEXT NOT NULL, country TEXT, service TEXT NOT NULL,
  uncanonicalized_id TEXT, person_centric_id TEXT, UNIQUE (id, service));
CREATE TABLE chat (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, style INTEGER, state INTEGER,
  account_id TEXT, properties BLOB, chat_identifier TEXT, service_name TEXT, room_name TEXT, account_login TEXT,
  is_archived INTEGER DEFAULT 0, last_addressed_handle TEXT, display_name TEXT, group_id TEXT, is_filtered INTEGER DEFAULT 0,
  successful_query INTEGER, engram_id TEXT, server_change_token TEXT, ck_sync_state INTEGER DEFAULT 0,
  original_group_id TEXT, last_read_message_timestamp INTEGER DEFAULT 0, cloudkit_record_id TEXT,
  last_addressed_sim_id TEXT, is_blackholed INTEGER DEFAULT 0, syndication_date INTEGER DEFAULT 0,
  syndication_type INTEGER DEFAULT 0, is_recovered INTEGER DEFAULT 0, is_deleting_incoming_messages INTEGER DEFAULT 0);
CREATE TABLE message (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, text TEXT, replace INTEGER DEFAULT 0,
  service_center TEXT, handle_id INTEGER DEFAULT 0, subject TEXT, country TEXT, attributedBody BLOB, version INTEGER DEFAULT 0,
  type INTEGER DEFAULT 0, service TEXT, account TEXT, account_guid TEXT, error INTEGER DEFAULT 0, date INTEGER,
  date_read INTEGER, date_delivered INTEGER, is_delivered INTEGER DEFAULT 0, is_finished INTEGER DEFAULT 0,
  is_emote INTEGER DEFAULT 0, is_from_me INTEGER DEFAULT 0, is_empty INTEGER DEFAULT 0, is_delayed INTEGER DEFAULT 0,
  is_auto_reply INTEGER DEFAULT 0, is_prepared INTEGER DEFAULT 0, is_read INTEGER DEFAULT 0, is_system_message INTEGER DEFAULT 0,
  is_sent INTEGER DEFAULT 0, has_dd_results INTEGER DEFAULT 0, is_service_message INTEGER DEFAULT 0, is_forward INTEGER DEFAULT 0,
  was_downgraded INTEGER DEFAULT 0, is_archive INTEGER DEFAULT 0, cache_has_attachments INTEGER DEFAULT 0,
  cache_roomnames TEXT, was_data_detected INTEGER DEFAULT 0, was_deduplicated INTEGER DEFAULT 0, is_audio_message INTEGER DEFAULT 0,
  is_played INTEGER DEFAULT 0, date_played INTEGER, item_type INTEGER DEFAULT 0, other_handle INTEGER DEFAULT 0,
  group_title TEXT, group_action_type INTEGER DEFAULT 0, share_status INTEGER DEFAULT 0, share_direction INTEGER DEFAULT 0,
  is_expirable INTEGER DEFAULT 0, expire_state INTEGER DEFAULT 0, message_action_type INTEGER DEFAULT 0,
  message_source INTEGER DEFAULT 0, associated_message_guid TEXT, associated_message_type INTEGER DEFAULT 0,
  balloon_bundle_id TEXT, payload_data BLOB, expressive_send_style_id TEXT, associated_message_range_location INTEGER DEFAULT 0,
  associated_message_range_length INTEGER DEFAULT 0, time_expressive_send_played INTEGER, message_summary_info BLOB,
  ck_sync_state INTEGER DEFAULT 0, ck_record_id TEXT, ck_record_change_tag TEXT, destination_caller_id TEXT,
  is_corrupt INTEGER DEFAULT 0, reply_to_guid TEXT, sort_id INTEGER, is_spam INTEGER DEFAULT 0,
  has_unseen_mention INTEGER DEFAULT 0, thread_originator_guid TEXT, thread_originator_part TEXT,
  date_retracted INTEGER DEFAULT 0, date_edited INTEGER DEFAULT 0, part_count INTEGER);
CREATE TABLE attachment (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, created_date INTEGER DEFAULT 0,
  start_date INTEGER DEFAULT 0, filename TEXT, uti TEXT, mime_type TEXT, transfer_state INTEGER DEFAULT 0,
  is_outgoing INTEGER DEFAULT 0, user_info BLOB, transfer_name TEXT, total_bytes INTEGER DEFAULT 0, is_sticker INTEGER DEFAULT 0,
  sticker_user_info BLOB, attribution_info BLOB, hide_attachment INTEGER DEFAULT 0, ck_sync_state INTEGER DEFAULT 0,
  ck_server_change_token_blob BLOB, ck_record_id TEXT, original_guid TEXT UNIQUE NOT NULL, is_commsafety_sensitive INTEGER DEFAULT 0);
CREATE TABLE chat_handle_join (chat_id INTEGER REFERENCES chat (ROWID) ON DELETE CASCADE,
  handle_id INTEGER REFERENCES handle (ROWID) ON DELETE CASCADE, UNIQUE(chat_id, handle_id));
CREATE TABLE chat_message_join (chat_id INTEGER REFERENCES chat (ROWID) ON DELETE CASCADE,
  message_id INTEGER REFERENCES message (ROWID) ON DELETE CASCADE, message_date INTEGER DEFAULT 0, PRIMARY KEY (chat_id, message_id));
CREATE TABLE message_attachment_join (message_id INTEGER REFERENCES message (ROWID) ON DELETE CASCADE,
  attachment_id INTEGER REFERENCES attachment (ROWID) ON DELETE CASCADE, UNIQUE(message_id, attachment_id));
CREATE TABLE deleted_messages (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, guid TEXT NOT NULL);
CREATE TABLE kvtable (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, key TEXT UNIQUE NOT NULL, value BLOB NOT NULL);
CREATE INDEX chat_message_join_idx_message_date_id_chat_id ON chat_message_join(chat_id, message_date, message_id);
CREATE INDEX message_idx_handle ON message(handle_id, date);
`;

/** One-time codes arrive by SMS: the last SMS thread shows one. */
const CODE_LINE = MESSAGE_LINES.find((line) => line.startsWith('Your code')) ?? '';

interface Thread {
  members: Person[];
  service: 'iMessage' | 'SMS';
  name?: string;
}

/** Writes sms.db with the profile's threads and their photo attachments. */
export function writeMessages(context: ContentContext, others: Person[]): void {
  const rng = context.rng('messages');
  const owner = context.persona.owner;
  const login = owner ? `E:${owner.email}` : 'P:' + (context.persona.phoneNumber ?? '');
  const threads: Thread[] = [];
  for (let t = 0; t < context.persona.amounts.threads && others.length > 0; t++) {
    if (t === 2 && others.length >= 3) {
      threads.push({ members: [others[0] as Person, others[1] as Person, others[2] as Person], service: 'iMessage', name: 'Lisbon Trip 🇵🇹' });
    } else threads.push({ members: [others[t % others.length] as Person], service: rng.chance(0.75) ? 'iMessage' : 'SMS' });
  }
  const attachments: Array<{ path: string; data: Buffer; created: number }> = [];
  putDatabase(context, 'HomeDomain', 'Library/SMS/sms.db', { protectionClass: 3 }, (db) => {
    db.exec(SCHEMA);
    db.prepare('INSERT INTO _SqliteDatabaseProperties VALUES (?, ?)').run('_ClientVersion', '17015');
    const handleIds = new Map<string, number>();
    const handleOf = (id: string, service: string): number => {
      const key = `${service}:${id}`;
      let rowid = handleIds.get(key);
      if (rowid === undefined) {
        rowid = Number(db.prepare('INSERT INTO handle (id, country, service) VALUES (?, ?, ?)').run(id, 'us', service).lastInsertRowid);
        handleIds.set(key, rowid);
      }
      return rowid;
    };
    const chatInsert = db.prepare(`INSERT INTO chat (guid, style, state, account_id, chat_identifier, service_name, room_name,
      account_login, last_addressed_handle, display_name, group_id) VALUES (?, ?, 3, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const messageInsert = db.prepare(`INSERT INTO message (guid, text, handle_id, service, account, account_guid, date, date_read,
      date_delivered, is_delivered, is_finished, is_from_me, is_read, is_sent, cache_has_attachments, cache_roomnames,
      destination_caller_id, part_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1, ?, ?, ?, ?, ?, ?, 1)`);
    const accountGuid = stableUuid(context.udid, 'sms-account');
    threads.forEach((thread, t) => {
      const group = thread.members.length > 1;
      const identifier = group ? `chat${rng.int(100000000, 999999999)}${rng.int(100000, 999999)}` : (thread.members[0] as Person).phone;
      const chatGuid = `${thread.service};${group ? '+' : '-'};${identifier}`;
      const chatId = Number(chatInsert.run(chatGuid, group ? 43 : 45, accountGuid, identifier, thread.service, group ? identifier : null,
        login, owner?.email ?? null, thread.name ?? null, stableUuid(context.udid, 'chat', String(t))).lastInsertRowid);
      const handles = thread.members.map((m) => handleOf(m.phone, thread.service));
      for (const h of handles) db.prepare('INSERT INTO chat_handle_join VALUES (?, ?)').run(chatId, h);
      let time = REFERENCE_TIME - rng.int(20, 400) * 86400;
      const count = rng.int(8, 60);
      for (let m = 0; m < count; m++) {
        time += rng.logUniform(30, 4 * 86400);
        if (time > REFERENCE_TIME - 600) break;
        const fromMe = rng.chance(0.5);
        const withPhoto = m === 3 && t < 3;
        const handle = fromMe && !group ? handles[0] as number : fromMe ? 0 : rng.pick(handles);
        const date = appleNanos(time, rng.int(0, 999_999_999));
        const guid = stableUuid(context.udid, 'message', String(t), String(m));
        const text = withPhoto ? '\uFFFC' : thread.service === 'SMS' && t === threads.length - 1 ? CODE_LINE : rng.pick(MESSAGE_LINES);
        const messageId = Number(messageInsert.run(guid, text, handle, thread.service, login, accountGuid, date, fromMe ? 0 : date + 5_000_000_000n,
          date + 1_000_000_000n, fromMe ? 1 : 0, 1, fromMe ? 1 : 0, withPhoto ? 1 : 0, group ? identifier : null,
          owner?.email ?? context.persona.phoneNumber ?? null).lastInsertRowid);
        db.prepare('INSERT INTO chat_message_join VALUES (?, ?, ?)').run(chatId, messageId, date);
        if (withPhoto) {
          const attachmentGuid = stableUuid(context.udid, 'attachment', String(t));
          const name = `IMG_${4800 + t}.jpeg`;
          const hash = attachmentGuid.replace(/-/g, '').toLowerCase();
          const relative = `Library/SMS/Attachments/${hash.slice(0, 2)}/${hash.slice(2, 4)}/${attachmentGuid}/${name}`;
          const data = standalonePhoto(context, 480, 360, time, 'sms', String(t));
          attachments.push({ path: relative, data, created: time });
          const attachmentId = Number(db.prepare(`INSERT INTO attachment (guid, created_date, start_date, filename, uti, mime_type,
            transfer_state, is_outgoing, transfer_name, total_bytes, original_guid) VALUES (?, ?, 0, ?, 'public.jpeg', 'image/jpeg', 5, ?, ?, ?, ?)`)
            .run(attachmentGuid, Math.floor(time) - 978_307_200, `~/${relative}`, fromMe ? 1 : 0, name, data.length, attachmentGuid).lastInsertRowid);
          db.prepare('INSERT INTO message_attachment_join VALUES (?, ?)').run(messageId, attachmentId);
        }
      }
    });
  });
  for (const a of attachments) putFile(context, 'MediaDomain', a.path, a.data, { lastModified: a.created, protectionClass: 3 });
}
