/**
 * The live device list: usbmuxd Listen events, each device's name and model, and whether this computer
 * is trusted (paired), the device locked, or a job running. Publishes `devices:changed` on every change.
 */
import { CradleError } from '../../../shared/errors.ts';
import type { DeviceListItem, DeviceState } from '../../../shared/devices.ts';
import type { EventHub } from '../api/events.ts';
import { LockdownClient } from '../lockdown/client.ts';
import { startLockdownSession } from '../lockdown/session.ts';
import type { UsbmuxClient, UsbmuxDevice } from '../usbmux/client.ts';
import { watchUsbmuxDevices, type DeviceWatcher } from '../usbmux/listen.ts';

interface Entry {
  device: UsbmuxDevice;
  name?: string;
  productType?: string;
  state: DeviceState;
}

/** Tracks connected devices. */
export class DeviceManager {
  private readonly entries = new Map<string, Entry>();
  private watcher: DeviceWatcher | undefined;
  private usbmuxAvailable = false;

  constructor(
    readonly usbmux: UsbmuxClient,
    private readonly events: EventHub,
    private readonly isBusy: (udid: string) => boolean = () => false,
  ) {}

  /** Starts watching usbmuxd. */
  start(): void {
    this.watcher ??= watchUsbmuxDevices(this.usbmux.address, (event) => {
      switch (event.type) {
        case 'attached':
          this.attach(event.device);
          break;
        case 'detached':
          this.detach(event.deviceId);
          break;
        case 'paired': {
          const entry = [...this.entries.values()].find((e) => e.device.deviceId === event.deviceId);
          if (entry) void this.refresh(entry.device.udid);
          break;
        }
        case 'available':
        case 'unavailable':
          this.usbmuxAvailable = event.type === 'available';
          this.publish();
          break;
      }
    });
  }

  /** Stops watching. */
  stop(): void {
    this.watcher?.stop();
    this.watcher = undefined;
  }

  /** Whether usbmuxd currently answers Listen. */
  get available(): boolean {
    return this.usbmuxAvailable;
  }

  /** The sidebar's list. */
  list(): DeviceListItem[] {
    return [...this.entries.values()].map((entry) => ({
      udid: entry.device.udid,
      connection: entry.device.connection,
      ...(entry.name ? { name: entry.name } : {}),
      ...(entry.productType ? { productType: entry.productType } : {}),
      state: this.isBusy(entry.device.udid) && entry.state === 'connected' ? 'busy' : entry.state,
    }));
  }

  /**
   * The usbmuxd device of a UDID: from the live list, else asked of usbmuxd directly (the CLI does not watch).
   * @throws CradleError DEVICE_NOT_FOUND
   */
  async find(udid: string): Promise<UsbmuxDevice> {
    const known = this.entries.get(udid)?.device;
    if (known) return known;
    const listed = (await this.usbmux.listDevices()).filter((d) => d.udid === udid);
    const device = listed.find((d) => d.connection === 'usb') ?? listed[0];
    if (!device) throw new CradleError('DEVICE_NOT_FOUND', `No device with UDID ${udid} is connected. Connect it with a cable and unlock it.`);
    return device;
  }

  /** Re-reads a device's name and trust state (after pairing, unlocking, renaming). */
  async refresh(udid: string): Promise<void> {
    const entry = this.entries.get(udid);
    if (!entry) return;
    const update = await probeDevice(this.usbmux, entry.device);
    if (this.entries.get(udid) !== entry) return;
    Object.assign(entry, update);
    this.publish();
  }

  /** Publishes the current list (after a job starts or ends, the busy badge changes). */
  publish(): void {
    this.events.emit('devices:changed', { devices: this.list() });
  }

  private attach(device: UsbmuxDevice): void {
    const existing = this.entries.get(device.udid);
    // One device can be attached over USB and the network at once: USB wins.
    if (existing && existing.device.connection === 'usb' && device.connection === 'network') return;
    this.entries.set(device.udid, { device, state: 'connected', name: existing?.name, productType: existing?.productType });
    this.publish();
    void this.refresh(device.udid);
  }

  private detach(deviceId: number): void {
    for (const [udid, entry] of this.entries) {
      if (entry.device.deviceId === deviceId) this.entries.delete(udid);
    }
    this.publish();
  }
}

/** Reads name and model without a session, then tries a session to learn the trust state. */
async function probeDevice(usbmux: UsbmuxClient, device: UsbmuxDevice): Promise<Partial<Entry>> {
  const found: Partial<Entry> = {};
  try {
    const lockdown = await LockdownClient.connect(usbmux, device);
    try {
      await lockdown.queryType();
      const name = await lockdown.getValue(undefined, 'DeviceName');
      const productType = await lockdown.getValue(undefined, 'ProductType');
      if (typeof name === 'string') found.name = name;
      if (typeof productType === 'string') found.productType = productType;
    } finally {
      await lockdown.close();
    }
    const session = await startLockdownSession(usbmux, device);
    await session.lockdown.close();
    found.state = 'connected';
  } catch (error) {
    const code = error instanceof CradleError ? error.code : undefined;
    found.state = code === 'NOT_PAIRED' || code === 'PAIRING_PENDING' ? 'trust-needed' : code === 'DEVICE_LOCKED' ? 'locked' : 'connected';
    if (code === 'DEVICE_DISCONNECTED') found.state = 'disconnected';
  }
  return found;
}
