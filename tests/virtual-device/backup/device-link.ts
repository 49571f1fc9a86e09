/**
 * DeviceLink, device side (PROTOCOLS.md §3, §8): the version exchange, the host's requests, and the DL
 * commands the device sends to the host (file transfers, folders, free space) with their status replies.
 * File data streams in frames of at most 32 KiB and waits for the socket to drain (backpressure).
 */
import fs from 'node:fs';
import type { Duplex } from 'node:stream';
import { StreamReader, writePlistMessage } from '../framing.ts';
import { Real } from '../plist.ts';

/** DeviceLink protocol major version the device offers (the Debian host answers 400). */
const DL_VERSION = 400;
/** Largest data frame: bigger ones crash a real device's BackupAgent, so hosts send at most this much. */
const FRAME_DATA_MAX = 32 * 1024;
/** Longest file name in a file stream. */
const NAME_MAX = 4096;
/** Largest data frame the device accepts from a host before calling the stream broken. */
const FRAME_ACCEPT_MAX = 16 * 1024 * 1024;
const CODE_SUCCESS = 0x00;
const CODE_ERROR_LOCAL = 0x06;
const CODE_ERROR_REMOTE = 0x0b;
const CODE_FILE_DATA = 0x0c;
const EMPTY = '___EmptyParameterString___';

/** A host's DLMessageStatusResponse. */
export interface StatusResponse {
  code: number;
  description: string | undefined;
  payload: unknown;
}

/** One file the device uploads: its content is produced lazily, chunk by chunk. */
export interface UploadItem {
  devicePath: string;
  /** Path relative to the host's backup root (`<udid>/…`). */
  backupPath: string;
  content(): AsyncIterable<Buffer>;
}

/** Thrown when the host answers a DL command with a non-zero status. */
export class HostStatusError extends Error {
  override readonly name = 'HostStatusError';
  constructor(readonly command: string, readonly status: StatusResponse) {
    super(`${command} failed on the host: ${status.code} ${status.description ?? ''}`.trim());
  }
}

/** The device's end of a DeviceLink connection. */
export class DeviceLink {
  private readonly reader: StreamReader;
  private closed = false;

  constructor(private readonly socket: Duplex) {
    this.reader = new StreamReader(socket);
    socket.once('close', () => (this.closed = true));
  }

  /** DLMessageVersionExchange → DLVersionsOk → DLMessageDeviceReady. */
  async handshake(): Promise<void> {
    await this.send(['DLMessageVersionExchange', DL_VERSION, 0]);
    const reply = await this.reader.readPlist();
    if (!Array.isArray(reply) || reply[0] !== 'DLMessageVersionExchange' || reply[1] !== 'DLVersionsOk') {
      throw new Error(`unexpected version exchange reply ${JSON.stringify(reply)}`);
    }
    await this.send(['DLMessageDeviceReady']);
  }

  /** The next DL message from the host; undefined when it closed the connection. */
  async receive(): Promise<unknown[] | undefined> {
    const message = await this.reader.readPlist();
    if (message === undefined) return undefined;
    if (!Array.isArray(message) || typeof message[0] !== 'string') throw new Error('host sent a message that is not a DL array');
    return message;
  }

  /** Sends `["DLMessageProcessMessage", dict]` (replies to Hello and final results). */
  async processMessage(message: Record<string, unknown>): Promise<void> {
    await this.send(['DLMessageProcessMessage', message]);
  }

  /** Asks for the host's free space in bytes; undefined when the host could not tell. */
  async freeDiskSpace(): Promise<number | undefined> {
    await this.send(['DLMessageGetFreeDiskSpace']);
    const status = await this.status();
    const free = status.payload;
    if (status.code !== 0) return undefined;
    return typeof free === 'bigint' ? Number(free) : typeof free === 'number' ? free : undefined;
  }

  /** Creates a folder (with parents) under the backup root. */
  async createDirectory(path: string): Promise<void> {
    await this.command('DLMessageCreateDirectory', ['DLMessageCreateDirectory', path]);
  }

