/**
 * usbmuxd requests Cradle makes: device list, BUID, pair records (shared with Finder, iTunes and
 * libimobiledevice through usbmuxd), and Connect, which turns a connection into a tunnel to a device port.
 */
import type { Socket } from 'node:net';
import { CradleError } from '../../../shared/errors.ts';
import { decodePlist, encodeBinaryPlist } from '../plist/codec.ts';
import { resolveUsbmuxAddress, type UsbmuxAddress } from './address.ts';
import { encodeUsbmuxPacket, UsbmuxPacketDecoder } from './packet.ts';
import { openUsbmuxSocket, usbmuxRequest, type UsbmuxRequestOptions } from './request.ts';

/** A device as usbmuxd lists it. */
export interface UsbmuxDevice {
  deviceId: number;
  udid: string;
  connection: 'usb' | 'network';
  productId?: number;
  locationId?: number;
}

/** A Connect reply is a small dict; anything larger is a broken or hostile peer. */
const MAX_REPLY = 1024 * 1024;

/** usbmuxd Result numbers. */
const RESULT = { ok: 0, badDevice: 2, connectionRefused: 3, badVersion: 6 } as const;

/**
 * What a UDID looks like (40 hex digits, or 8-16 hex digits with a dash). The UDID names the device's backup
 * folder, so a device (or usbmuxd) naming itself `..` or a path must never get that far: such an entry is
 * not a device Cradle talks to.
 */
const UDID_SHAPE = /^[0-9A-Fa-f-]{24,40}$/;

/** Reads a device entry from ListDevices or an Attached event; undefined for anything that is not a device. */
export function parseUsbmuxDevice(entry: unknown): UsbmuxDevice | undefined {
  if (!isDict(entry)) return undefined;
  const properties = isDict(entry.Properties) ? entry.Properties : {};
  const deviceId = Number(entry.DeviceID ?? properties.DeviceID);
  const udid = properties.SerialNumber;
  if (!Number.isInteger(deviceId) || typeof udid !== 'string' || !UDID_SHAPE.test(udid)) return undefined;
  return {
    deviceId,
    udid,
    connection: properties.ConnectionType === 'Network' ? 'network' : 'usb',
    productId: typeof properties.ProductID === 'number' ? properties.ProductID : undefined,
    locationId: typeof properties.LocationID === 'number' ? properties.LocationID : undefined,
  };
}

function isDict(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value) && !(value instanceof Date);
}

/** Throws the CradleError for a non-zero usbmuxd Result. */
function checkResult(reply: Record<string, unknown>, what: string): void {
  if (reply.MessageType !== 'Result') return;
  const number = Number(reply.Number);
  if (number === RESULT.ok) return;
  if (number === RESULT.badDevice) {
    throw new CradleError('DEVICE_DISCONNECTED', 'The device is no longer connected. Reconnect it and try again.', { what });
  }
  if (number === RESULT.connectionRefused) {
    throw new CradleError('PROTOCOL', 'The device refused the connection. Unlock it, reconnect it and try again.', { what });
  }
  throw new CradleError('PROTOCOL', `usbmuxd refused ${what}.`, { result: number });
}

/** A client of one usbmuxd. */
export class UsbmuxClient {
  constructor(readonly address: UsbmuxAddress = resolveUsbmuxAddress()) {}

  /** Every attached device. */
  async listDevices(options?: UsbmuxRequestOptions): Promise<UsbmuxDevice[]> {
    const reply = await usbmuxRequest(this.address, { MessageType: 'ListDevices' }, options);
    checkResult(reply, 'the device list');
    const list = Array.isArray(reply.DeviceList) ? reply.DeviceList : [];
    return list.flatMap((entry) => parseUsbmuxDevice(entry) ?? []);
  }

  /** This computer's system BUID (pairing needs it). */
  async readBuid(): Promise<string> {
    const reply = await usbmuxRequest(this.address, { MessageType: 'ReadBUID' });
    checkResult(reply, 'the system BUID');
    if (typeof reply.BUID !== 'string') throw new CradleError('PROTOCOL', 'usbmuxd did not return a system BUID.');
    return reply.BUID;
  }

