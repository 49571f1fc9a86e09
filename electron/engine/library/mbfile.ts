/**
 * Manifest.db's `file` column: an NSKeyedArchiver archive of class MBFile (PROTOCOLS.md §4) turned into
 * the entry details the browser shows.
 */
import { CradleError } from '../../../shared/errors.ts';
import { className, unarchive } from '../plist/keyed-archive.ts';
import type { BackupEntry, BackupFileDetails } from './backup-reader.ts';

/**
 * The details of `entry` from its MBFile archive.
 * @throws CradleError BACKUP_CORRUPT when the archive is not an MBFile.
 */
export function readMBFile(entry: BackupEntry, blob: Buffer): BackupFileDetails {
  const root = unarchive(blob, `record of ${entry.domain}/${entry.relativePath}`);
  if (className(root) !== 'MBFile') throw new CradleError('BACKUP_CORRUPT', `The record of ${entry.domain}/${entry.relativePath} is not a file record.`);
  const number = (key: string) => (typeof root[key] === 'number' || typeof root[key] === 'bigint' ? Number(root[key]) : undefined);
  const key = root.EncryptionKey as { 'NS.data'?: unknown } | Buffer | undefined;
  const wrappedKey = Buffer.isBuffer(key) ? key : Buffer.isBuffer(key?.['NS.data']) ? key['NS.data'] : undefined;
  const digest = Buffer.isBuffer(root.Digest) ? root.Digest : undefined;
  return {
    ...entry,
    size: number('Size') ?? 0,
    mode: number('Mode') ?? 0,
    lastModified: number('LastModified'),
    lastStatusChange: number('LastStatusChange'),
    birth: number('Birth'),
    protectionClass: number('ProtectionClass') ?? 0,
    userId: number('UserID'),
    groupId: number('GroupID'),
    inode: number('InodeNumber'),
    ...(typeof root.Target === 'string' ? { target: root.Target } : {}),
    ...(wrappedKey ? { wrappedKey } : {}),
    ...(digest ? { digest } : {}),
  };
}
