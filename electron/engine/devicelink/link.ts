/**
 * DeviceLink: the array messages mobilebackup2 speaks over u32-length binary plists, the version
 * handshake, and the host's status responses.
 */
import type { Duplex } from 'node:stream';
import { CradleError } from '../../../shared/errors.ts';
import type { ByteReader } from '../lockdown/byte-reader.ts';
import { PlistChannel } from '../lockdown/plist-channel.ts';

/** The placeholder DeviceLink uses for an absent string or payload. */
export const EMPTY_PARAMETER = '___EmptyParameterString___';

/** A device that takes none of what the host sends for this long (it stopped reading) is treated as gone. */
const WRITE_STALL_MS = 120_000;
/** The goodbye is a courtesy: a device that does not read must not hold up closing (and so Cancel). */
const DISCONNECT_WAIT_MS = 2000;

/** The DeviceLink protocol major versions we accept from the device. */
const SUPPORTED_VERSIONS = new Set([300, 400]);

/** A DeviceLink connection (host side). */
export class DeviceLink {
  private readonly channel: PlistChannel;
  /** The plain success answer, encoded once: a backup answers hundreds of folder and move commands with it. */
  private success: Buffer | undefined;

  constructor(readonly stream: Duplex) {
    this.channel = new PlistChannel(stream, 'binary');
  }

  /** Raw reads for the file streams that follow some messages. */
  get reader(): ByteReader {
    return this.channel.reader;
  }

  /** Answers the device's version exchange and waits for DLMessageDeviceReady. */
  async handshake(timeoutMs = 30_000): Promise<void> {
    const hello = await this.receive(timeoutMs);
    const version = Number(hello[1]);
    if (hello[0] !== 'DLMessageVersionExchange' || !SUPPORTED_VERSIONS.has(version)) {
      throw new CradleError('PROTOCOL', 'The device speaks a backup protocol version Cradle does not know.', { hello: hello.slice(0, 3) });
    }
    await this.channel.send(['DLMessageVersionExchange', 'DLVersionsOk', version]);
    const ready = await this.receive(timeoutMs);
    if (ready[0] !== 'DLMessageDeviceReady') throw new CradleError('PROTOCOL', 'The device did not get ready for the backup.', { got: ready[0] });
  }

  /** Sends `["DLMessageProcessMessage", message]`. */
  sendProcessMessage(message: Record<string, unknown>): Promise<void> {
    return this.channel.send(['DLMessageProcessMessage', message]);
  }

  /** Receives one DeviceLink message (an array whose first element names it). */
  async receive(timeoutMs?: number): Promise<unknown[]> {
    const message = await this.channel.receive(timeoutMs);
    if (!Array.isArray(message) || typeof message[0] !== 'string') {
      throw new CradleError('PROTOCOL', 'The device sent a message that is not DeviceLink.');
    }
    return message;
  }

  /** Answers a device command: 0 = success; negative codes are file errors (-13 multi-status). */
  sendStatus(code: number, text?: string, payload?: unknown): Promise<void> {
    if (code === 0 && text === undefined && payload === undefined) {
      return this.channel.sendFramed((this.success ??= this.channel.frame(['DLMessageStatusResponse', 0, EMPTY_PARAMETER, EMPTY_PARAMETER])));
    }
    return this.channel.send(['DLMessageStatusResponse', code, text ?? EMPTY_PARAMETER, payload ?? EMPTY_PARAMETER]);
  }

  /** Tells the device the session is over (waiting at most a moment for it to take the message). */
  async disconnect(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, DISCONNECT_WAIT_MS)));
    await Promise.race([this.channel.send(['DLMessageDisconnect', EMPTY_PARAMETER]).catch(() => undefined), waited]);
    clearTimeout(timer);
  }

  /**
   * Writes raw bytes (the download file stream); resolves when the socket accepted them.
   * @param written called once the connection no longer holds `bytes` (written out, or the connection
   *   ended), so the caller may fill that buffer again.
   * @throws CradleError TIMEOUT when the device takes nothing for `stallMs` (it stopped reading).
   */
  write(bytes: Buffer, stallMs = WRITE_STALL_MS, written?: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      const gone = (message: string) => reject(new CradleError('DEVICE_DISCONNECTED', 'The device disconnected.', message));
      if (this.stream.destroyed) {
        written?.();
        return gone('closed');
      }
      const accepted = this.stream.write(bytes, (error) => {
        written?.();
        if (error) gone(error.message);
      });
      if (accepted) return resolve();
      // Waiting for room: a connection that closes meanwhile never drains, so that must end the wait too.
      const done = () => {
        clearTimeout(timer);
        this.stream.off('drain', done);
        this.stream.off('close', done);
        if (this.stream.destroyed) gone('closed while waiting to send');
        else resolve();
      };
      const timer = setTimeout(() => {
        this.stream.off('drain', done);
        this.stream.off('close', done);
        reject(new CradleError('TIMEOUT', 'The device stopped taking the files Cradle sends it.'));
      }, stallMs);
      this.stream.on('drain', done);
      this.stream.on('close', done);
    });
  }

  /** Closes the connection. */
  close(): void {
    this.channel.close();
  }
}
