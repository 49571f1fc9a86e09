/**
 * What a backup sends: the device's entries as Manifest.db rows, which files must be uploaded (new or
 * changed against the previous backup by size, modification date and SHA-1 digest), and which of the
 * previous backup's files are gone. Uploads produce their content lazily, encrypted when asked.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { DeviceFileEntry, VirtualDevice } from '../types.ts';
import { createCbcEncryptStream, paddedSize } from './aes.ts';
import { newWrappedKey, type ClassKeys } from './keybag.ts';
import { encryptKeychain, KEYCHAIN_DOMAIN, KEYCHAIN_PATH, parseKeychain } from './keychain.ts';
import { FLAG_DIRECTORY, FLAG_FILE, FLAG_SYMLINK, fileIdOf, type ManifestRow } from './manifest-db.ts';
import type { MBFileRecord } from './mbfile.ts';

/** One entry of the new backup. */
export interface PlannedEntry {
  entry: DeviceFileEntry;
  fileID: string;
  flags: number;
  /** Its MBFile record; for uploads, Size and Digest are completed while the content streams. */
  record: MBFileRecord;
  upload?: PlannedUpload;
}

/** A file whose content goes to the host in this backup. */
export interface PlannedUpload {
  /** Bytes on the wire (padded when encrypted). */
  wireSize: number;
  content(): AsyncIterable<Buffer>;
}

/** The whole plan. */
export interface BackupPlan {
  entries: PlannedEntry[];
  uploads: PlannedEntry[];
  /** fileIDs of files in the previous backup that this one no longer has. */
  removed: string[];
  uploadBytes: number;
}

type Source = { path: string } | { data: Buffer };

/** Digests of store files by content path, valid while size, mtime and inode are unchanged. */
const digestCache = new WeakMap<VirtualDevice, Map<string, { key: string; digest: Buffer }>>();

/** Whether an entry goes into a backup: never excluded data; encrypted-only data and the keychain only when encrypted. */
export function isBackedUp(entry: DeviceFileEntry, encrypted: boolean): boolean {
  if (entry.excludedFromBackup) return false;
  if (!encrypted && (entry.encryptedOnly || isKeychain(entry))) return false;
  return true;
}

/** The backup already on the host: its rows by fileID, and whether unchanged files may be kept from it. */
export interface PreviousBackup {
  rows: Map<string, ManifestRow>;
  /** False for a full backup: everything is sent again, the rows only tell which old files to remove. */
  incremental: boolean;
}

/** Plans a backup of `device` over `previous` (none when the host has no readable backup of it). */
export async function planBackup(device: VirtualDevice, classKeys: ClassKeys | undefined, previous: PreviousBackup | undefined): Promise<BackupPlan> {
  const base = previous?.incremental ? previous.rows : undefined;
  const encrypted = classKeys !== undefined;
  const entries: PlannedEntry[] = [];
  const uploads: PlannedEntry[] = [];
  let uploadBytes = 0;
  for (const entry of device.store.list()) {
    if (!isBackedUp(entry, encrypted)) continue;
    const fileID = fileIdOf(entry.domain, entry.relativePath);
    const planned: PlannedEntry = { entry, fileID, flags: flagsOf(entry), record: recordOf(entry) };
    entries.push(planned);
    if (entry.kind !== 'file') continue;
    const source: Source = classKeys && isKeychain(entry)
      ? { data: encryptKeychain(parseKeychain(fs.readFileSync(device.store.pathOf(entry.domain, entry.relativePath))), classKeys) }
      : { path: device.store.pathOf(entry.domain, entry.relativePath) };
    const size = 'data' in source ? source.data.length : fs.statSync(source.path).size;
    const old = base?.get(fileID);
    if (old && old.flags === FLAG_FILE && old.file.size === size && old.file.lastModified === entry.lastModified
      && old.file.digest && Boolean(old.file.encryptionKey) === encrypted
      && (!encrypted || old.file.protectionClass === planned.record.protectionClass)) {
      const digest = 'data' in source ? sha1(source.data) : await fileDigest(device, source.path);
      if (digest.equals(old.file.digest)) {
        planned.record = { ...planned.record, size, digest, ...(old.file.encryptionKey ? { encryptionKey: old.file.encryptionKey } : {}) };
        continue;
      }
    }
    planned.upload = uploadOf(device, planned, source, size, classKeys);
    uploads.push(planned);
    uploadBytes += planned.upload.wireSize;
  }
  const current = new Set(entries.map((e) => e.fileID));
  const removed = previous ? [...previous.rows.values()].filter((row) => row.flags === FLAG_FILE && !current.has(row.fileID)).map((row) => row.fileID) : [];
  return { entries, uploads, removed, uploadBytes };
}

