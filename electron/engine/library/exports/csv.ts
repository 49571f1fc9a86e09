/**
 * Call history and messages as CSV (RFC 4180): CRLF line ends, a field quoted when it holds a comma, a
 * quote or a line break, quotes doubled. Spreadsheets run a cell that starts with = + - @ (or a tab / CR)
 * as a formula, so such a cell gets a leading apostrophe (OWASP "CSV injection"): a message saying
 * "=HYPERLINK(…)" stays text. A UTF-8 byte order mark lets Excel read names and emoji correctly.
 */
import type { CallRecord, ThreadMessages } from '../../../../shared/categories.ts';

/** A cell value; undefined is an empty cell. */
export type Cell = string | number | boolean | undefined;

const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell as CSV text: formula guard, then RFC 4180 quoting. */
export function csvCell(value: Cell): string {
  if (value === undefined) return '';
  let cell = String(value);
  if (typeof value === 'string' && FORMULA_START.test(cell)) cell = `'${cell}`;
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** A whole CSV file: header row, then rows; UTF-8 with a byte order mark. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): Buffer {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return Buffer.from(`${BOM}${lines.join('\r\n')}\r\n`, 'utf8');
}

const CALL_SERVICES: Record<CallRecord['service'], string> = {
  phone: 'Phone', 'facetime-video': 'FaceTime Video', 'facetime-audio': 'FaceTime Audio', other: 'Other',
};

/** The call history as CSV: date, direction, answered, number, name, duration, service, location. */
export function callsToCsv(calls: readonly CallRecord[]): Buffer {
  return toCsv(['Date', 'Direction', 'Answered', 'Number', 'Name', 'Duration (seconds)', 'Service', 'Location'], calls.map((call) => [
    call.date, call.direction === 'outgoing' ? 'Outgoing' : 'Incoming', call.answered ? 'Yes' : 'No', call.number, call.name,
    call.durationSeconds, CALL_SERVICES[call.service], call.location,
  ]));
}

/** Conversations as one CSV: conversation, date, sent or received, sender, text, attachment names, service. */
export function messagesToCsv(threads: readonly ThreadMessages[]): Buffer {
  const rows = threads.flatMap(({ thread, messages }) => messages.map((message): Cell[] => [
    thread.title, message.date, message.fromMe ? 'Sent' : 'Received', message.fromMe ? 'Me' : message.sender, message.text,
    message.attachments.map((a) => a.name).join('; ') || undefined, message.service,
  ]));
  return toCsv(['Conversation', 'Date', 'Direction', 'From', 'Text', 'Attachments', 'Service'], rows);
}
