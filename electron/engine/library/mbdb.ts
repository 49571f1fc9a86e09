/**
 * Manifest.mbdb, the manifest of legacy backups (iOS 9 and older, flat folder of `<fileID>` files): the
 * header `mbdb\x05\x00`, then one record per entry, all numbers big-endian:
 * domain, path, link target, digest, encryption key (strings: u16 length, 0xFFFF = empty), mode u16,
 * inode u64, uid u32, gid u32, mtime u32, atime u32, ctime u32, size u64, protection class u8,
 * property count u8 and that many name/value string pairs (extended attributes).
 */
import { createHash } from 'node:crypto';
import { CradleError } from '../../../shared/errors.ts';
import type { BackupFileDetails, EntryKind } from './backup-reader.ts';

const MAGIC = Buffer.from('mbdb\x05\x00', 'latin1');
const EMPTY = 0xffff;

/**
 * Every record of a Manifest.mbdb, in file order.
 * @throws CradleError BACKUP_CORRUPT when the header is not mbdb 5.0 or a record runs past the end.
 */
export function parseMbdb(data: Buffer): BackupFileDetails[] {
  if (data.length < MAGIC.length || !data.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw corrupt('it does not start with the mbdb 5.0 header', 0);
  }
  const reader = new RecordReader(data, MAGIC.length);
  const entries: BackupFileDetails[] = [];
  while (!reader.done()) {
    const start = reader.offset;
    try {
      entries.push(readRecord(reader));
    } catch (error) {
      if (error instanceof RangeError) throw corrupt(`the record at byte ${start} runs past the end of the file`, start);
      throw error;
    }
  }
  return entries;
}

function readRecord(reader: RecordReader): BackupFileDetails {
  const domain = reader.text();
  const relativePath = reader.text();
  const target = reader.text();
  const digest = reader.bytes();
  const wrappedKey = reader.bytes();
  const mode = reader.u16();
  const inode = reader.u64();
  const userId = reader.u32();
  const groupId = reader.u32();
  const lastModified = reader.u32();
  reader.u32(); // last access: the shared entry shape has no place for it
  const lastStatusChange = reader.u32();
  const size = reader.u64();
  const protectionClass = reader.u8();
  // Extended attributes: read past (bounded like every string), not part of the shared entry shape.
  for (let count = reader.u8(); count > 0; count--) {
    reader.bytes();
    reader.bytes();
  }
  return {
    fileID: createHash('sha1').update(`${domain}-${relativePath}`, 'utf8').digest('hex'),
    domain,
    relativePath,
    kind: kindOf(mode),
    size,
    mode,
    lastModified,
    lastStatusChange,
    protectionClass,
    userId,
    groupId,
    inode,
    ...(target ? { target } : {}),
    ...(wrappedKey ? { wrappedKey } : {}),
    ...(digest ? { digest } : {}),
  };
}

/** The S_IFMT bits of the mode: 0x4000 directory, 0xA000 symlink; anything else is read as a file. */
function kindOf(mode: number): EntryKind {
  switch (mode & 0xf000) {
    case 0x4000: return 'directory';
    case 0xa000: return 'symlink';
    default: return 'file';
  }
}

/** Big-endian reads that throw RangeError past the end (Buffer's own bounds checks, before any copy). */
class RecordReader {
  readonly #data: Buffer;
  offset: number;

  constructor(data: Buffer, offset: number) {
    this.#data = data;
    this.offset = offset;
  }

  done(): boolean {
    return this.offset >= this.#data.length;
  }

  u8(): number {
    return this.#data.readUInt8(this.#advance(1));
  }

  u16(): number {
    return this.#data.readUInt16BE(this.#advance(2));
  }

  u32(): number {
    return this.#data.readUInt32BE(this.#advance(4));
  }

  u64(): number {
    return Number(this.#data.readBigUInt64BE(this.#advance(8)));
  }

  /** A string field's bytes (copied); undefined when empty. */
  bytes(): Buffer | undefined {
    const range = this.#range();
    return range && Buffer.from(this.#data.subarray(range[0], range[1]));
  }

  /** A string field as UTF-8 text; '' when empty. */
  text(): string {
    const range = this.#range();
    return range ? this.#data.toString('utf8', range[0], range[1]) : '';
  }

  /** Where a string field's bytes are: u16 length first, 0xFFFF (or 0) meaning empty. */
  #range(): [number, number] | undefined {
    const length = this.u16();
    if (length === EMPTY || length === 0) return undefined;
    if (length > this.#data.length - this.offset) throw new RangeError('string past the end');
    const start = this.#advance(length);
    return [start, start + length];
  }

  #advance(count: number): number {
    const at = this.offset;
    this.offset += count;
    return at;
  }
}

function corrupt(why: string, offset: number): CradleError {
  return new CradleError(
    'BACKUP_CORRUPT',
    'The file list of this backup (Manifest.mbdb) is damaged, so its files cannot be listed. The backup may be incomplete; if the device is still around, make a new backup.',
    { why, offset },
  );
}