/** The rows of the new Manifest.db. */
export function manifestRowsOf(plan: BackupPlan, failed: ReadonlySet<string>): ManifestRow[] {
  return plan.entries
    .filter((p) => !failed.has(p.fileID))
    .map((p) => ({ fileID: p.fileID, domain: p.entry.domain, relativePath: p.entry.relativePath, flags: p.flags, file: p.record }));
}

/** Files up to this size are read in one call when uploaded. */
const WHOLE_READ_MAX = 256 * 1024;

function uploadOf(device: VirtualDevice, planned: PlannedEntry, source: Source, size: number, classKeys: ClassKeys | undefined): PlannedUpload {
  const protectionClass = planned.record.protectionClass;
  const key = classKeys ? newWrappedKey(classKeys, protectionClass) : undefined;
  if (key) planned.record.encryptionKey = key.encryptionKey;
  return {
    wireSize: key ? paddedSize(size) : size,
    async *content() {
      const hash = createHash('sha1');
      const cipher = key ? createCbcEncryptStream(key.key) : undefined;
      let plainSize = 0;
      // Small files are read at once (a read stream per file costs more than the read); large ones stream.
      const whole = 'path' in source && size <= WHOLE_READ_MAX ? readWhole(source.path) : undefined;
      const chunks: AsyncIterable<Buffer> | Buffer[] =
        'data' in source ? [source.data] : whole ? [whole.data] : fs.createReadStream(source.path, { highWaterMark: 256 * 1024 });
      for await (const chunk of chunks) {
        hash.update(chunk);
        plainSize += chunk.length;
        yield cipher ? cipher.update(chunk) : chunk;
      }
      if (cipher) yield cipher.final();
      planned.record.size = plainSize;
      planned.record.digest = hash.digest();
      if ('path' in source) rememberDigest(device, source.path, planned.record.digest, whole?.stat);
    },
  };
}

/** A small file's bytes and its status, from one open (the status keys the digest cache). */
function readWhole(path: string): { data: Buffer; stat: fs.Stats } {
  const fd = fs.openSync(path, 'r');
  try {
    const stat = fs.fstatSync(fd);
    const data = Buffer.allocUnsafe(stat.size);
    let read = 0;
    while (read < data.length) {
      const bytes = fs.readSync(fd, data, read, data.length - read, null);
      if (bytes === 0) break;
      read += bytes;
    }
    return { data: data.subarray(0, read), stat };
  } finally {
    fs.closeSync(fd);
  }
}

function recordOf(entry: DeviceFileEntry): MBFileRecord {
  const record: MBFileRecord = {
    relativePath: entry.relativePath,
    mode: entry.mode,
    inode: entry.inode,
    userId: entry.userId,
    groupId: entry.groupId,
    lastModified: entry.lastModified,
    lastStatusChange: entry.lastModified,
    birth: entry.birth,
    size: entry.kind === 'file' ? entry.size : 0,
    // Encrypting needs a real class; files without one get the iOS default (3).
    protectionClass: entry.kind === 'file' && !entry.protectionClass ? 3 : entry.protectionClass,
    flags: 0,
  };
  if (entry.kind === 'symlink') record.target = entry.target ?? '';
  return record;
}

function flagsOf(entry: DeviceFileEntry): number {
  return entry.kind === 'directory' ? FLAG_DIRECTORY : entry.kind === 'symlink' ? FLAG_SYMLINK : FLAG_FILE;
}

function isKeychain(entry: DeviceFileEntry): boolean {
  return entry.domain === KEYCHAIN_DOMAIN && entry.relativePath === KEYCHAIN_PATH;
}

async function fileDigest(device: VirtualDevice, path: string): Promise<Buffer> {
  const stat = await fs.promises.stat(path);
  const cached = digestCache.get(device)?.get(path);
  if (cached && cached.key === statKey(stat)) return cached.digest;
  const hash = createHash('sha1');
  for await (const chunk of fs.createReadStream(path, { highWaterMark: 256 * 1024 })) hash.update(chunk as Buffer);
  const digest = hash.digest();
  rememberDigest(device, path, digest, stat);
  return digest;
}

function rememberDigest(device: VirtualDevice, path: string, digest: Buffer, stat = fs.statSync(path)): void {
  let cache = digestCache.get(device);
  if (!cache) digestCache.set(device, (cache = new Map()));
  cache.set(path, { key: statKey(stat), digest });
}

function statKey(stat: fs.Stats): string {
  return `${stat.size}:${stat.mtimeMs}:${stat.ino}`;
}

function sha1(data: Buffer): Buffer {
  return createHash('sha1').update(data).digest();
}
