/**
 * Contacts as vCard 3.0 (RFC 2426), UTF-8, the format Contacts apps import. Text values are escaped as
 * RFC 2426 §4 / RFC 6350 §3.4 say (backslash, comma, semicolon, newline), control characters are dropped,
 * lines end with CRLF and are folded at 75 octets without splitting a UTF-8 character. Labels of Apple's
 * own become TYPE parameters; a label the person typed goes in an `itemN.X-ABLabel` line, as Apple's own
 * export does, so nothing from the backup ever lands in a parameter.
 */
import type { Contact, PostalAddress } from '../../../../shared/categories.ts';
import { withoutControlCharacters } from '../categories/values.ts';

const MAX_LINE_OCTETS = 75;

/** TYPE parameters of Apple's built-in labels, per property. */
const PHONE_TYPES: Record<string, string[]> = {
  mobile: ['CELL', 'VOICE'], iphone: ['IPHONE', 'CELL', 'VOICE'], home: ['HOME', 'VOICE'], work: ['WORK', 'VOICE'],
  main: ['MAIN'], 'home fax': ['HOME', 'FAX'], 'work fax': ['WORK', 'FAX'], 'other fax': ['OTHER', 'FAX'], pager: ['PAGER'], other: ['OTHER', 'VOICE'],
};
const EMAIL_TYPES: Record<string, string[]> = { home: ['INTERNET', 'HOME'], work: ['INTERNET', 'WORK'], other: ['INTERNET', 'OTHER'], icloud: ['INTERNET'] };
const URL_TYPES: Record<string, string[]> = { 'home page': ['HOME-PAGE'], home: ['HOME'], work: ['WORK'], other: ['OTHER'] };
const ADDRESS_TYPES: Record<string, string[]> = { home: ['HOME'], work: ['WORK'], other: ['OTHER'] };

/** The cards of `contacts`, one after another, as the bytes of a .vcf file. */
export function contactsToVCard(contacts: readonly Contact[]): Buffer {
  return Buffer.from(contacts.map(cardOf).join(''), 'utf8');
}

/** Escapes a text value (RFC 2426 §4 "text"): \ , ; and line breaks; control characters are removed. */
export function escapeText(value: string): string {
  return withoutControlCharacters(value).replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/;/g, '\\;').replace(/\r\n|\r|\n/g, '\\n');
}

/** Folds one content line at 75 octets (CRLF + space), never inside a UTF-8 sequence. */
export function foldLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= MAX_LINE_OCTETS) return `${line}\r\n`;
  const parts: string[] = [];
  let start = 0;
  let limit = MAX_LINE_OCTETS;
  while (start < bytes.length) {
    let end = Math.min(start + limit, bytes.length);
    // Step back over continuation bytes (10xxxxxx) so a character is never cut in two.
    while (end < bytes.length && end > start && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
    parts.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
    limit = MAX_LINE_OCTETS - 1;
  }
  return `${parts.join('\r\n ')}\r\n`;
}

function cardOf(contact: Contact): string {
  const lines: string[] = ['BEGIN:VCARD', 'VERSION:3.0'];
  const n = [contact.lastName, contact.firstName, contact.middleName, contact.prefix, contact.suffix].map((part) => escapeText(part ?? ''));
  lines.push(`N:${n.join(';')}`, `FN:${escapeText(contact.displayName)}`);
  if (contact.nickname) lines.push(`NICKNAME:${escapeText(contact.nickname)}`);
  if (contact.organization || contact.department) lines.push(`ORG:${escapeText(contact.organization ?? '')};${escapeText(contact.department ?? '')}`);
  if (contact.jobTitle) lines.push(`TITLE:${escapeText(contact.jobTitle)}`);
  if (contact.birthday && /^\d{4}-\d{2}-\d{2}$/.test(contact.birthday)) lines.push(`BDAY:${contact.birthday}`);
  let item = 0;
  const labeled = (property: string, known: Record<string, string[]>, label: string, value: string, fallback: string[] = []): void => {
    const types = known[label.toLowerCase()];
    if (types) {
      lines.push(`${property}${typeParameter(types)}:${value}`);
    } else {
      item += 1;
      lines.push(`item${item}.${property}${typeParameter(fallback)}:${value}`, `item${item}.X-ABLabel:${escapeText(label)}`);
    }
  };
  for (const phone of contact.phones) labeled('TEL', PHONE_TYPES, phone.label, escapeText(phone.value), ['VOICE']);
  for (const email of contact.emails) labeled('EMAIL', EMAIL_TYPES, email.label, escapeText(email.value), ['INTERNET']);
  for (const address of contact.addresses) labeled('ADR', ADDRESS_TYPES, address.label, addressValue(address));
  for (const url of contact.urls) labeled('URL', URL_TYPES, url.label, escapeText(url.value));
  if (contact.note) lines.push(`NOTE:${escapeText(contact.note)}`);
  if (contact.groups.length) lines.push(`CATEGORIES:${contact.groups.map(escapeText).join(',')}`);
  lines.push('END:VCARD');
  return lines.map(foldLine).join('');
}

function typeParameter(types: string[]): string {
  return types.length ? `;TYPE=${types.join(',')}` : '';
}

/** ADR: post office box; extended address; street; locality; region; postal code; country. */
function addressValue(address: PostalAddress): string {
  return ['', '', address.street, address.city, address.state, address.postalCode, address.country].map((part) => escapeText(part ?? '')).join(';');
}