  /** The stored pair record of a device (a dict), or undefined when there is none. */
  async readPairRecord(udid: string): Promise<Record<string, unknown> | undefined> {
    const reply = await usbmuxRequest(this.address, { MessageType: 'ReadPairRecord', PairRecordID: udid });
    if (reply.MessageType === 'Result' && Number(reply.Number) !== RESULT.ok) return undefined;
    if (!Buffer.isBuffer(reply.PairRecordData)) return undefined;
    const record = decodePlist(reply.PairRecordData, 'pair record');
    return record && typeof record === 'object' ? (record as Record<string, unknown>) : undefined;
  }

  /** Stores a pair record (binary plist), where every other tool on this computer finds it. */
  async savePairRecord(udid: string, deviceId: number, record: Record<string, unknown>): Promise<void> {
    const reply = await usbmuxRequest(this.address, {
      MessageType: 'SavePairRecord',
      PairRecordID: udid,
      PairRecordData: encodeBinaryPlist(record),
      DeviceID: deviceId,
    });
    checkResult(reply, 'saving the pair record');
  }

  /** Deletes a stored pair record; a missing one is fine. */
  async deletePairRecord(udid: string): Promise<void> {
    await usbmuxRequest(this.address, { MessageType: 'DeletePairRecord', PairRecordID: udid });
  }

  /**
   * Opens a tunnel to a TCP port on the device (lockdownd is 62078).
   * Bytes that arrive right behind usbmuxd's reply are kept for the caller. With a signal, cancelling
   * destroys the tunnel at any time of its life: a silent device cannot hold a cancelled job.
   */
  async connect(deviceId: number, port: number, options: UsbmuxRequestOptions = {}): Promise<Socket> {
    const socket = await openUsbmuxSocket(this.address, options);
    destroyOnAbort(socket, options.signal);
    const swapped = ((port & 0xff) << 8) | ((port >> 8) & 0xff);
    try {
      const reply = await readOneReply(socket, encodeUsbmuxPacket({ MessageType: 'Connect', DeviceID: deviceId, PortNumber: swapped }, 1), options.timeoutMs ?? 5000);
      checkResult(reply, `a connection to port ${port}`);
      return socket;
    } catch (error) {
      socket.destroy();
      throw error;
    }
  }
}

/** Destroys `socket` when `signal` aborts (now or later); the listener goes with the socket. */
function destroyOnAbort(socket: Socket, signal: AbortSignal | undefined): void {
  if (!signal) return;
  if (signal.aborted) {
    socket.destroy();
    return;
  }
  const destroy = () => socket.destroy();
  signal.addEventListener('abort', destroy, { once: true });
  socket.once('close', () => signal.removeEventListener('abort', destroy));
}

/** Sends a packet and reads exactly one reply, leaving whatever follows it unread on the socket. */
function readOneReply(socket: Socket, packet: Buffer, timeoutMs: number): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let pending = Buffer.alloc(0);
    const timer = setTimeout(() => done(new CradleError('TIMEOUT', 'usbmuxd did not answer in time.')), timeoutMs);
    const onData = (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      if (pending.length < 4) return;
      const length = pending.readUInt32LE(0);
      if (length < 16 || length > MAX_REPLY) {
        done(new CradleError('PROTOCOL', 'usbmuxd sent a reply Cradle cannot read.', { length }));
        return;
      }
      if (pending.length < length) return;
      socket.pause();
      const rest = pending.subarray(length);
      if (rest.length) socket.unshift(rest);
      try {
        const [reply] = new UsbmuxPacketDecoder().push(pending.subarray(0, length));
        done(undefined, reply?.body);
      } catch (error) {
        done(error as Error);
      }
    };
    const onClose = () => done(new CradleError('DEVICE_DISCONNECTED', 'usbmuxd closed the connection.'));
    const onError = (error: Error) => done(new CradleError('DEVICE_DISCONNECTED', 'The connection to usbmuxd failed.', error.message));
    function done(error?: Error, value?: Record<string, unknown>) {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.off('error', onError);
      if (error || !value) reject(error ?? new CradleError('PROTOCOL', 'usbmuxd sent an empty reply.'));
      else resolve(value);
    }
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.once('error', onError);
    socket.write(packet);
  });
}
