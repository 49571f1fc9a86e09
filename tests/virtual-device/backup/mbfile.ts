/**
 * MBFile records of Manifest.db (PROTOCOLS.md §4): an NSKeyedArchiver binary plist of class MBFile whose
 * strings and data are separate archive objects referenced by UID, as Apple's archiver writes them.
 */
import { decodePlist, encodeBinary, type Uid } from '../plist.ts';

/** The metadata of one backed-up entry, as stored in Manifest.db `Files.file`. */
export interface MBFileRecord {
  relativePath: string;
  /** Symlink target. */
  target?: string;
  /** SHA-1 of the plaintext content (files only). */
  digest?: Buffer;
  /** u32 LE class ‖ wrapped key (encrypted backups, files only). */
  encryptionKey?: Buffer;
  mode: number;
  inode: number;
  userId: number;
  groupId: number;
  lastModified: number;
  lastStatusChange: number;
  birth: number;
  size: number;
  protectionClass: number;
  flags: number;
}

const uid = (n: number): Uid => ({ UID: n });

/** Archives a record as Apple's NSKeyedArchiver does (`$archiver`, `$version` 100000, `$top.root`, `$objects`). */
export function encodeMBFile(record: MBFileRecord): Buffer {
  const objects: unknown[] = ['$null'];
  const push = (value: unknown): Uid => uid(objects.push(value) - 1);
  const root: Record<string, unknown> = {
    LastModified: record.lastModified,
    Flags: record.flags,
    GroupID: record.groupId,
    LastStatusChange: record.lastStatusChange,
    Birth: record.birth,
    Size: record.size,
    InodeNumber: record.inode,
    Mode: record.mode,
    ProtectionClass: record.protectionClass,
    UserID: record.userId,
  };
  objects.push(root);
  root.RelativePath = push(record.relativePath);
  if (record.target !== undefined) root.Target = push(record.target);
  if (record.digest) root.Digest = push(record.digest);
  if (record.encryptionKey) {
    const keyObject: Record<string, unknown> = { 'NS.data': record.encryptionKey };
    root.EncryptionKey = push(keyObject);
    keyObject.$class = push({ $classname: 'NSMutableData', $classes: ['NSMutableData', 'NSData', 'NSObject'] });
  }
  root.$class = push({ $classname: 'MBFile', $classes: ['MBFile', 'NSObject'] });
  return encodeBinary({ $version: 100000, $archiver: 'NSKeyedArchiver', $top: { root: uid(1) }, $objects: objects });
}

/** Unarchives an MBFile record (strings and data inline or by UID, EncryptionKey as NSData or NSMutableData). */
export function decodeMBFile(blob: Buffer): MBFileRecord {
  const archive = decodePlist(blob) as { $archiver?: unknown; $top?: { root?: Uid }; $objects?: unknown[] };
  const objects = archive.$objects;
  if (archive.$archiver !== 'NSKeyedArchiver' || !Array.isArray(objects) || !archive.$top?.root) {
    throw new Error('not an NSKeyedArchiver MBFile');
  }
  const resolve = (value: unknown): unknown => (isUid(value) ? objects[value.UID] : value);
  const root = resolve(archive.$top.root) as Record<string, unknown>;
  const number = (key: string): number => {
    const value = root[key];
    return typeof value === 'bigint' ? Number(value) : typeof value === 'number' ? value : 0;
  };
  const relativePath = resolve(root.RelativePath);
  if (typeof relativePath !== 'string') throw new Error('MBFile without RelativePath');
  const record: MBFileRecord = {
    relativePath,
    mode: number('Mode'), inode: number('InodeNumber'), userId: number('UserID'), groupId: number('GroupID'),
    lastModified: number('LastModified'), lastStatusChange: number('LastStatusChange'), birth: number('Birth'),
    size: number('Size'), protectionClass: number('ProtectionClass'), flags: number('Flags'),
  };
  const target = resolve(root.Target);
  if (typeof target === 'string') record.target = target;
  const digest = dataOf(resolve(root.Digest));
  if (digest) record.digest = digest;
  const key = dataOf(resolve(root.EncryptionKey));
  if (key) record.encryptionKey = key;
  return record;
}

function dataOf(value: unknown): Buffer | undefined {
  if (Buffer.isBuffer(value)) return value;
  if (value && typeof value === 'object' && Buffer.isBuffer((value as Record<string, unknown>)['NS.data'])) {
    return (value as Record<string, Buffer>)['NS.data'];
  }
  return undefined;
}

function isUid(value: unknown): value is Uid {
  return !!value && typeof value === 'object' && typeof (value as Uid).UID === 'number' && Object.keys(value).length === 1;
}
