/**
 * AFC (com.apple.afc) over appium-ios-device, plus what appium lacks: FileRefLock, needed for the sync
 * lock. Errors become CradleErrors; the service never crashes the process.
 */
import type { AfcService } from 'appium-ios-device/build/lib/afc/index.js';
import type { Duplex } from 'node:stream';
import { CradleError } from '../../../shared/errors.ts';
import { loadAppium } from './appium.ts';

/** The AFC service name. */
export const AFC_SERVICE = 'com.apple.afc';

/** AFC file open modes. */
export const AFC_MODE = { read: 1, readWrite: 2, writeTruncate: 4 } as const;

const OP_FILE_LOCK = 0x1b;
const OP_STATUS = 0x01;
const LOCK_EXCLUSIVE = 2 | 4;
const LOCK_UNLOCK = 8 | 4;
const STATUS_WOULD_BLOCK = 19;

interface AfcInternals {
  _createPacketPromise(message: string, timeout?: number): { packetNumber: number; response: Promise<{ opCode: number; headerPayload: Buffer }> };
  _encoder: { write(data: unknown): void };
}

/** An AFC connection. */
export class AfcClient {
  private constructor(
    private readonly stream: Duplex,
    private readonly service: AfcService,
  ) {
    stream.on('error', () => {});
    for (const inner of [service._splitter, service._decoder, service._encoder]) inner?.on('error', () => stream.destroy());
  }

  /** Speaks AFC on a connected service stream. */
  static async open(stream: Duplex): Promise<AfcClient> {
    const { AfcService } = await loadAppium();
    return new AfcClient(stream, new AfcService(stream));
  }

  /** Opens a file; returns its handle. */
  open(path: string, mode: number): Promise<number> {
    return this.guard(`open ${path}`, () => this.service.openFile(path, mode));
  }

  /** Closes a file handle. */
  close(handle: number): Promise<void> {
    return this.guard('close a file', () => this.service.closeFileHandle(handle));
  }

  /** Creates a folder (and its parents). */
  mkdir(path: string): Promise<void> {
    return this.guard(`create ${path}`, () => this.service.createDirectory(path));
  }

  /** Writes a whole file (created or truncated). */
  async writeFile(path: string, data: Buffer): Promise<void> {
    const handle = await this.open(path, AFC_MODE.writeTruncate);
    try {
      await this.guard(`write ${path}`, () => this.service.writeFile(handle, data));
    } finally {
      await this.close(handle);
    }
  }

  /** Removes a file or folder; a missing one is fine. */
  async remove(path: string): Promise<void> {
    await this.service.deleteDirectory(path).catch(() => undefined);
  }

  /** Takes (true) or releases (false) an exclusive lock; resolves false when another holder has it. */
  async lock(handle: number, exclusive: boolean): Promise<boolean> {
    if (this.stream.destroyed) throw new CradleError('DEVICE_DISCONNECTED', 'The device disconnected. Reconnect it and try again.');
    const internals = this.service as unknown as AfcInternals;
    const { packetNumber, response } = internals._createPacketPromise('lock', 10_000);
    response.catch(() => undefined);
    const payload = Buffer.alloc(16);
    payload.writeUInt32LE(handle, 0);
    payload.writeUInt32LE(exclusive ? LOCK_EXCLUSIVE : LOCK_UNLOCK, 8);
    internals._encoder.write({ opCode: OP_FILE_LOCK, packetNumber, headerPayload: payload });
    const reply = await this.guard('lock the sync lock', () => response);
    if (reply.opCode !== OP_STATUS || reply.headerPayload.length < 8) throw new CradleError('PROTOCOL', 'The device answered the lock request oddly.');
    const status = reply.headerPayload.readUInt32LE(0);
    if (status === STATUS_WOULD_BLOCK) return false;
    if (status !== 0) throw new CradleError('PROTOCOL', 'The device refused the sync lock.', { status });
    return true;
  }

  /** Closes the connection. */
  dispose(): void {
    this.service.close();
    this.stream.destroy();
  }

  private async guard<T>(what: string, work: () => Promise<T>): Promise<T> {
    if (this.stream.destroyed) throw new CradleError('DEVICE_DISCONNECTED', 'The device disconnected. Reconnect it and try again.');
    let onClose: () => void = () => {};
    const closed = new Promise<never>((_, reject) => {
      onClose = () => reject(new CradleError('DEVICE_DISCONNECTED', 'The device disconnected. Reconnect it and try again.'));
      this.stream.once('close', onClose);
    });
    // The loser of the race must not reject unhandled (appium's own timeout fires later).
    const pending = work();
    pending.catch(() => undefined);
    try {
      return await Promise.race([pending, closed]);
    } catch (error) {
      if (error instanceof CradleError) throw error;
      throw new CradleError('PROTOCOL', `The device could not ${what}.`, (error as Error).message);
    } finally {
      this.stream.off('close', onClose);
      closed.catch(() => undefined);
    }
  }
}
