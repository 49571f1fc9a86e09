/**
 * The virtual usbmuxd: a UNIX socket server speaking the plist protocol of PROTOCOLS.md §1/§8
 * (ListDevices, Listen + Attached/Detached/Paired events, Connect, ReadBUID, pair records).
 */
import fs from 'node:fs';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import type { DeviceState } from './device.ts';
import { trace } from './debug-log.ts';
import { StreamReader } from './framing.ts';
import { answerRecordRequest, type PairRecordStore } from './pair-record-store.ts';
import { DeviceLink } from './tunnel.ts';
import { listenOnPath } from './socket-path.ts';
import { connectPort, encodeUsbmuxPacket, serveUsbmuxRequests, UsbmuxResult } from './usbmux-protocol.ts';

/** Something that serves one tunnel to a device port (lockdownd, or a service the device opened). */
export type TunnelHandler = (tunnel: Duplex) => void;

/** What the usbmuxd server needs from the rest of the virtual device. */
export interface UsbmuxBackend {
  /** Every device, plugged in or not. */
  devices(): readonly DeviceState[];
  /** The handler for a Connect to `port` on `device`, or undefined when nothing listens there. */
  connect(device: DeviceState, port: number): TunnelHandler | undefined;
}

/** USB connection speed of a high-speed (USB 2.0) link, as usbmuxd reports it. */
const USB2_SPEED = 480_000_000;

/** The usbmuxd server of the virtual devices. */
export class UsbmuxServer {
  // Half-open: a host that ends its side still receives what the device has left to send.
  private readonly server = net.createServer({ allowHalfOpen: true }, (socket) => this.accept(socket));
  private readonly sockets = new Set<net.Socket>();
  private readonly listeners = new Set<net.Socket>();
  private readonly links = new Map<string, DeviceLink>();

  constructor(
    readonly socketPath: string,
    private readonly records: PairRecordStore,
    private readonly backend: UsbmuxBackend,
  ) {}

  /** Starts listening (a stale socket file from a crashed run is replaced). */
  listen(): Promise<void> {
    return listenOnPath(this.server, this.socketPath);
  }

  /** Stops: closes every connection and removes the socket file. */
  async close(): Promise<void> {
    for (const link of this.links.values()) link.cutAll();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    fs.rmSync(this.socketPath, { force: true });
  }

  /** The cable of a device (bandwidth cap and fault injection). */
  link(device: DeviceState): DeviceLink {
    let link = this.links.get(device.udid);
    if (!link) {
      link = new DeviceLink(() => device.throttleBytesPerSecond);
      this.links.set(device.udid, link);
    }
    return link;
  }

  /** Announces a device that was plugged in to every Listen client. */
  announceAttached(device: DeviceState): void {
    this.broadcast({ MessageType: 'Attached', DeviceID: device.deviceId, Properties: properties(device) });
  }

  /** Cuts a device's tunnels and announces that it was unplugged. */
  announceDetached(device: DeviceState): void {
    this.link(device).cutAll();
    this.broadcast({ MessageType: 'Detached', DeviceID: device.deviceId });
  }

  /** Announces that a host paired with the device. */
  announcePaired(device: DeviceState): void {
    this.broadcast({ MessageType: 'Paired', DeviceID: device.deviceId });
  }

  private broadcast(event: Record<string, unknown>): void {
    const packet = encodeUsbmuxPacket(0, event);
    for (const socket of this.listeners) socket.write(packet);
  }

  /**
   * Serves a client connection another process accepted (the front of `--processes`): `head` holds the
   * bytes that process read from it first (its Connect request).
   */
  adopt(socket: net.Socket, head: Buffer): void {
    if (head.length > 0) socket.unshift(head);
    this.accept(socket);
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.listeners.delete(socket);
    });
    socket.on('error', () => socket.destroy());
    void this.serve(socket).catch(() => socket.destroy());
  }

  private serve(socket: net.Socket): Promise<void> {
    const reader = new StreamReader(socket);
    return serveUsbmuxRequests(socket, reader, (request, { reply, result }) => {
      trace('usbmuxd', String(request.MessageType));
      switch (request.MessageType) {
        case 'ListDevices':
          // No top-level MessageType here: libusbmuxd drops the list when it sees one (§8).
          reply({ DeviceList: this.attached().map((d) => ({ DeviceID: d.deviceId, MessageType: 'Attached', Properties: properties(d) })) });
          return;
        case 'Listen':
          result(UsbmuxResult.ok);
          this.listeners.add(socket);
          for (const device of this.attached()) {
            socket.write(encodeUsbmuxPacket(0, { MessageType: 'Attached', DeviceID: device.deviceId, Properties: properties(device) }));
          }
          return;
        case 'Connect': {
          const device = this.attached().find((d) => d.deviceId === request.DeviceID);
          if (!device) return result(UsbmuxResult.badDevice);
          const handler = this.backend.connect(device, connectPort(Number(request.PortNumber)));
          if (!handler) return result(UsbmuxResult.connectionRefused);
          result(UsbmuxResult.ok);
          this.sockets.delete(socket);
          handler(this.link(device).open(socket, reader.detach()));
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

  private attached(): DeviceState[] {
    return this.backend.devices().filter((device) => device.attached);
  }
}

/** The Properties dict usbmuxd reports for a USB device. */
function properties(device: DeviceState): Record<string, unknown> {
  return {
    ConnectionSpeed: USB2_SPEED,
    ConnectionType: 'USB',
    DeviceID: device.deviceId,
    LocationID: device.locationId,
    ProductID: device.model.usbProductId,
    SerialNumber: device.udid,
    USBSerialNumber: device.udid.replace('-', ''),
  };
}
