/**
 * A minimal host written in the tests from the protocol facts (PROTOCOLS.md §1, §2), to drive the virtual
 * device where libimobiledevice's tools have no command: raw usbmuxd requests, Listen events, lockdown
 * sessions and services. It shares no code with the virtual device's protocol side on purpose.
 */
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { decodePlist, encodeXml } from '../virtual-device/plist.ts';

/** Every wait of the raw host gives up after this long, so a hang fails the test instead. */
const TIMEOUT_MS = 15_000;

/** Reads exact byte counts from a socket. */
export class ByteReader {
  private buffer = Buffer.alloc(0);
  private waiting: (() => void) | undefined;
  private ended = false;

  constructor(readonly socket: Duplex) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.waiting?.();
    });
    socket.on('close', () => {
      this.ended = true;
      this.waiting?.();
    });
    socket.on('error', () => undefined);
  }

  async read(length: number): Promise<Buffer> {
    const deadline = Date.now() + TIMEOUT_MS;
    while (this.buffer.length < length) {
      if (this.ended) throw new Error(`connection closed with ${this.buffer.length}/${length} bytes`);
      if (Date.now() > deadline) throw new Error('timed out waiting for data');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.waiting = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    const out = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(length);
    return out;
  }

  /** Whether the peer closed and everything was read. */
  get closed(): boolean {
    return this.ended && this.buffer.length === 0;
  }

  /** Stops reading, returning what was buffered (before a TLS upgrade). */
  release(): Buffer {
    this.socket.removeAllListeners('data');
    const rest = this.buffer;
    this.buffer = Buffer.alloc(0);
    return rest;
  }
}

function usbmuxPacket(tag: number, body: Record<string, unknown>): Buffer {
  const payload = encodeXml({ ClientVersionString: 'raw-host', ProgName: 'cradle-tests', kLibUSBMuxVersion: 3, ...body });
  const header = Buffer.alloc(16);
  header.writeUInt32LE(16 + payload.length, 0);
  header.writeUInt32LE(1, 4);
  header.writeUInt32LE(8, 8);
  header.writeUInt32LE(tag, 12);
  return Buffer.concat([header, payload]);
}

/** Reads one usbmuxd packet. */
export async function readUsbmux(reader: ByteReader): Promise<{ tag: number; body: Record<string, unknown> }> {
  const header = await reader.read(16);
  const body = decodePlist(await reader.read(header.readUInt32LE(0) - 16)) as Record<string, unknown>;
  return { tag: header.readUInt32LE(12), body };
}

function connectUnix(socketPath: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(socketPath, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sends one usbmuxd request on a fresh connection and returns the reply. */
export async function usbmuxRequest(socketPath: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const socket = await connectUnix(socketPath);
  try {
    const reader = new ByteReader(socket);
    socket.write(usbmuxPacket(7, body));
    const reply = await readUsbmux(reader);
    if (reply.tag !== 7) throw new Error(`reply tag ${reply.tag}`);
    return reply.body;
  } finally {
    socket.destroy();
  }
}

/** Opens a Listen connection; events are read with {@link readUsbmux} on the returned reader. */
export async function listen(socketPath: string): Promise<{ socket: net.Socket; reader: ByteReader }> {
  const socket = await connectUnix(socketPath);
  const reader = new ByteReader(socket);
  socket.write(usbmuxPacket(1, { MessageType: 'Listen' }));
  const reply = await readUsbmux(reader);
  if (reply.body.Number !== 0) throw new Error(`Listen answered ${String(reply.body.Number)}`);
  return { socket, reader };
}

/** Connects to a device port through usbmuxd; returns the raw tunnel, or the Result number on refusal. */
export async function connectPort(socketPath: string, deviceId: number, port: number): Promise<net.Socket | number> {
  const socket = await connectUnix(socketPath);
  const reader = new ByteReader(socket);
  const swapped = ((port & 0xff) << 8) | (port >> 8);
  socket.write(usbmuxPacket(2, { MessageType: 'Connect', DeviceID: deviceId, PortNumber: swapped }));
  const reply = await readUsbmux(reader);
  if (reply.body.Number !== 0) {
    socket.destroy();
    return Number(reply.body.Number);
  }
  const rest = reader.release();
  if (rest.length > 0) socket.unshift(rest);
  return socket;
}

/** The host's pair record for `udid`, as saved in usbmuxd. */
export async function readPairRecord(socketPath: string, udid: string): Promise<Record<string, unknown>> {
  const reply = await usbmuxRequest(socketPath, { MessageType: 'ReadPairRecord', PairRecordID: udid });
  if (!Buffer.isBuffer(reply.PairRecordData)) throw new Error(`no pair record (Result ${String(reply.Number)})`);
  return decodePlist(reply.PairRecordData) as Record<string, unknown>;
}

/** A lockdown (or other plist service) connection: u32 big-endian length + XML plist. */
export class PlistConnection {
  private reader: ByteReader;

  constructor(private socket: Duplex) {
    this.reader = new ByteReader(socket);
  }

  send(value: unknown): void {
    const body = encodeXml(value);
    const header = Buffer.alloc(4);
    header.writeUInt32BE(body.length, 0);
    this.socket.write(Buffer.concat([header, body]));
  }

  async receive(): Promise<Record<string, unknown>> {
    const length = (await this.reader.read(4)).readUInt32BE(0);
    return decodePlist(await this.reader.read(length)) as Record<string, unknown>;
  }

  async request(value: Record<string, unknown>): Promise<Record<string, unknown>> {
    this.send({ Label: 'cradle-tests', ...value });
    return this.receive();
  }

  /** StartSession with the pair record and switches to TLS as the client (root certificate as ours). */
  async startSession(record: Record<string, unknown>): Promise<Record<string, unknown>> {
    const reply = await this.request({ Request: 'StartSession', HostID: record.HostID, SystemBUID: record.SystemBUID });
    if (reply.Error || !reply.EnableSessionSSL) return reply;
    this.socket = await upgradeClient(this.socket, this.reader, record);
    this.reader = new ByteReader(this.socket);
    return reply;
  }

  /** Whether the peer closed the connection. */
  get closed(): boolean {
    return this.reader.closed;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Upgrades a plaintext socket to TLS as the client, with the pair record's root certificate and key. */
export async function upgradeClient(socket: Duplex, reader: ByteReader, record: Record<string, unknown>): Promise<tls.TLSSocket> {
  const rest = reader.release();
  if (rest.length > 0) socket.unshift(rest);
  const secure = tls.connect({
    socket,
    key: record.RootPrivateKey as Buffer,
    cert: record.RootCertificate as Buffer,
    rejectUnauthorized: false,
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('TLS handshake timed out')), TIMEOUT_MS);
    secure.once('secureConnect', () => {
      clearTimeout(timer);
      resolve();
    });
    secure.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  return secure;
}

/** Opens a lockdown connection to a device and starts a session with the host's pair record. */
export async function openSession(socketPath: string, deviceId: number, udid: string): Promise<PlistConnection> {
  const socket = await connectPort(socketPath, deviceId, 62078);
  if (typeof socket === 'number') throw new Error(`lockdown refused: ${socket}`);
  const lockdown = new PlistConnection(socket);
  const reply = await lockdown.startSession(await readPairRecord(socketPath, udid));
  if (reply.Error) throw new Error(`StartSession: ${String(reply.Error)}`);
  return lockdown;
}
