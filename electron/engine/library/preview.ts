/**
 * Previews of a backup's files by what their bytes are: images, plists as a tree, SQLite tables (opened in
 * memory), text, else hex. Everything is bounded so a huge or hostile file gives a short preview.
 */
import Database from 'better-sqlite3';
import type { FilePreview, PlistNode } from '../../../shared/browse.ts';
import { decodePlist } from '../plist/codec.ts';
import { hasComputedColumns } from './sqlite-schema.ts';

const MAX_IMAGE_BYTES = 24 * 1024 * 1024;
const MAX_TEXT_CHARS = 256 * 1024;
const HEX_BYTES = 4096;
const MAX_PLIST_NODES = 5000;
const SQLITE_ROWS = 50;
const MAX_SQLITE_TABLES = 200;

const IMAGE_SIGNATURES: [string, Buffer][] = [
  ['image/jpeg', Buffer.from([0xff, 0xd8, 0xff])],
  ['image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47])],
  ['image/gif', Buffer.from('GIF8')],
];

/** The preview of a file's plain bytes. */
export function previewBytes(bytes: Buffer): FilePreview {
  const image = IMAGE_SIGNATURES.find(([, signature]) => bytes.subarray(0, signature.length).equals(signature));
  if (image && bytes.length <= MAX_IMAGE_BYTES) return { kind: 'image', mime: image[0], base64: bytes.toString('base64') };
  const head = bytes.subarray(0, 64).toString('latin1');
  if (head.startsWith('bplist00') || (head.startsWith('<?xml') && bytes.subarray(0, 512).includes('<plist'))) {
    try {
      return { kind: 'plist', value: plistNode(decodePlist(bytes), { left: MAX_PLIST_NODES }) };
    } catch {
      // Not a readable plist after all: shown as text or hex below.
    }
  }
  if (head.startsWith('SQLite format 3\0')) {
    const tables = sqliteTables(bytes);
    if (tables) return { kind: 'sqlite', tables };
  }
  const sample = bytes.subarray(0, 64 * 1024);
  if (!sample.includes(0) && isUtf8(sample)) {
    const text = bytes.subarray(0, MAX_TEXT_CHARS * 4).toString('utf8');
    return { kind: 'text', text: text.slice(0, MAX_TEXT_CHARS), truncated: text.length > MAX_TEXT_CHARS || bytes.length > MAX_TEXT_CHARS * 4 };
  }
  return { kind: 'hex', lines: hexLines(bytes.subarray(0, HEX_BYTES)), truncated: bytes.length > HEX_BYTES };
}

/** A plist value as a drawable tree; past the node budget, values read "…". */
export function plistNode(value: unknown, budget: { left: number }): PlistNode {
  budget.left -= 1;
  if (budget.left < 0) return { type: 'string', text: '…' };
  if (value === null || value === undefined) return { type: 'null', text: '' };
  if (Buffer.isBuffer(value)) return { type: 'data', text: `${value.length} bytes: ${value.subarray(0, 32).toString('hex')}${value.length > 32 ? '…' : ''}` };
  if (value instanceof Date) return { type: 'date', text: value.toISOString() };
  if (Array.isArray(value)) return { type: 'array', items: value.map((item) => plistNode(item, budget)) };
  if (typeof value === 'object') {
    if ('UID' in value && Object.keys(value).length === 1) return { type: 'number', text: `UID ${String((value as { UID: unknown }).UID)}` };
    return { type: 'dict', entries: Object.entries(value).map(([key, item]): [string, PlistNode] => [key, plistNode(item, budget)]) };
  }
  if (typeof value === 'boolean') return { type: 'boolean', text: String(value) };
  if (typeof value === 'number' || typeof value === 'bigint') return { type: 'number', text: String(value) };
  return { type: 'string', text: String(value) };
}

function sqliteTables(bytes: Buffer): Extract<FilePreview, { kind: 'sqlite' }>['tables'] | undefined {
  let db: Database.Database | undefined;
  try {
    db = new Database(bytes);
    const open = db;
    const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name LIMIT ?").pluck().all(MAX_SQLITE_TABLES) as string[])
      .filter((name) => !hasComputedColumns(open, name));
    return names.map((name) => {
      const quoted = `"${name.replaceAll('"', '""')}"`;
      const statement = db!.prepare(`SELECT * FROM ${quoted} LIMIT ${SQLITE_ROWS}`);
      const columns = statement.columns().map((column) => column.name);
      const rows = (statement.raw().all() as unknown[][]).map((row) => row.map(cell));
      const rowCount = Number(db!.prepare(`SELECT count(*) FROM ${quoted}`).pluck().get());
      return { name, rowCount, columns, rows };
    });
  } catch {
    return undefined;
  } finally {
    db?.close();
  }
}

function cell(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return value;
  const text = String(value);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

function hexLines(bytes: Buffer): string[] {
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += 16) {
    const row = bytes.subarray(offset, offset + 16);
    const hex = [...row].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
    const ascii = [...row].map((byte) => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.')).join('');
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  return lines;
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    // A sample may end inside a multi-byte character: retry without its last 3 bytes.
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, Math.max(0, bytes.length - 3)));
      return bytes.length > 3;
    } catch {
      return false;
    }
  }
}