  /** Renames items on the host, replacing destinations. */
  async moveItems(moves: Record<string, string>, progress: number): Promise<void> {
    await this.command('DLMessageMoveItems', ['DLMessageMoveItems', moves, {}, new Real(progress)]);
  }

  /** Removes items (recursively) on the host; missing ones are fine. */
  async removeItems(paths: string[], progress: number): Promise<void> {
    await this.command('DLMessageRemoveItems', ['DLMessageRemoveItems', paths, {}, new Real(progress)]);
  }

  /** Lists a folder on the host: name → {DLFileType, DLFileSize, DLFileModificationDate}. */
  async contentsOfDirectory(path: string): Promise<Record<string, Record<string, unknown>>> {
    await this.send(['DLContentsOfDirectory', path]);
    const status = await this.status();
    if (status.code !== 0) throw new HostStatusError('DLContentsOfDirectory', status);
    return (status.payload && typeof status.payload === 'object' ? status.payload : {}) as Record<string, Record<string, unknown>>;
  }

  /**
   * Uploads files: `[DLMessageUploadFiles, {}, progress, batchBytes]`, then per file device path, backup
   * path, data frames and an end frame, then u32 0. Returns the backup paths that could not be read
   * (sent as an error frame, so the host keeps going).
   */
  async uploadFiles(items: readonly UploadItem[], progress: number, batchBytes: number): Promise<Set<string>> {
    await this.send(['DLMessageUploadFiles', {}, new Real(progress), batchBytes]);
    const failed = new Set<string>();
    // Small files go out together, as a device's USB transfers carry them: one socket write per
    // UPLOAD_WRITE_BYTES, not three per file.
    const out = new PendingWrites((data) => this.write(data));
    for (const item of items) {
      await out.add(Buffer.concat([lengthPrefixed(item.devicePath), lengthPrefixed(item.backupPath)]));
      try {
        for await (const chunk of item.content()) if (chunk.length > 0) await out.add(dataFrames(chunk));
        await out.add(frameHeader(1, CODE_SUCCESS));
      } catch (error) {
        if (this.closed) throw error;
        failed.add(item.backupPath);
        const text = Buffer.from((error as Error).message, 'utf8');
        await out.add(Buffer.concat([frameHeader(text.length + 1, CODE_ERROR_REMOTE), text]));
      }
    }
    await out.add(Buffer.alloc(4));
    await out.flush();
    const status = await this.status();
    if (status.code !== 0) throw new HostStatusError('DLMessageUploadFiles', status);
    return failed;
  }

  /**
   * Downloads files from the host into local files chosen by `destination(backupPath)`. Returns the
   * backup paths received; a file the host reports missing (error frame, multi-status) is left out.
   * The device keeps reading its cable while received files are written (as a phone's storage takes data
   * while the next arrives): small files are written at once, large ones in batches in the background,
   * with a bound on the bytes waiting to be written; all are on disk before this returns.
   */
  async downloadFiles(paths: readonly string[], progress: number, destination: (backupPath: string) => string): Promise<Set<string>> {
    await this.send(['DLMessageDownloadFiles', [...paths], {}, new Real(progress)]);
    const requested = new Set(paths);
    const received = new Set<string>();
    const writes = new BackgroundWrites();
    try {
      for (;;) {
        const nameLength = await this.reader.readU32();
        if (nameLength === 0) break;
        if (nameLength > NAME_MAX) throw new Error(`host sent a file name of ${nameLength} bytes`);
        const name = (await this.reader.read(nameLength)).toString('utf8');
        // Only names the device asked for become files; anything else is read and dropped.
        const target = requested.has(name) ? destination(name) : undefined;
        if (await this.receiveFile(target === undefined ? undefined : new IncomingFile(target, writes))) received.add(name);
      }
    } finally {
      await writes.settle();
    }
    const status = await this.status();
    if (status.code !== 0 && status.code !== -13) throw new HostStatusError('DLMessageDownloadFiles', status);
    return received;
  }

