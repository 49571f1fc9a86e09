/**
 * AFC (com.apple.afc): the few file operations a backup and a restore need (open, lock, close, make a
 * folder, write a file, remove). Written on our ByteReader rather than appium-ios-device's AfcService:
 * loading that took about half a second at every backup, it polls its reply queue, and it has no
 * FileRefLock (the sync lock). Requests run one at a time; a reply must echo its packet number.
 * Packet: "CFA6LPAA", u64 LE entire length, u64 LE header length, u64 LE packet number, u64 LE operation,
 * header payload, then data (PROTOCOLS.md §8).
 */
import type { Duplex } from 'node:stream';
import { CradleError } from '../../../shared/errors.ts';
import { ByteReader } from '../lockdown/byte-reader.ts';

/** The AFC service name. */
export const AFC_SERVICE = 'com.apple.afc';

/** AFC file open modes. */
export const AFC_MODE = { read: 1, readWrite: 2, writeTruncate: 4 } as const;

const MAGIC = Buffer.from('CFA6LPAA', 'latin1');
const HEADER = 40;
const OP = { status: 0x01, makeDir: 0x09, fileOpen: 0x0d, fileOpenResult: 0x0e, write: 0x10, close: 0x14, lock: 0x1b, removeAll: 0x22 } as const;
const LOCK_EXCLUSIVE = 2 | 4;
const LOCK_UNLOCK = 8 | 4;
const STATUS_NOT_FOUND = 8;
const STATUS_WOULD_BLOCK = 19;
/** No reply to these operations comes close; a larger one means a broken or hostile peer. */
const MAX_REPLY = 1024 * 1024;
/** Data sent per FILE_WRITE. */
const WRITE_CHUNK = 1024 * 1024;
const REPLY_TIMEOUT_MS = 30_000;

interface Reply {
  op: number;
  payload: Buffer;
}

/** An AFC connection. */
export class AfcClient {
  private readonly reader: ByteReader;
  private packetNumber = 0;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly stream: Duplex) {
    stream.on('error', () => {});
    this.reader = new ByteReader(stream);
  }

  /** Speaks AFC on a connected service stream. */
  static async open(stream: Duplex): Promise<AfcClient> {
    return new AfcClient(stream);
  }

  /** Opens a file; returns its handle. */
  async open(path: string, mode: number): Promise<number> {
    const reply = await this.request(`open ${path}`, OP.fileOpen, Buffer.concat([u64(mode), cString(path)]));
    if (reply.op !== OP.fileOpenResult || reply.payload.length < 8) throw statusError(reply, `open ${path}`);
    const handle = Number(reply.payload.readBigUInt64LE(0));
    if (handle === 0) throw new CradleError('PROTOCOL', `The device gave no handle for ${path}.`);
    return handle;
  }

  /** Closes a file handle. */
  async close(handle: number): Promise<void> {
    expectSuccess(await this.request('close a file', OP.close, u64(handle)), 'close a file');
  }

  /** Creates a folder (and its parents). */
  async mkdir(path: string): Promise<void> {
    expectSuccess(await this.request(`create ${path}`, OP.makeDir, cString(path)), `create ${path}`);
  }

  /** Writes a whole file (created or truncated). */
  async writeFile(path: string, data: Buffer): Promise<void> {
    const handle = await this.open(path, AFC_MODE.writeTruncate);
    try {
      for (let offset = 0; offset < data.length || offset === 0; offset += WRITE_CHUNK) {
        expectSuccess(await this.request(`write ${path}`, OP.write, u64(handle), data.subarray(offset, offset + WRITE_CHUNK)), `write ${path}`);
        if (data.length === 0) break;
      }
    } finally {
      await this.close(handle);
    }
  }

  /** Removes a file or folder with its contents; a missing one is fine. */
  async remove(path: string): Promise<void> {
    const reply = await this.request(`remove ${path}`, OP.removeAll, cString(path));
    if (statusOf(reply) !== STATUS_NOT_FOUND) expectSuccess(reply, `remove ${path}`);
  }

  /** Takes (true) or releases (false) an exclusive lock; resolves false when another holder has it. */
  async lock(handle: number, exclusive: boolean): Promise<boolean> {
    const reply = await this.request('lock the sync lock', OP.lock, Buffer.concat([u64(handle), u64(exclusive ? LOCK_EXCLUSIVE : LOCK_UNLOCK)]));
    if (statusOf(reply) === STATUS_WOULD_BLOCK) return false;
    expectSuccess(reply, 'lock the sync lock');
    return true;
  }

  /** Closes the connection. */
  dispose(): void {
    this.stream.destroy();
  }

  /** Sends one packet and reads its reply, after the requests before it. */
  private request(what: string, op: number, headerPayload: Buffer, data: Buffer = Buffer.alloc(0)): Promise<Reply> {
    const run = async (): Promise<Reply> => {
      if (this.stream.destroyed) throw new CradleError('DEVICE_DISCONNECTED', 'The device disconnected. Reconnect it and try again.');
      const packetNumber = (this.packetNumber += 1);
      const header = Buffer.alloc(HEADER);
      MAGIC.copy(header, 0);
      header.writeBigUInt64LE(BigInt(HEADER + headerPayload.length + data.length), 8);
      header.writeBigUInt64LE(BigInt(HEADER + headerPayload.length), 16);
      header.writeBigUInt64LE(BigInt(packetNumber), 24);
      header.writeBigUInt64LE(BigInt(op), 32);
      this.stream.write(Buffer.concat([header, headerPayload, data]));
      return this.readReply(what, packetNumber);
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async readReply(what: string, packetNumber: number): Promise<Reply> {
    const header = await this.reader.read(HEADER, REPLY_TIMEOUT_MS);
    if (!header.subarray(0, 8).equals(MAGIC)) throw new CradleError('PROTOCOL', `The device answered "${what}" with something that is not AFC.`);
    const entire = Number(header.readBigUInt64LE(8));
    const own = Number(header.readBigUInt64LE(16));
    if (own < HEADER || entire < own || entire - HEADER > MAX_REPLY) throw new CradleError('PROTOCOL', `The device's answer to "${what}" has impossible lengths.`, { entire, own });
    const body = await this.reader.read(entire - HEADER, REPLY_TIMEOUT_MS);
    if (Number(header.readBigUInt64LE(24)) !== packetNumber) throw new CradleError('PROTOCOL', `The device answered another request than "${what}".`);
    return { op: Number(header.readBigUInt64LE(32)), payload: body.subarray(0, own - HEADER) };
  }
}

function u64(value: number): Buffer {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64LE(BigInt(value), 0);
  return buffer;
}

function cString(text: string): Buffer {
  return Buffer.concat([Buffer.from(text, 'utf8'), Buffer.alloc(1)]);
}

/** The status code of a status reply (undefined for another kind of reply; a status without a code is an I/O error). */
function statusOf(reply: Reply): number | undefined {
  if (reply.op !== OP.status) return undefined;
  return reply.payload.length >= 8 ? Number(reply.payload.readBigUInt64LE(0)) : -1;
}

function expectSuccess(reply: Reply, what: string): void {
  if (statusOf(reply) !== 0) throw statusError(reply, what);
}

function statusError(reply: Reply, what: string): CradleError {
  return new CradleError('PROTOCOL', `The device could not ${what}.`, { op: reply.op, status: statusOf(reply) });
}
