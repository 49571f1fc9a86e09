/**
 * `--processes N`: the devices run in N processes behind one usbmuxd socket, as every device of a real cart
 * has its own processor (in one process, eight devices restoring at once share one thread and wait on it).
 *
 * This front process answers ListDevices, Listen and the pair-record requests itself and hands every Connect
 * to the process that runs the device: the client's socket itself goes over the IPC channel, with the bytes
 * read from it so far, so a tunnel's data never passes through the front. A usbmuxd client sends nothing
 * after Connect until it has the Result, which the device's process writes. Control commands go to the
 * process that runs the named device.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { StreamReader } from './framing.ts';
import { answerRecordRequest, PairRecordStore } from './pair-record-store.ts';
import type { DeviceStatus, VirtualDeviceOptions } from './server.ts';
import { listenOnPath } from './socket-path.ts';
import { encodeUsbmuxPacket, readUsbmuxPacket, serveUsbmuxRequests, UsbmuxResult } from './usbmux-protocol.ts';

/** What goes between the front and a device process over the IPC channel. */
export type ShardMessage =
  | { type: 'start'; options: VirtualDeviceOptions }
  | { type: 'ready'; udids: string[] }
  | { type: 'connect'; head: string }
  | { type: 'control'; id: number; request: Record<string, unknown> }
  | { type: 'controlReply'; id: number; reply: { ok: boolean; error?: string; [key: string]: unknown } }
  | { type: 'stop' };

/** The processes of one `--processes` run. */
export interface DeviceProcesses {
  readonly address: string;
  readonly socketPath: string;
  /** Every device's UDID, in index order. */
  readonly udids: readonly string[];
  /** Answers a control request (README: Control), forwarded to the device's process. */
  control(request: Record<string, unknown>, stop: () => void): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

const SHARD_MAIN = fileURLToPath(new URL('./shard-process.ts', import.meta.url));
/** How long a device process may take to stop before it is killed. */
const STOP_MS = 10_000;

/** One device process. */
class Shard {
  readonly socketPath: string;
  udids: string[] = [];
  private readonly child: ChildProcess;
  private readonly replies = new Map<number, (reply: Extract<ShardMessage, { type: 'controlReply' }>['reply']) => void>();
  private nextId = 1;
  private readonly exited: Promise<void>;

  constructor(front: string, readonly index: number) {
    this.socketPath = `${front}.${index}`;
    this.child = fork(SHARD_MAIN, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    this.child.on('message', (message: ShardMessage) => {
      if (message.type !== 'controlReply') return;
      this.replies.get(message.id)?.(message.reply);
      this.replies.delete(message.id);
    });
  }

  /** Starts the process's devices; resolves with their UDIDs. */
  async start(options: VirtualDeviceOptions): Promise<void> {
    const ready = new Promise<string[]>((resolve, reject) => {
      this.child.on('message', (message: ShardMessage) => {
        if (message.type === 'ready') resolve(message.udids);
      });
      void this.exited.then(() => reject(new Error(`device process ${this.index} exited before it was ready`)));
    });
    this.send({ type: 'start', options: { ...options, socketPath: this.socketPath } });
    this.udids = await ready;
  }

  /** Hands a client's connection (its Connect request in `head`) to this process. */
  adopt(socket: net.Socket, head: Buffer): void {
    this.child.send({ type: 'connect', head: head.toString('base64') } satisfies ShardMessage, socket);
  }

  /** Runs a control request here; throws with its error text when it failed. */
  async control(request: Record<string, unknown>): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    const reply = await new Promise<Extract<ShardMessage, { type: 'controlReply' }>['reply']>((resolve, reject) => {
      this.replies.set(id, resolve);
      this.send({ type: 'control', id, request });
      void this.exited.then(() => reject(new Error(`device process ${this.index} has exited`)));
    });
    const { ok, error, ...fields } = reply;
    if (!ok) throw new Error(error ?? 'control request failed');
    return fields;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.send({ type: 'stop' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_MS);
    await this.exited;
    clearTimeout(timer);
  }

  private send(message: ShardMessage): void {
    if (this.child.connected) this.child.send(message);
  }
}

/** Starts `processes` device processes behind one usbmuxd socket; resolves once every one is ready. */
export async function startDeviceProcesses(options: VirtualDeviceOptions, processes: number): Promise<DeviceProcesses> {
  const temporary = options.stateDir === undefined;
  const stateDir = options.stateDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cradle-vdev-'));
  fs.mkdirSync(stateDir, { recursive: true });
  const socketPath = path.resolve(options.socketPath);
  // Made before the processes start, so they all read the one SystemBUID.
  const records = new PairRecordStore(path.join(stateDir, 'usbmuxd'));
  const shards = Array.from({ length: processes }, (_, index) => new Shard(socketPath, index));
  const front = new Front(socketPath, records, shards, () => {
    if (temporary) fs.rmSync(stateDir, { recursive: true, force: true });
  });
  try {
    await Promise.all(shards.map((shard) => shard.start({ ...options, stateDir, shard: { index: shard.index, count: processes } })));
    await front.listen();
  } catch (error) {
    await front.stop();
    throw error;
  }
  return front;
}

/** The usbmuxd socket everyone connects to, and the control requests' router. */
class Front implements DeviceProcesses {
  readonly address: string;
  private readonly server = net.createServer({ allowHalfOpen: true }, (socket) => this.accept(socket));
  private readonly sockets = new Set<net.Socket>();

  constructor(
    readonly socketPath: string,
    private readonly records: PairRecordStore,
    private readonly shards: readonly Shard[],
    private readonly removeState: () => void,
  ) {
    this.address = `UNIX:${socketPath}`;
  }