  /** Reads one file's frames into `file`; true when it ended with success (the file is kept). */
  private async receiveFile(file: IncomingFile | undefined): Promise<boolean> {
    let ok = false;
    try {
      for (;;) {
        // Frames mostly arrive whole: the fields are taken without a wait when they are buffered.
        const length = this.reader.tryReadU32() ?? (await this.reader.readU32());
        if (length === 0 || length > FRAME_ACCEPT_MAX) throw new Error(`bad frame length ${length} in a file stream`);
        const code = (await this.reader.read(1))[0];
        if (code === CODE_FILE_DATA) {
          const pieces = await this.reader.readPieces(length - 1);
          await file?.append(pieces, length - 1);
          continue;
        }
        await this.reader.read(length - 1);
        ok = code === CODE_SUCCESS;
        if (!ok && code !== CODE_ERROR_LOCAL && code !== CODE_ERROR_REMOTE) throw new Error(`unknown frame code ${code}`);
        return ok;
      }
    } finally {
      if (ok) await file?.finish();
      else await file?.discard();
    }
  }

  private async command(name: string, message: unknown[]): Promise<void> {
    await this.send(message);
    const status = await this.status();
    if (status.code !== 0) throw new HostStatusError(name, status);
  }

  /** Reads the host's DLMessageStatusResponse to the last command. */
  private async status(): Promise<StatusResponse> {
    const message = await this.receive();
    if (!message) throw new Error('host closed the connection while the device waited for a status');
    if (message[0] !== 'DLMessageStatusResponse') throw new Error(`expected DLMessageStatusResponse, got ${String(message[0])}`);
    const description = message[2];
    return {
      code: signed64(message[1]),
      description: typeof description === 'string' && description !== EMPTY ? description : undefined,
      payload: message[3],
    };
  }

  private send(message: unknown): Promise<void> {
    return writePlistMessage(this.socket, message, 'binary');
  }

  /** Writes raw stream bytes, waiting for 'drain' when the socket's buffer is full. */
  private write(data: Buffer): Promise<void> {
    if (this.closed) return Promise.reject(new Error('connection closed'));
    if (this.socket.write(data)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (error?: Error): void => {
        this.socket.off('drain', onDrain);
        this.socket.off('close', onClose);
        this.socket.off('error', done);
        if (error) reject(error);
        else resolve();
      };
      const onDrain = (): void => done();
      const onClose = (): void => done(new Error('connection closed'));
      this.socket.on('drain', onDrain);
      this.socket.on('close', onClose);
      this.socket.on('error', done);
    });
  }
}

/** Bytes of an upload gathered before they are written to the socket at once. */
const UPLOAD_WRITE_BYTES = 256 * 1024;

/** Stream bytes gathered into one socket write per UPLOAD_WRITE_BYTES. */
class PendingWrites {
  private readonly parts: Buffer[] = [];
  private bytes = 0;

  constructor(private readonly write: (data: Buffer) => Promise<void>) {}

  async add(data: Buffer): Promise<void> {
    this.parts.push(data);
    this.bytes += data.length;
    if (this.bytes >= UPLOAD_WRITE_BYTES) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const data = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.bytes);
    this.parts.length = 0;
    this.bytes = 0;
    await this.write(data);
  }
}

/** Bytes of a file kept in memory before they are written out as one batch. */
const WRITE_BATCH = 1024 * 1024;
/** Bytes of received files waiting to be written before the device stops reading its cable. */
const WRITES_PENDING_MAX = 16 * 1024 * 1024;

/** File writes running while the device reads on: bounded by bytes, the first failure kept. */
class BackgroundWrites {
  private readonly running = new Set<Promise<void>>();
  private bytes = 0;
  private failure: unknown;

