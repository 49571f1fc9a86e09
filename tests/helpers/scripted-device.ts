/**
 * A scripted device behind a fake usbmuxd, for hostile-device tests of the whole host stack (usbmux,
 * lockdown, notification proxy, AFC, installation proxy, mobilebackup2). Written from the protocol facts
 * (PROTOCOLS.md §1, §2, §8), independent of the engine and of the virtual device. Lockdown and services
 * speak plain sockets (the device declines TLS), so every byte is the script's to choose.
 *
 * Every exchange is a numbered step; `fault(step)` decides whether the device behaves, closes the
 * connection, or goes silent (stops answering and reading) at that step.
 */
import type net from 'node:net';
import bplistCreator from 'bplist-creator';
import { decodePlist, encodeXml } from '../virtual-device/plist.ts';
import { ByteReader as Bytes } from '../integration/raw-host.ts';
import { scriptedServer, usbmuxPacket } from './hostile-kit.ts';

/** What the device does at a step. */
export type StepFault = 'ok' | 'close' | 'silent';

/** The DeviceLink side of mobilebackup2, for the script. */
export interface LinkPeer {
  send(message: unknown[]): Promise<void>;
  /** Raw bytes (file streams). */
  raw(bytes: Buffer): Promise<void>;
  receive(): Promise<unknown[]>;
  socket: net.Socket;
}

/** Options of a scripted device. */
export interface ScriptedDeviceOptions {
  udid: string;
  /** The device's part after the host asked for a backup (uploads, final Response). */
  backup(peer: LinkPeer): Promise<void>;
  /** Decides each step; the label says which exchange it is. */
  fault?(step: number, label: string): StepFault;
  /** Overrides of lockdown replies by request name. */
  lockdown?: Partial<Record<string, (request: Record<string, unknown>) => Record<string, unknown>>>;
}

/** A running scripted device. */
export interface ScriptedDevice {
  address: string;
  /** Labels of the steps taken so far. */
  steps: string[];
  close(): Promise<void>;
}

const SERVICES = ['com.apple.mobile.notification_proxy', 'com.apple.afc', 'com.apple.mobile.installation_proxy', 'com.apple.mobilebackup2'];
const LOCKDOWN_PORT = 62078;

class Stopped extends Error {}

function u32be(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value, 0);
  return buffer;
}