  /** Device index i runs in process i modulo the count, as its i / count-th device. */
  get udids(): string[] {
    const count = this.shards.length;
    const total = this.shards.reduce((sum, shard) => sum + shard.udids.length, 0);
    return Array.from({ length: total }, (_, index) => this.shards[index % count]!.udids[Math.floor(index / count)]!);
  }

  listen(): Promise<void> {
    return listenOnPath(this.server, this.socketPath);
  }

  async control(request: Record<string, unknown>, stop: () => void): Promise<Record<string, unknown>> {
    if (request.cmd === 'stop') {
      setImmediate(stop);
      return {};
    }
    if (request.cmd === 'status') {
      const order = this.udids;
      const devices = (await Promise.all(this.shards.map(async (shard) => (await shard.control(request)).devices as DeviceStatus[]))).flat();
      devices.sort((a, b) => order.indexOf(a.udid) - order.indexOf(b.udid));
      return { address: this.address, devices };
    }
    // A device's command goes to its process; anything else to the first one, which says what is wrong.
    const owner = this.shards.find((shard) => shard.udids.includes(request.udid as string)) ?? this.shards[0]!;
    return owner.control(request);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await Promise.all(this.shards.map((shard) => shard.stop()));
    if (this.server.listening) await new Promise<void>((resolve) => this.server.close(() => resolve()));
    fs.rmSync(this.socketPath, { force: true });
    this.removeState();
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    void this.serve(socket).catch(() => socket.destroy());
  }

  private serve(socket: net.Socket): Promise<void> {
    const reader = new StreamReader(socket);
    return serveUsbmuxRequests(socket, reader, async (request, { packet, reply, result }) => {
      switch (request.MessageType) {
        case 'ListDevices':
          return reply({ DeviceList: await this.deviceList() });
        case 'Listen':
          return this.relayEvents(socket, () => result(UsbmuxResult.ok));
        case 'Connect': {
          const owner = await this.ownerOf(request.DeviceID);
          if (!owner) return result(UsbmuxResult.badDevice);
          socket.pause();
          this.sockets.delete(socket);
          owner.adopt(socket, Buffer.concat([encodeUsbmuxPacket(packet.tag, request), reader.detach()]));
          return 'detached';
        }
        default: {
          const answer = answerRecordRequest(this.records, request);
          if (typeof answer === 'object') reply(answer);
          else result(answer ?? UsbmuxResult.badCommand);
        }
      }
    });
  }

  /** Every process's attached devices, in index order. */
  private async deviceList(): Promise<Array<Record<string, unknown>>> {
    const order = this.udids;
    const entries = (await this.shardLists()).flat();
    const serial = (entry: Record<string, unknown>): string => String((entry.Properties as Record<string, unknown>).SerialNumber);
    return entries.sort((a, b) => order.indexOf(serial(a)) - order.indexOf(serial(b)));
  }

  private async ownerOf(deviceId: unknown): Promise<Shard | undefined> {
    const lists = await this.shardLists();
    return this.shards[lists.findIndex((list) => list.some((entry) => entry.DeviceID === deviceId))];
  }

  /** Each process's attached devices (its ListDevices answer), in process order. */
  private async shardLists(): Promise<Array<Array<Record<string, unknown>>>> {
    const answers = await Promise.all(this.shards.map((shard) => ask(shard.socketPath, { MessageType: 'ListDevices' })));
    return answers.map((answer) => (answer.DeviceList as Array<Record<string, unknown>> | undefined) ?? []);
  }

  /**
   * Listens on every process and passes their Attached/Detached/Paired events on to `client`, after
   * `answered` wrote the Result (the events of the devices already attached follow it, as usbmuxd sends them).
   */
  private async relayEvents(client: net.Socket, answered: () => void): Promise<void> {
    const feeds = await Promise.all(this.shards.map((shard) => openListen(shard.socketPath)));
    answered();
    client.once('close', () => {
      for (const feed of feeds) feed.socket.destroy();
    });
    for (const feed of feeds) {
      void (async () => {
        for (;;) {
          const event = await readUsbmuxPacket(feed.reader);
          if (!event?.body) break;
          client.write(encodeUsbmuxPacket(0, event.body));
        }
      })().catch(() => client.destroy());
    }
  }
}

/** One request to a device process's own usbmuxd socket; resolves with its reply. */
async function ask(socketPath: string, request: Record<string, unknown>): Promise<Record<string, unknown>> {
  const socket = net.createConnection(socketPath);
  try {
    const reader = new StreamReader(socket);
    socket.write(encodeUsbmuxPacket(1, request));
    const reply = await readUsbmuxPacket(reader);
    if (!reply?.body) throw new Error(`device process at ${socketPath} did not answer ${String(request.MessageType)}`);
    return reply.body;
  } finally {
    socket.destroy();
  }
}

/** A Listen connection to a device process, past its Result. */
async function openListen(socketPath: string): Promise<{ socket: net.Socket; reader: StreamReader }> {
  const socket = net.createConnection(socketPath);
  socket.on('error', () => socket.destroy());
  const reader = new StreamReader(socket);
  socket.write(encodeUsbmuxPacket(1, { MessageType: 'Listen' }));
  const reply = await readUsbmuxPacket(reader);
  if (reply?.body?.MessageType !== 'Result' || reply.body.Number !== UsbmuxResult.ok) {
    socket.destroy();
    throw new Error(`device process at ${socketPath} refused Listen`);
  }
  return { socket, reader };
}
