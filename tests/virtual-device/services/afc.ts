/**
 * com.apple.afc: file access to the device's media partition (PROTOCOLS.md §8 AFC): directories, file
 * info, device info, file handles (open/read/write/seek/tell/close/truncate), rename, remove and
 * FileRefLock with would-block (19) across connections, as the sync lock needs.
 */
import fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { Duplex } from 'node:stream';
import { trace } from '../debug-log.ts';
import { StreamReader } from '../framing.ts';
import type { ServiceDefinition, VirtualDevice } from '../types.ts';
import { mediaLocks, mediaRoot, resolveMediaPath, type MediaLocks } from './afc-media.ts';
import { AfcOp, AfcStatus, cStrings, encodeAfcPacket, readAfcPacket, readCStrings, u64, type AfcPacket } from './afc-protocol.ts';

/** Largest single read the device serves. */
const MAX_READ = 16 * 1024 * 1024;
/** How often a blocking lock request retries. */
const LOCK_POLL_MS = 100;

/** open(2) flags of the AFC file modes 1..6 (r, r+, w, w+, a, a+; r+ creates like the device does). */
const OPEN_FLAGS: Record<number, number> = {
  1: fs.constants.O_RDONLY,
  2: fs.constants.O_RDWR | fs.constants.O_CREAT,
  3: fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC,
  4: fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_TRUNC,
  5: fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT,
  6: fs.constants.O_RDWR | fs.constants.O_APPEND | fs.constants.O_CREAT,
};

interface OpenFile {
  file: FileHandle;
  path: string;
  position: number;
  append: boolean;
}

/** A failure that answers with an AFC status. */
class AfcFailure extends Error {
  constructor(readonly status: number) {
    super(`AFC status ${status}`);
  }
}

class AfcConnection {
  private readonly root: string;
  private readonly locks: MediaLocks;
  private readonly files = new Map<bigint, OpenFile>();
  private nextHandle = 1n;
  private closed = false;

  constructor(
    private readonly socket: Duplex,
    private readonly device: VirtualDevice,
  ) {
    this.root = mediaRoot(device);
    this.locks = mediaLocks(device);
  }

  async run(): Promise<void> {
    const reader = new StreamReader(this.socket);
    try {
      for (;;) {
        const packet = await readAfcPacket(reader);
        if (!packet) return;
        let reply: Buffer;
        try {
          reply = await this.dispatch(packet);
        } catch (error) {
          reply = this.status(packet, statusOf(error));
          trace('afc', `operation ${packet.operation} → status ${statusOf(error)}`);
        }
        this.socket.write(reply);
      }
    } finally {
      this.closed = true;
      for (const open of this.files.values()) {
        this.locks.release(open.path, open);
        await open.file.close().catch(() => undefined);
      }
      this.files.clear();
    }
  }

  private async dispatch(packet: AfcPacket): Promise<Buffer> {
    const { params } = packet;
    const pathAt = (offset: number): string => resolveMediaPath(this.root, readCStrings(params.subarray(offset))[0] ?? '');
    switch (packet.operation) {
      case AfcOp.readDir: {
        const names = await fs.promises.readdir(pathAt(0)).catch((error: NodeJS.ErrnoException) => {
          throw error.code === 'ENOTDIR' ? new AfcFailure(AfcStatus.readError) : error;
        });
        return this.data(packet, cStrings(['.', '..', ...names.sort()]));
      }
      case AfcOp.getFileInfo:
        return this.data(packet, await this.fileInfo(pathAt(0)));
      case AfcOp.getDeviceInfo:
        return this.data(packet, this.deviceInfo());
      case AfcOp.makeDir:
        await fs.promises.mkdir(pathAt(0), { recursive: true });
        return this.status(packet, AfcStatus.success);
      case AfcOp.removePath:
        await this.remove(pathAt(0), false);
        return this.status(packet, AfcStatus.success);
      case AfcOp.removePathAndContents:
        await this.remove(pathAt(0), true);
        return this.status(packet, AfcStatus.success);
      case AfcOp.renamePath: {
        const [from, to] = readCStrings(params);
        if (from === undefined || to === undefined) throw new AfcFailure(AfcStatus.invalidArg);
        await fs.promises.rename(this.guard(resolveMediaPath(this.root, from)), this.guard(resolveMediaPath(this.root, to)));
        return this.status(packet, AfcStatus.success);
      }
      case AfcOp.setFileTime: {
        const seconds = Number(params.readBigUInt64LE(0) / 1_000_000_000n);
        await fs.promises.utimes(pathAt(8), seconds, seconds);
        return this.status(packet, AfcStatus.success);
      }
      case AfcOp.fileOpen:
        return this.open(packet, Number(params.readBigUInt64LE(0)), pathAt(8));
      default:
        return this.handleOperation(packet);
    }
  }