  /** Tracks a write of `bytes`; waits while too many bytes are still waiting for the disk. */
  async add(bytes: number, write: Promise<void>): Promise<void> {
    this.bytes += bytes;
    const tracked: Promise<void> = write.then(
      () => undefined,
      (error: unknown) => void (this.failure ??= error),
    ).finally(() => {
      this.bytes -= bytes;
      this.running.delete(tracked);
    });
    this.running.add(tracked);
    while (this.bytes > WRITES_PENDING_MAX && this.running.size > 0) await Promise.race(this.running);
    if (this.failure !== undefined) throw this.failure;
  }

  /** Waits for every write; rethrows the first failure. */
  async settle(): Promise<void> {
    while (this.running.size > 0) await Promise.race(this.running);
    if (this.failure !== undefined) throw this.failure;
  }
}

/**
 * One file being received: held in memory while small (then written in one synchronous call, cheaper than
 * three thread-pool round trips), written in background batches once large.
 */
class IncomingFile {
  private chunks: Buffer[] = [];
  private size = 0;
  /** The file's batches, written one after the other; undefined until the first batch. */
  private chain: Promise<fs.promises.FileHandle> | undefined;

  constructor(
    private readonly target: string,
    private readonly writes: BackgroundWrites,
  ) {}

  /** Adds `bytes` of data that arrived as `pieces`. */
  async append(pieces: Buffer[], bytes: number): Promise<void> {
    this.chunks.push(...pieces);
    this.size += bytes;
    if (this.size >= WRITE_BATCH) await this.flush();
  }

  /** The file is complete: writes what is left (a write failing surfaces when the batch settles). */
  async finish(): Promise<void> {
    if (this.chain === undefined) {
      const fd = fs.openSync(this.target, 'w');
      try {
        const written = this.chunks.length > 0 ? fs.writevSync(fd, this.chunks) : 0;
        if (written < this.size) fs.writeFileSync(fd, Buffer.concat(this.chunks, this.size).subarray(written));
      } finally {
        fs.closeSync(fd);
      }
      return;
    }
    await this.flush();
    await this.writes.add(0, this.chain.then((handle) => handle.close()));
  }

  /** The file was cut off or refused: nothing of it stays. */
  async discard(): Promise<void> {
    this.chunks = [];
    const opened = this.chain?.then((handle) => handle.close()).catch(() => undefined);
    await this.writes.add(0, Promise.resolve(opened).then(() => fs.promises.rm(this.target, { force: true }))).catch(() => undefined);
  }

  private flush(): Promise<void> {
    const batch = this.chunks;
    const bytes = this.size;
    this.chunks = [];
    this.size = 0;
    this.chain = (this.chain ?? fs.promises.open(this.target, 'w')).then(async (handle) => {
      // A failed write closes the file at once; the failure travels down the chain.
      await handle.writev(batch).catch(async (error: unknown) => {
        await handle.close().catch(() => undefined);
        throw error;
      });
      return handle;
    });
    return this.writes.add(bytes, this.chain.then(() => undefined));
  }
}

/** Status codes travel as unsigned 64-bit integers: read them back as signed. */
function signed64(value: unknown): number {
  if (typeof value === 'bigint') return Number(BigInt.asIntN(64, value));
  return typeof value === 'number' ? value : -1;
}

function lengthPrefixed(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const header = Buffer.alloc(4);
  header.writeUInt32BE(bytes.length, 0);
  return Buffer.concat([header, bytes]);
}

/** A chunk as data frames (u32 length + 1, code, at most FRAME_DATA_MAX bytes each) in one buffer. */
function dataFrames(chunk: Buffer): Buffer {
  const frames = Math.ceil(chunk.length / FRAME_DATA_MAX);
  const out = Buffer.allocUnsafe(chunk.length + frames * 5);
  let at = 0;
  for (let offset = 0; offset < chunk.length; offset += FRAME_DATA_MAX) {
    const piece = chunk.subarray(offset, offset + FRAME_DATA_MAX);
    out.writeUInt32BE(piece.length + 1, at);
    out[at + 4] = CODE_FILE_DATA;
    piece.copy(out, at + 5);
    at += 5 + piece.length;
  }
  return out;
}

function frameHeader(length: number, code: number): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt32BE(length, 0);
  header[4] = code;
  return header;
}
