/**
 * In-process API of the virtual device: starts a usbmuxd socket with N simulated devices and gives tests
 * and demos the control methods (unplug, Trust, lock, Find My, faults).
 */
import fs from 'node:fs';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createVirtualDevice, type DeviceState } from './device.ts';
import { setDeviceName } from './lockdown-values.ts';
import { LOCKDOWN_PORT, serveLockdown } from './lockdownd.ts';
import { PairRecordStore } from './pair-record-store.ts';
import { ServicePorts } from './service-ports.ts';
import { createServiceRegistry } from './services/index.ts';
import { postDeviceNotification } from './services/notification-proxy.ts';
import { acceptTls } from './tls-server.ts';
import type { Profile, ServiceDefinition, TrustMode } from './types.ts';
import { UsbmuxServer, type TunnelHandler } from './usbmuxd-server.ts';

/** Options of {@link startVirtualDevices}. */
export interface VirtualDeviceOptions {
  /** usbmuxd UNIX socket to create (a stale file is replaced). */
  socketPath: string;
  /** Where devices, pair records and content live; a temporary folder (removed on stop) when absent. */
  stateDir?: string;
  /** Number of devices (default 1). */
  devices?: number;
  /** Content profile of every device, or one per device index (the last one repeats). Default personal. */
  profile?: Profile | readonly Profile[];
  /** Extra content in MB per device (benchmarks). */
  dataMb?: number;
  /** Number of files per device (benchmarks). */
  files?: number;
  /** Bandwidth cap per device in megabytes (10^6 bytes) per second; USB 2.0 gives about 35. */
  throttleMbps?: number;
  /** How devices answer Pair (default auto). */
  trustMode?: TrustMode;
  /** Low key-derivation iteration counts for encrypted backups (fast tests). */
  lowIterations?: boolean;
  /** Seed of the devices' identities (same seed and index = same UDID). Default "cradle". */
  seed?: string;
  /** More lockdown services (tests of the service machinery). */
  extraServices?: readonly ServiceDefinition[];
  /** How long a restarting device stays detached, in ms (default 500; a real one takes half a minute). */
  rebootMs?: number;
  /**
   * Runs only the devices whose index is `index` modulo `count`, out of `devices` (one of the processes of
   * `--processes`): DeviceIDs stay unique across the processes.
   */
  shard?: { index: number; count: number };
}

/** One device as the control interface reports it. */
export interface DeviceStatus {
  udid: string;
  deviceId: number;
  name: string;
  productType: string;
  profile: Profile;
  attached: boolean;
  locked: boolean;
  findMy: boolean;
  trustMode: TrustMode;
  trustPrompt: DeviceState['trustPrompt'];
  pairedHosts: number;
  encryptedBackups: boolean;
  throttleMbps: number | null;
}

/** A running set of virtual devices. */
export interface VirtualDeviceServer {
  /** `UNIX:<socket>`, the value for USBMUXD_SOCKET_ADDRESS. */
  readonly address: string;
  readonly socketPath: string;
  readonly stateDir: string;
  readonly devices: readonly DeviceState[];
  /** The device with `udid`; throws for an unknown one. */
  device(udid: string): DeviceState;
  status(): DeviceStatus[];
  /** Pulls the cable: tunnels are cut, Listen clients see Detached. */
  unplug(udid: string): void;
  /** Plugs it back in (new DeviceID, a denied Trust prompt is forgotten). */
  replug(udid: string): void;
  /** Taps "Trust" on the prompt (or in advance for the next Pair). */
  acceptTrust(udid: string): void;
  /** Taps "Don't Trust": Pair fails with UserDeniedPairing until replug. */
  denyTrust(udid: string): void;
  setTrustMode(udid: string, mode: TrustMode): void;
  setLocked(udid: string, locked: boolean): void;
  /** Enters the passcode: unlocks, and answers a passcode prompt a service waits for. */
  enterPasscode(udid: string): void;
  setFindMy(udid: string, on: boolean): void;
  /** Changes the iOS version the device reports (ProductVersion): an update, or a device too old for a backup. */
  setIosVersion(udid: string, version: string): void;
  /** The person renames the device in Settings: DeviceName changes and notification-proxy observers are told. */
  setName(udid: string, name: string): void;
  /** Cuts every tunnel of the device after `bytes` more bytes (null disarms). One-shot. */
  failAfterBytes(udid: string, bytes: number | null): void;
  /** Changes the bandwidth cap (null = unthrottled). */
  setThrottle(udid: string, mbps: number | null): void;
  /** Posts a Darwin notification on the device (e.g. com.apple.itunes-client.syncCancelRequest). */
  postNotification(udid: string, name: string): void;
  /** Serves a usbmuxd client that another process accepted and read `head` from (see `--processes`). */
  adoptConnection(socket: net.Socket, head: Buffer): void;
  /** Stops everything and removes the socket file (and the state folder when it was temporary). */
  stop(): Promise<void>;
}

