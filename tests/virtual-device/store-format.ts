/**
 * On-disk metadata format of the device store: one JSON file with a column list and one array per entry,
 * so 200,000 entries stay a few tens of MB and load with one JSON.parse.
 */
import type { DeviceFileEntry } from './types.ts';

const FORMAT = 'cradle-virtual-device-store';
const VERSION = 1;
const COLUMNS = [
  'domain', 'relativePath', 'kind', 'mode', 'size', 'lastModified', 'birth', 'protectionClass', 'inode',
  'userId', 'groupId', 'flags', 'target',
] as const;
const ENCRYPTED_ONLY = 1;
const EXCLUDED = 2;

/** Decoded metadata file. */
export interface StoreMetadata {
  nextInode: number;
  entries: DeviceFileEntry[];
}

type Row = [number, string, DeviceFileEntry['kind'], number, number, number, number, number, number, number, number, number, string?];

/** Serialises entries (any order) to the metadata file's JSON text. */
export function serializeMetadata(entries: Iterable<DeviceFileEntry>, nextInode: number): string {
  const domains: string[] = [];
  const domainIndex = new Map<string, number>();
  const rows: Row[] = [];
  for (const e of entries) {
    let index = domainIndex.get(e.domain);
    if (index === undefined) {
      index = domains.length;
      domains.push(e.domain);
      domainIndex.set(e.domain, index);
    }
    const flags = (e.encryptedOnly ? ENCRYPTED_ONLY : 0) | (e.excludedFromBackup ? EXCLUDED : 0);
    const row: Row = [index, e.relativePath, e.kind, e.mode, e.size, e.lastModified, e.birth, e.protectionClass,
      e.inode, e.userId, e.groupId, flags];
    if (e.target !== undefined) row.push(e.target);
    rows.push(row);
  }
  return JSON.stringify({ format: FORMAT, version: VERSION, nextInode, columns: COLUMNS, domains, entries: rows });
}

/** Parses the metadata file's JSON text; throws on anything that is not this format. */
export function parseMetadata(text: string): StoreMetadata {
  const data = JSON.parse(text) as { format?: unknown; version?: unknown; nextInode?: unknown; domains?: unknown; entries?: unknown };
  if (data.format !== FORMAT || data.version !== VERSION || !Array.isArray(data.domains) || !Array.isArray(data.entries)
    || typeof data.nextInode !== 'number') {
    throw new Error('device store metadata: unknown format');
  }
  const domains = data.domains as string[];
  const entries = (data.entries as Row[]).map((row) => {
    const [index, relativePath, kind, mode, size, lastModified, birth, protectionClass, inode, userId, groupId, flags, target] = row;
    const domain = domains[index];
    if (typeof domain !== 'string') throw new Error('device store metadata: bad domain index');
    const entry: DeviceFileEntry = { domain, relativePath, kind, mode, size, lastModified, birth, protectionClass, inode, userId, groupId };
    if (target !== undefined) entry.target = target;
    if (flags & ENCRYPTED_ONLY) entry.encryptedOnly = true;
    if (flags & EXCLUDED) entry.excludedFromBackup = true;
    return entry;
  });
  return { nextInode: data.nextInode, entries };
}
