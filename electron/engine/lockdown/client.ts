/**
 * A lockdownd connection: plain requests (QueryType, GetValue, Pair), a TLS session (StartSession), and
 * StartService. Every socket error becomes a CradleError; nothing can crash the process.
 */
import type { Socket } from 'node:net';
import { CradleError } from '../../../shared/errors.ts';
import type { UsbmuxClient, UsbmuxDevice } from '../usbmux/client.ts';
import { lockdownError } from './errors.ts';
import type { PairRecord } from './pair-record.ts';
import { PlistChannel } from './plist-channel.ts';
import { upgradeToTls } from './tls.ts';

/** lockdownd's port on every device. */
export const LOCKDOWN_PORT = 62078;
const LABEL = 'cradle';
const REQUEST_TIMEOUT = 15_000;

/** Where a started service listens, and whether it wants TLS. */
export interface ServiceEndpoint {
  port: number;
  ssl: boolean;
}

/** One connection to lockdownd. */
export class LockdownClient {
  private channel: PlistChannel;
  private sessionId: string | undefined;

  private constructor(
    private readonly socket: Socket,
    readonly device: UsbmuxDevice,
  ) {
    this.channel = new PlistChannel(socket, 'xml');
  }

  /** Connects to the device's lockdownd through usbmuxd; `signal` (a job's cancel) closes the connection. */
  static async connect(usbmux: UsbmuxClient, device: UsbmuxDevice, signal?: AbortSignal): Promise<LockdownClient> {
    const socket = await usbmux.connect(device.deviceId, LOCKDOWN_PORT, { signal });
    socket.on('error', () => {});
    return new LockdownClient(socket, device);
  }

  /** Sends one request and returns the reply; a reply with `Error` throws the mapped CradleError. */
  async request(request: string, fields: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    await this.channel.send({ Label: LABEL, Request: request, ...fields });
    const reply = await this.channel.receiveDict(REQUEST_TIMEOUT);
    if (typeof reply.Error === 'string') throw lockdownError(reply.Error, request);
    if (reply.Request !== undefined && reply.Request !== request) {
      throw new CradleError('PROTOCOL', 'The device answered a different request.', { sent: request, got: reply.Request });
    }
    return reply;
  }

  /** Checks that lockdownd is on the other end. */
  async queryType(): Promise<string> {
    const reply = await this.request('QueryType');
    if (reply.Type !== 'com.apple.mobile.lockdown') throw new CradleError('PROTOCOL', 'The device service is not lockdownd.', reply);
    return reply.Type;
  }

  /** Reads a value (or a whole domain); undefined when the device has no such value. */
  async getValue(domain?: string, key?: string): Promise<unknown> {
    try {
      const reply = await this.request('GetValue', { ...(domain ? { Domain: domain } : {}), ...(key ? { Key: key } : {}) });
      return reply.Value;
    } catch (error) {
      if (error instanceof CradleError && (error.details as { lockdownError?: string })?.lockdownError === 'MissingValue') return undefined;
      throw error;
    }
  }

  /** Writes a value. */
  async setValue(domain: string | undefined, key: string, value: unknown): Promise<void> {
    await this.request('SetValue', { ...(domain ? { Domain: domain } : {}), Key: key, Value: value });
  }

  /** Starts a session with a pair record; switches the connection to TLS when the device asks. */
  async startSession(record: PairRecord): Promise<void> {
    const reply = await this.request('StartSession', { HostID: record.HostID, SystemBUID: record.SystemBUID });
    if (typeof reply.SessionID !== 'string') throw new CradleError('PROTOCOL', 'The device started a session without an id.');
    this.sessionId = reply.SessionID;
    if (reply.EnableSessionSSL === true) {
      this.channel.reader.detach();
      this.channel = new PlistChannel(await upgradeToTls(this.socket, record), 'xml');
    }
  }

  /** Asks lockdownd to start a service; mobilebackup2 needs the pair record's EscrowBag. */
  async startService(service: string, escrowBag?: Buffer): Promise<ServiceEndpoint> {
    const reply = await this.request('StartService', { Service: service, ...(escrowBag ? { EscrowBag: escrowBag } : {}) });
    const port = Number(reply.Port);
    if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new CradleError('PROTOCOL', `The device did not start ${service}.`, reply);
    return { port, ssl: reply.EnableServiceSSL === true };
  }

  /** Ends the session (if any) and closes the connection. */
  async close(): Promise<void> {
    try {
      if (this.sessionId) await this.request('StopSession', { SessionID: this.sessionId });
    } catch {
      // The connection may already be gone; closing is all that is left to do.
    } finally {
      this.sessionId = undefined;
      this.channel.close();
      this.socket.destroy();
    }
  }
}