/** How long a rebooting device stays detached unless told otherwise. */
const REBOOT_MS = 500;

/** Real key-derivation iteration counts, and the low ones for tests. */
const REAL_KDF = { dpic: 10_000_000, iter: 10_000 };
const LOW_KDF = { dpic: 1_000, iter: 10 };

/** Starts the virtual devices; resolves once the usbmuxd socket listens. */
export async function startVirtualDevices(options: VirtualDeviceOptions): Promise<VirtualDeviceServer> {
  const temporary = options.stateDir === undefined;
  const stateDir = options.stateDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cradle-vdev-'));
  fs.mkdirSync(stateDir, { recursive: true });
  const profiles = typeof options.profile === 'string' ? [options.profile] : options.profile ?? ['personal'];
  const count = options.devices ?? 1;
  const shard = options.shard ?? { index: 0, count: 1 };
  const indices = Array.from({ length: count }, (_, index) => index).filter((index) => index % shard.count === shard.index);
  const devices = await Promise.all(
    indices.map((index) =>
      createVirtualDevice({
        stateDir,
        index,
        seed: options.seed ?? 'cradle',
        profile: profiles[Math.min(index, profiles.length - 1)] ?? 'personal',
        dataMb: options.dataMb,
        files: options.files,
        trustMode: options.trustMode ?? 'auto',
        kdf: options.lowIterations ? LOW_KDF : REAL_KDF,
        throttleBytesPerSecond: options.throttleMbps ? options.throttleMbps * 1_000_000 : undefined,
      }),
    ),
  );
  const server = new Server(options, stateDir, temporary, devices);
  await server.start();
  return server;
}

class Server implements VirtualDeviceServer {
  readonly address: string;
  readonly socketPath: string;
  private readonly usbmux: UsbmuxServer;
  private readonly ports = new Map<string, ServicePorts>();
  private readonly services: Map<string, ServiceDefinition>;
  private nextDeviceId: number;
  /** Step between the DeviceIDs this server gives at a replug (the number of processes sharing one usbmuxd). */
  private readonly deviceIdStep: number;
  private readonly reboots = new Set<NodeJS.Timeout>();
  private readonly rebootMs: number;

  constructor(
    options: VirtualDeviceOptions,
    readonly stateDir: string,
    private readonly temporary: boolean,
    readonly devices: readonly DeviceState[],
  ) {
    this.socketPath = path.resolve(options.socketPath);
    this.address = `UNIX:${this.socketPath}`;
    this.services = createServiceRegistry(options.extraServices);
    const shard = options.shard ?? { index: 0, count: 1 };
    this.nextDeviceId = (options.devices ?? 1) + 1 + shard.index;
    this.deviceIdStep = shard.count;
    this.rebootMs = options.rebootMs ?? REBOOT_MS;
    const records = new PairRecordStore(path.join(stateDir, 'usbmuxd'));
    this.usbmux = new UsbmuxServer(this.socketPath, records, {
      devices: () => this.devices,
      connect: (device, port) => this.connect(device, port),
    });
    for (const device of devices) {
      this.ports.set(device.udid, new ServicePorts());
      device.on('paired', () => this.usbmux.announcePaired(device));
      device.on('reboot', () => this.reboot(device));
    }
  }

  async start(): Promise<void> {
    await this.usbmux.listen();
  }

  device(udid: string): DeviceState {
    const device = this.devices.find((d) => d.udid === udid);
    if (!device) throw new Error(`no virtual device ${udid}`);
    return device;
  }