  /** Operations on an open file handle. */
  private async handleOperation(packet: AfcPacket): Promise<Buffer> {
    // Some hosts put written data after the handle in the parameters, others in the payload.
    const body = packet.payload.length > 0 ? Buffer.concat([packet.params, packet.payload]) : packet.params;
    if (body.length < 8) throw new AfcFailure(AfcStatus.invalidArg);
    const handle = body.readBigUInt64LE(0);
    const open = this.files.get(handle);
    if (!open) throw new AfcFailure(AfcStatus.invalidArg);
    const arg = (index: number): bigint => (body.length >= 8 * (index + 1) ? body.readBigUInt64LE(8 * index) : 0n);
    switch (packet.operation) {
      case AfcOp.read: {
        const buffer = Buffer.alloc(Math.min(Number(arg(1)), MAX_READ));
        const { bytesRead } = await open.file.read(buffer, 0, buffer.length, open.position);
        open.position += bytesRead;
        return this.data(packet, buffer.subarray(0, bytesRead));
      }
      case AfcOp.write: {
        const data = body.subarray(8);
        const { bytesWritten } = await open.file.write(data, 0, data.length, open.append ? null : open.position);
        open.position = open.append ? (await open.file.stat()).size : open.position + bytesWritten;
        return this.status(packet, AfcStatus.success);
      }
      case AfcOp.seek: {
        const whence = Number(arg(1));
        const offset = Number(body.length >= 24 ? body.readBigInt64LE(16) : 0n);
        const base = whence === 0 ? 0 : whence === 1 ? open.position : (await open.file.stat()).size;
        if (base + offset < 0) throw new AfcFailure(AfcStatus.invalidArg);
        open.position = base + offset;
        return this.status(packet, AfcStatus.success);
      }
      case AfcOp.tell:
        return encodeAfcPacket(packet.packetNumber, AfcOp.tellResult, u64(open.position));
      case AfcOp.setSize:
        await open.file.truncate(Number(arg(1)));
        return this.status(packet, AfcStatus.success);
      case AfcOp.lock:
        return this.status(packet, await this.lock(open, Number(arg(1))));
      case AfcOp.close:
        this.files.delete(handle);
        this.locks.release(open.path, open);
        await open.file.close();
        return this.status(packet, AfcStatus.success);
      default:
        throw new AfcFailure(AfcStatus.notSupported);
    }
  }

  private async open(packet: AfcPacket, mode: number, file: string): Promise<Buffer> {
    const flags = OPEN_FLAGS[mode];
    if (flags === undefined) throw new AfcFailure(AfcStatus.invalidArg);
    const stat = await fs.promises.stat(file).catch(() => undefined);
    if (stat?.isDirectory()) throw new AfcFailure(AfcStatus.isDirectory);
    const handle = this.nextHandle;
    this.nextHandle += 1n;
    this.files.set(handle, { file: await fs.promises.open(this.guard(file), flags, 0o644), path: file, position: 0, append: mode >= 5 });
    return encodeAfcPacket(packet.packetNumber, AfcOp.fileOpenResult, u64(handle));
  }

  /** FileRefLock: bit 1 shared, 2 exclusive, 8 unlock; bit 4 = do not wait (answer 19 instead). */
  private async lock(open: OpenFile, operation: number): Promise<number> {
    if (operation & 8) {
      this.locks.release(open.path, open);
      return AfcStatus.success;
    }
    const exclusive = (operation & 2) !== 0;
    if ((operation & 3) === 0) return AfcStatus.invalidArg;
    while (!this.locks.acquire(open.path, open, exclusive)) {
      if (operation & 4 || this.closed) return AfcStatus.wouldBlock;
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
    return AfcStatus.success;
  }

  private async fileInfo(file: string): Promise<Buffer> {
    const stat = await fs.promises.lstat(file, { bigint: true });
    const ifmt = stat.isDirectory() ? 'S_IFDIR' : stat.isSymbolicLink() ? 'S_IFLNK' : 'S_IFREG';
    return cStrings([
      'st_size', String(stat.size),
      'st_blocks', String(stat.blocks),
      'st_nlink', String(stat.nlink),
      'st_ifmt', ifmt,
      'st_mtime', String(stat.mtimeNs),
      'st_birthtime', String(stat.birthtimeNs > 0n ? stat.birthtimeNs : stat.ctimeNs),
    ]);
  }

  private deviceInfo(): Buffer {
    const values = this.device.values;
    return cStrings([
      'Model', String(values['']?.ProductType ?? ''),
      'FSTotalBytes', String(values['com.apple.disk_usage']?.TotalDiskCapacity ?? 0),
      'FSFreeBytes', String(values['com.apple.disk_usage']?.TotalDataAvailable ?? 0),
      'FSBlockSize', '4096',
    ]);
  }

  private async remove(file: string, recursive: boolean): Promise<void> {
    const stat = await fs.promises.lstat(this.guard(file));
    if (recursive) await fs.promises.rm(file, { recursive: true });
    else if (stat.isDirectory()) await fs.promises.rmdir(file);
    else await fs.promises.unlink(file);
  }

  /** The media root itself can be listed but never replaced, renamed or removed. */
  private guard(file: string): string {
    if (file === this.root) throw new AfcFailure(AfcStatus.permissionDenied);
    return file;
  }

  private status(packet: AfcPacket, code: number): Buffer {
    return encodeAfcPacket(packet.packetNumber, AfcOp.status, u64(code));
  }

  private data(packet: AfcPacket, payload: Buffer): Buffer {
    return encodeAfcPacket(packet.packetNumber, AfcOp.data, Buffer.alloc(0), payload);
  }
}

/** Maps file-system errors to AFC status codes. */
function statusOf(error: unknown): number {
  if (error instanceof AfcFailure) return error.status;
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return AfcStatus.notFound;
    case 'EISDIR':
      return AfcStatus.isDirectory;
    case 'EEXIST':
      return AfcStatus.exists;
    case 'ENOTEMPTY':
      // What the device answers for a non-empty directory; hosts read it as "directory not empty".
      return AfcStatus.unknown;
    case 'EACCES':
    case 'EPERM':
      return AfcStatus.permissionDenied;
    case 'ENOSPC':
      return AfcStatus.noSpace;
    default:
      return AfcStatus.ioError;
  }
}

/** The AFC service. */
export const afcService: ServiceDefinition = {
  name: 'com.apple.afc',
  ssl: false,
  handle(socket: Duplex, device: VirtualDevice): void {
    new AfcConnection(socket, device).run().catch(() => socket.destroy());
  },
};
