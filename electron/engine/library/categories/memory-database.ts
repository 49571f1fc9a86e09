/**
 * Opens a SQLite database from bytes, in memory and read-only: decrypted databases are never written to
 * disk. A database in WAL mode comes with its `-wal` file in the backup; the committed frames of that log
 * hold the newest rows (iOS checkpoints lazily), so they are applied to the page image first.
 */
import Database from 'better-sqlite3';

const WAL_HEADER = 32;
const FRAME_HEADER = 24;
const WAL_MAGIC = 0x377f0682;

/** A read-only in-memory database of `main`, with the committed content of `wal` applied when given. */
export function openMemoryDatabase(main: Buffer, wal?: Buffer): Database.Database {
  const image = wal && wal.length > WAL_HEADER ? applyWal(main, wal) : Buffer.from(main);
  // An in-memory database cannot use WAL: bytes 18–19 (read/write versions) 2 mean WAL, 1 the rollback journal.
  if (image.length >= 100 && image[18] === 2) image[18] = 1;
  if (image.length >= 100 && image[19] === 2) image[19] = 1;
  return new Database(image, { readonly: true });
}

/**
 * The database image after the WAL's committed transactions: frames count only while their salts match the
 * header and the running checksum holds, and only up to the last commit frame (a frame whose "database size"
 * field is non-zero), exactly as SQLite itself recovers a log.
 */
export function applyWal(main: Buffer, wal: Buffer): Buffer {
  if (wal.length < WAL_HEADER) return Buffer.from(main);
  const magic = wal.readUInt32BE(0);
  if ((magic & 0xfffffffe) !== WAL_MAGIC) return Buffer.from(main);
  const bigEndian = (magic & 1) === 1;
  const pageSize = wal.readUInt32BE(8);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return Buffer.from(main);
  const salt1 = wal.readUInt32BE(16);
  const salt2 = wal.readUInt32BE(20);
  let sum = checksum(wal.subarray(0, 24), bigEndian, [0, 0]);
  if (sum[0] !== wal.readUInt32BE(24) || sum[1] !== wal.readUInt32BE(28)) return Buffer.from(main);

  const committed = new Map<number, Buffer>();
  let pending = new Map<number, Buffer>();
  let pages = Math.floor(main.length / pageSize);
  for (let at = WAL_HEADER; at + FRAME_HEADER + pageSize <= wal.length; at += FRAME_HEADER + pageSize) {
    if (wal.readUInt32BE(at + 8) !== salt1 || wal.readUInt32BE(at + 12) !== salt2) break;
    const page = wal.subarray(at + FRAME_HEADER, at + FRAME_HEADER + pageSize);
    sum = checksum(page, bigEndian, checksum(wal.subarray(at, at + 8), bigEndian, sum));
    if (sum[0] !== wal.readUInt32BE(at + 16) || sum[1] !== wal.readUInt32BE(at + 20)) break;
    pending.set(wal.readUInt32BE(at), page);
    const sizeAfterCommit = wal.readUInt32BE(at + 4);
    if (sizeAfterCommit > 0) {
      for (const [number, content] of pending) committed.set(number, content);
      pending = new Map();
      pages = sizeAfterCommit;
    }
  }
  if (committed.size === 0) return Buffer.from(main);
  // The size a commit frame claims is only as real as the pages behind it: every page past the main file
  // must come from the log, so a claim beyond both (4 billion pages in one frame) allocates nothing.
  let highest = Math.floor(main.length / pageSize);
  for (const number of committed.keys()) highest = Math.max(highest, number);
  pages = Math.min(pages, highest);
  const image = Buffer.alloc(pages * pageSize);
  main.copy(image, 0, 0, Math.min(main.length, image.length));
  for (const [number, content] of committed) {
    if (number >= 1 && number <= pages) content.copy(image, (number - 1) * pageSize);
  }
  return image;
}

/** SQLite's WAL checksum: pairs of 32-bit words summed Fibonacci-style, continuing from `start`. */
function checksum(data: Buffer, bigEndian: boolean, start: readonly [number, number] | number[]): [number, number] {
  let s0 = start[0] ?? 0;
  let s1 = start[1] ?? 0;
  for (let i = 0; i + 8 <= data.length; i += 8) {
    const x0 = bigEndian ? data.readUInt32BE(i) : data.readUInt32LE(i);
    const x1 = bigEndian ? data.readUInt32BE(i + 4) : data.readUInt32LE(i + 4);
    s0 = (s0 + x0 + s1) >>> 0;
    s1 = (s1 + x1 + s0) >>> 0;
  }
  return [s0, s1];
}
