import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CallRecord, Contact, ThreadMessages } from '../../../../shared/categories.ts';
import { makeProfileDevice, type ProfileDevice } from '../../../../tests/helpers/store-contents.ts';
import { readCategory } from '../categories/index.ts';
import { cameraRollEntries } from '../categories/photos.ts';
import { callsToCsv, csvCell, messagesToCsv, toCsv } from './csv.ts';
import { photoExportSelections } from './photos.ts';
import { contactsToVCard, escapeText, foldLine } from './vcard.ts';

let device: ProfileDevice;
before(() => {
  device = makeProfileDevice('personal');
});
after(() => device.remove());

/** Unfolds a vCard (RFC 2425 §5.8.1) into its logical lines. */
function unfold(vcf: string): string[] {
  return vcf.replace(/\r\n /g, '').split('\r\n').filter(Boolean);
}

/** Reverses vCard text escaping. */
function unescapeText(value: string): string {
  return value.replace(/\\([\\,;nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** A minimal RFC 4180 reader, to check what a spreadsheet would see. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += c;
  }
  return rows;
}

const contact = (fields: Partial<Contact>): Contact => ({ id: 1, displayName: 'X', phones: [], emails: [], urls: [], addresses: [], groups: [], ...fields });

test('vCard: every contact of the backup as one card, names and numbers intact', async () => {
  const contacts = (await readCategory(device.contents(false), 'contacts')).data.contacts;
  const vcf = contactsToVCard(contacts).toString('utf8');
  const lines = unfold(vcf);
  assert.equal(lines.filter((l) => l === 'BEGIN:VCARD').length, contacts.length);
  assert.equal(lines.filter((l) => l === 'END:VCARD').length, contacts.length);
  assert.deepEqual(lines.filter((l) => l.startsWith('FN:')).map((l) => unescapeText(l.slice(3))), contacts.map((c) => c.displayName));
  const telLines = lines.filter((l) => /^(item\d+\.)?TEL/.test(l)).map((l) => l.slice(l.indexOf(':') + 1));
  assert.deepEqual(telLines, contacts.flatMap((c) => c.phones.map((p) => p.value)));
  assert.ok(lines.includes('TEL;TYPE=IPHONE,CELL,VOICE:+14155550134'));
  assert.ok(vcf.split('\r\n').every((line) => Buffer.byteLength(line) <= 75), 'folded at 75 octets');
  const birthday = contacts.find((c) => c.birthday)!;
  assert.ok(lines.includes(`BDAY:${birthday.birthday}`));
});

test('vCard: commas, semicolons, backslashes and line breaks are escaped; hostile labels never reach a parameter', () => {
  assert.equal(escapeText('a,b;c\\d\ne\r\nf\rg'), 'a\\,b\\;c\\\\d\\ne\\nf\\ng');
  assert.equal(escapeText('tab\tok\u0000\u0007gone'), 'tab\tokgone');
  const hostile = contact({
    firstName: 'Eve;Mallory', lastName: 'O\'Brien,Jr', displayName: 'Eve;Mallory O\'Brien,Jr',
    note: 'line1\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:Injected',
    phones: [{ label: 'X;TYPE=evil:\r\nEND:VCARD', value: '+1 555\r\nEND:VCARD' }],
    emails: [{ label: 'work', value: 'a@b.c' }],
    addresses: [{ label: 'home', street: '1 Main St;\nApt 2', city: 'Town, Place' }],
    groups: ['A,B'],
  });
  const lines = unfold(contactsToVCard([hostile]).toString('utf8'));
  assert.deepEqual([lines[0], lines.at(-1)], ['BEGIN:VCARD', 'END:VCARD']);
  assert.equal(lines.filter((l) => /^(BEGIN|END):VCARD$/.test(l)).length, 2, 'still exactly one card');
  assert.ok(lines.includes('N:O\'Brien\\,Jr;Eve\\;Mallory;;;'));
  assert.ok(lines.includes('NOTE:line1\\nEND:VCARD\\nBEGIN:VCARD\\nFN:Injected'));
  assert.ok(lines.includes('item1.TEL;TYPE=VOICE:+1 555\\nEND:VCARD'));
  assert.ok(lines.includes('item1.X-ABLabel:X\\;TYPE=evil:\\nEND:VCARD'));
  assert.ok(lines.includes('EMAIL;TYPE=INTERNET,WORK:a@b.c'));
  assert.ok(lines.includes('ADR;TYPE=HOME:;;1 Main St\\;\\nApt 2;Town\\, Place;;;'));
  assert.ok(lines.includes('CATEGORIES:A\\,B'));
});

test('vCard: long UTF-8 lines fold at 75 octets without cutting a character, and unfold back', () => {
  for (const name of ['é'.repeat(120), '👩‍👩‍👧'.repeat(30), 'a'.repeat(74), 'a'.repeat(75), 'a'.repeat(76)]) {
    const line = `FN:${name}`;
    const folded = foldLine(line);
    assert.ok(folded.endsWith('\r\n'));
    const physical = folded.slice(0, -2).split('\r\n');
    for (const part of physical) {
      assert.ok(Buffer.byteLength(part) <= 75, `${Buffer.byteLength(part)} octets`);
      assert.ok(!part.includes('\uFFFD'), 'no character cut in two');
    }
    assert.equal(folded.slice(0, -2).replace(/\r\n /g, ''), line);
  }
});

test('CSV: RFC 4180 quoting, and cells that a spreadsheet would run as formulas get an apostrophe', () => {
  const cases: Array<[string | number | undefined, string]> = [
    ['plain', 'plain'], ['a,b', '"a,b"'], ['say "hi"', '"say ""hi"""'], ['two\nlines', '"two\nlines"'], ['cr\rlf', '"cr\rlf"'],
    ['=1+1', "'=1+1"], ['+14155550134', "'+14155550134"], ['-2', "'-2"], ['@SUM(A1)', "'@SUM(A1)"], ['\t=cmd', "'\t=cmd"],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`], ['a=b', 'a=b'], [-5, '-5'], [42, '42'], [undefined, ''], ['', ''],
  ];
  for (const [value, expected] of cases) assert.equal(csvCell(value), expected, String(value));
  const file = toCsv(['A', 'B'], [['x', '=y'], [undefined, 'z']]);
  assert.deepEqual([...file.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
  assert.equal(file.subarray(3).toString('utf8'), "A,B\r\nx,'=y\r\n,z\r\n");
});

test('CSV: the call history and a conversation, read back cell for cell', async () => {
  const calls = (await readCategory(device.contents(true), 'calls')).data.calls;
  const callRows = parseCsv(callsToCsv(calls).toString('utf8').slice(1));
  assert.deepEqual(callRows[0], ['Date', 'Direction', 'Answered', 'Number', 'Name', 'Duration (seconds)', 'Service', 'Location']);
  assert.equal(callRows.length, calls.length + 1);
  callRows.slice(1).forEach((row, i) => {
    const call = calls[i]!;
    assert.deepEqual([row[0], row[3], row[4], Number(row[5])], [call.date, `'${call.number}`, call.name ?? '', call.durationSeconds]);
  });
  const hostileCall: CallRecord = { id: 1, durationSeconds: 3, direction: 'incoming', answered: false, service: 'other', name: '=cmd|"/c calc"!A1', number: '@evil' };
  assert.deepEqual(parseCsv(callsToCsv([hostileCall]).toString('utf8').slice(1))[1]?.slice(1, 5), ['Incoming', 'No', "'@evil", '\'=cmd|"/c calc"!A1']);

  const thread: ThreadMessages = {
    thread: { id: 1, title: 'Group, "quoted"', participants: [], messageCount: 2 },
    messages: [
      { id: 1, date: '2025-01-01T00:00:00.000Z', fromMe: false, sender: 'Ann', text: 'multi\r\nline, "text"', attachments: [{ name: 'a.jpg' }, { name: 'b,c.png' }] },
      { id: 2, fromMe: true, text: '-1 looks like a formula', attachments: [] },
    ],
  };
  const rows = parseCsv(messagesToCsv([thread]).toString('utf8').slice(1));
  assert.deepEqual(rows, [
    ['Conversation', 'Date', 'Direction', 'From', 'Text', 'Attachments', 'Service'],
    ['Group, "quoted"', '2025-01-01T00:00:00.000Z', 'Received', 'Ann', 'multi\r\nline, "text"', 'a.jpg; b,c.png', ''],
    ['Group, "quoted"', '', 'Sent', 'Me', "'-1 looks like a formula", '', ''],
  ]);
});

test('photos export: the original camera roll files, all or the chosen ones', async () => {
  const contents = device.contents(false);
  const all = photoExportSelections(contents);
  assert.deepEqual(all, cameraRollEntries(contents).map((e) => ({ domain: e.domain, relativePath: e.relativePath })));
  assert.equal(all.length, 26);
  const items = (await readCategory(contents, 'photos')).data.items.slice(0, 2);
  assert.deepEqual(photoExportSelections(contents, items.map((i) => i.id)).map((s) => s.relativePath).sort(), items.map((i) => i.relativePath).sort());
  assert.deepEqual(photoExportSelections(contents, []), []);
});