  status(): DeviceStatus[] {
    return this.devices.map((d) => ({
      udid: d.udid,
      deviceId: d.deviceId,
      name: d.name,
      productType: d.model.productType,
      profile: d.profile,
      attached: d.attached,
      locked: d.locked,
      findMy: d.findMy,
      trustMode: d.trustMode,
      trustPrompt: d.trustPrompt,
      pairedHosts: d.hosts.size,
      encryptedBackups: d.backupPassword !== null,
      throttleMbps: d.throttleBytesPerSecond ? d.throttleBytesPerSecond / 1_000_000 : null,
    }));
  }

  unplug(udid: string): void {
    const device = this.device(udid);
    if (!device.attached) return;
    device.attached = false;
    this.ports.get(udid)?.clear();
    this.usbmux.announceDetached(device);
    device.emit('changed');
  }

  replug(udid: string): void {
    const device = this.device(udid);
    if (device.attached) return;
    device.deviceId = this.nextDeviceId;
    this.nextDeviceId += this.deviceIdStep;
    device.attached = true;
    device.trustPrompt = 'none';
    this.usbmux.announceAttached(device);
    device.emit('changed');
  }

  acceptTrust(udid: string): void {
    const device = this.device(udid);
    device.trustPrompt = 'accepted';
    device.emit('changed');
  }

  denyTrust(udid: string): void {
    const device = this.device(udid);
    device.trustPrompt = 'denied';
    device.emit('changed');
  }

  setTrustMode(udid: string, mode: TrustMode): void {
    const device = this.device(udid);
    device.trustMode = mode;
    device.emit('changed');
  }

  setLocked(udid: string, locked: boolean): void {
    const device = this.device(udid);
    device.locked = locked;
    device.emit('changed');
  }

  enterPasscode(udid: string): void {
    const device = this.device(udid);
    device.locked = false;
    device.emit('passcode');
    device.emit('changed');
  }

  setFindMy(udid: string, on: boolean): void {
    const device = this.device(udid);
    device.findMy = on;
    device.changed();
  }

  setIosVersion(udid: string, version: string): void {
    if (!/^\d+(\.\d+){1,2}$/.test(version)) throw new Error(`"${version}" is not an iOS version`);
    const device = this.device(udid);
    device.values['']!.ProductVersion = version;
    device.changed();
  }

  setName(udid: string, name: string): void {
    if (!name) throw new Error('a device name cannot be empty');
    setDeviceName(this.device(udid), name);
  }

  failAfterBytes(udid: string, bytes: number | null): void {
    this.usbmux.link(this.device(udid)).failAfterBytes(bytes);
  }

  setThrottle(udid: string, mbps: number | null): void {
    const device = this.device(udid);
    device.throttleBytesPerSecond = mbps && mbps > 0 ? mbps * 1_000_000 : undefined;
    device.emit('changed');
  }

  postNotification(udid: string, name: string): void {
    postDeviceNotification(this.device(udid), name);
  }

  adoptConnection(socket: net.Socket, head: Buffer): void {
    this.usbmux.adopt(socket, head);
  }

  async stop(): Promise<void> {
    for (const timer of this.reboots) clearTimeout(timer);
    for (const ports of this.ports.values()) ports.clear();
    await this.usbmux.close();
    for (const device of this.devices) device.removeAllListeners();
    if (this.temporary) fs.rmSync(this.stateDir, { recursive: true, force: true });
  }

  /** A reboot: the device leaves usbmuxd and comes back a moment later as a new DeviceID. */
  private reboot(device: DeviceState): void {
    this.unplug(device.udid);
    const timer = setTimeout(() => {
      this.reboots.delete(timer);
      this.replug(device.udid);
    }, this.rebootMs);
    this.reboots.add(timer);
  }

  private connect(device: DeviceState, port: number): TunnelHandler | undefined {
    const ports = this.ports.get(device.udid)!;
    if (port === LOCKDOWN_PORT) return (tunnel) => serveLockdown(tunnel, { device, ports, services: this.services });
    const open = ports.take(port);
    if (!open) return undefined;
    return (tunnel) => {
      if (!open.tls) {
        open.definition.handle(tunnel, device);
        return;
      }
      acceptTls(tunnel, open.tls).then(
        (secure) => open.definition.handle(secure, device),
        () => tunnel.destroy(),
      );
    };
  }
}