/** Starts the device and its usbmuxd. */
export async function startScriptedDevice(dir: string, options: ScriptedDeviceOptions): Promise<ScriptedDevice> {
  const steps: string[] = [];
  const ports = new Map(SERVICES.map((name, index) => [name, 50_000 + index]));
  const silent = new Set<net.Socket>();

  /** Takes a step: resolves when the device behaves; otherwise closes or silences the socket and stops the script. */
  const step = async (socket: net.Socket, label: string) => {
    const fault = options.fault?.(steps.length, label) ?? 'ok';
    steps.push(label);
    if (fault === 'ok') return;
    if (fault === 'close') socket.destroy();
    else {
      silent.add(socket);
      socket.pause();
    }
    throw new Stopped(label);
  };

  const plistPeer = (socket: net.Socket, xml: boolean) => {
    const bytes = new Bytes(socket);
    return {
      send: (value: unknown) => {
        const body = xml ? encodeXml(value) : bplistCreator(value as object);
        socket.write(Buffer.concat([u32be(body.length), body]));
      },
      receive: async () => decodePlist(await bytes.read((await bytes.read(4)).readUInt32BE(0))),
      bytes,
    };
  };

  const lockdown = async (socket: net.Socket) => {
    const peer = plistPeer(socket, true);
    for (;;) {
      const request = (await peer.receive()) as Record<string, unknown>;
      const name = String(request.Request);
      await step(socket, `lockdown ${name}${request.Service ? ` ${String(request.Service)}` : ''}`);
      const override = options.lockdown?.[name];
      if (override) peer.send({ Request: name, ...override(request) });
      else if (name === 'QueryType') peer.send({ Request: name, Type: 'com.apple.mobile.lockdown' });
      else if (name === 'StartSession') peer.send({ Request: name, SessionID: 'SESSION', EnableSessionSSL: false });
      else if (name === 'GetValue') {
        const value = request.Domain === 'com.apple.mobile.backup' ? { WillEncrypt: false } : { DeviceName: 'Hostile', ProductType: 'iPhone14,2', ProductVersion: '17.0', BuildVersion: '21A1', UniqueDeviceID: options.udid };
        peer.send({ Request: name, Value: value });
      } else if (name === 'StartService') peer.send({ Request: name, Service: request.Service, Port: ports.get(String(request.Service)) ?? 1, EnableServiceSSL: false });
      else peer.send({ Request: name });
    }
  };

  const notificationProxy = async (socket: net.Socket) => {
    const peer = plistPeer(socket, true);
    for (;;) {
      const message = (await peer.receive()) as Record<string, unknown>;
      await step(socket, `notification ${String(message.Command)}`);
      if (message.Command === 'Shutdown') peer.send({ Command: 'ProxyDeath' });
    }
  };

  const afc = async (socket: net.Socket) => {
    const bytes = new Bytes(socket);
    for (;;) {
      const header = await bytes.read(40);
      await bytes.read(Number(header.readBigUInt64LE(8)) - 40);
      const op = Number(header.readBigUInt64LE(32));
      await step(socket, `afc op ${op}`);
      const reply = Buffer.alloc(48);
      Buffer.from('CFA6LPAA').copy(reply, 0);
      reply.writeBigUInt64LE(48n, 8);
      reply.writeBigUInt64LE(48n, 16);
      reply.writeBigUInt64LE(header.readBigUInt64LE(24), 24);
      // FILE_OPEN answers with a handle; everything else with status 0 (success).
      reply.writeBigUInt64LE(op === 0x0d ? 0x0en : 0x01n, 32);
      reply.writeBigUInt64LE(op === 0x0d ? 7n : 0n, 40);
      socket.write(reply);
    }
  };

  const installationProxy = async (socket: net.Socket) => {
    const peer = plistPeer(socket, true);
    await peer.receive();
    await step(socket, 'apps Browse');
    peer.send({ Status: 'BrowsingApplications', CurrentList: [{ CFBundleIdentifier: 'com.example.app', ApplicationSINF: Buffer.from('sinf') }] });
    peer.send({ Status: 'Complete' });
  };

  const mobilebackup2 = async (socket: net.Socket) => {
    const peer = plistPeer(socket, false);
    const link: LinkPeer = {
      socket,
      send: async (message) => {
        await step(socket, `link send ${String(message[0])}`);
        peer.send(message);
      },
      raw: async (bytes) => {
        await step(socket, 'link raw bytes');
        socket.write(bytes);
      },
      receive: async () => {
        const message = (await peer.receive()) as unknown[];
        await step(socket, `link got ${String(message[0])}`);
        return message;
      },
    };
    await link.send(['DLMessageVersionExchange', 300, 0]);
    await link.receive();
    await link.send(['DLMessageDeviceReady']);
    await link.receive();
    await link.send(['DLMessageProcessMessage', { MessageName: 'Response', ErrorCode: 0, ProtocolVersion: 2.1 }]);
    await link.receive();
    await options.backup(link);
  };

  const services: Record<number, (socket: net.Socket) => Promise<void>> = {
    [LOCKDOWN_PORT]: lockdown,
    [ports.get(SERVICES[0]!)!]: notificationProxy,
    [ports.get(SERVICES[1]!)!]: afc,
    [ports.get(SERVICES[2]!)!]: installationProxy,
    [ports.get(SERVICES[3]!)!]: mobilebackup2,
  };

  const pairRecord = bplistCreator({
    DeviceCertificate: Buffer.from('device cert'),
    HostCertificate: Buffer.from('host cert'),
    HostPrivateKey: Buffer.from('host key'),
    RootCertificate: Buffer.from('root cert'),
    RootPrivateKey: Buffer.from('root key'),
    SystemBUID: 'BUID',
    HostID: 'HOST',
    EscrowBag: Buffer.from('escrow'),
  });

  const usbmuxReply = (tag: number, body: Record<string, unknown>) => usbmuxPacket(tag, encodeXml(body));

  const server = await scriptedServer(dir, (socket) => {
    const bytes = new Bytes(socket);
    void (async () => {
      const header = await bytes.read(16);
      const body = decodePlist(await bytes.read(header.readUInt32LE(0) - 16)) as Record<string, unknown>;
      const tag = header.readUInt32LE(12);
      const device = { DeviceID: 1, MessageType: 'Attached', Properties: { SerialNumber: options.udid, ConnectionType: 'USB', DeviceID: 1 } };
      switch (body.MessageType) {
        case 'ListDevices':
          socket.end(usbmuxReply(tag, { DeviceList: [device] }));
          return;
        case 'ReadPairRecord':
          socket.end(usbmuxReply(tag, { PairRecordData: pairRecord }));
          return;
        case 'Connect': {
          const port = Number(body.PortNumber);
          const handler = services[((port & 0xff) << 8) | ((port >> 8) & 0xff)];
          socket.write(usbmuxReply(tag, { MessageType: 'Result', Number: handler ? 0 : 3 }));
          if (!handler) return void socket.end();
          const rest = bytes.release();
          if (rest.length > 0) socket.unshift(rest);
          await handler(socket);
          return;
        }
        default:
          socket.end(usbmuxReply(tag, { MessageType: 'Result', Number: 0 }));
      }
    })().catch(() => undefined);
  });
  return {
    address: `UNIX:${server.path}`,
    steps,
    close: async () => {
      for (const socket of silent) socket.destroy();
      await server.close();
    },
  };
}

/** The upload frames of one file: names, data frames, end frame. */
export function uploadFile(backupPath: string, data: Buffer): Buffer {
  const name = (text: string) => Buffer.concat([u32be(Buffer.byteLength(text)), Buffer.from(text)]);
  return Buffer.concat([name(`/var/mobile/${backupPath}`), name(backupPath), u32be(data.length + 1), Buffer.from([0x0c]), data, u32be(1), Buffer.from([0x00])]);
}

/** The end of an upload batch. */
export const END_OF_BATCH = u32be(0);

/** A finished backup's Status.plist (what the host requires before it swaps the backup in). */
export function finishedStatus(): Buffer {
  return bplistCreator({ SnapshotState: 'finished', IsFullBackup: true, Version: '3.3', BackupState: 'new', UUID: 'UUID', Date: new Date() });
}
