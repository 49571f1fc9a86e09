/**
 * The live device list: usbmuxd Listen events, each device's name, model, serial and battery, and whether
 * this computer is trusted (paired), the device locked, or a job running. Publishes `devices:changed` on
 * every change, the list in the sidebar's order. A rename anywhere (this app, another program, the person
 * in Settings) reaches the list through each trusted device's name observer.
 */
import { CradleError } from '../../../shared/errors.ts';
import { compareDevices, type DeviceListItem } from '../../../shared/devices.ts';
import type { EventHub } from '../api/events.ts';
import type { LockdownSession } from '../lockdown/session.ts';
import type { UsbmuxClient, UsbmuxDevice } from '../usbmux/client.ts';
import { watchUsbmuxDevices, type DeviceWatcher } from '../usbmux/listen.ts';
import { probeDevice, type DeviceFacts } from './device-probe.ts';
import { observeDeviceName, type NameObserver } from './name-observer.ts';

interface Entry {
  device: UsbmuxDevice;
  facts: DeviceFacts & { state: DeviceListItem['state'] };
  /** The last probe asked for; probes of one device run one after another, so the newest answer lands last. */
  probing?: Promise<void>;
  /** A probe asked for that has not started yet: a second request joins it. */
  queued?: Promise<void>;
  observer?: NameObserver;
}

/** Tracks connected devices. */
export class DeviceManager {
  private readonly entries = new Map<string, Entry>();
  /** What was known of devices that left, so a device plugged back in keeps its name and place at once. */
  private readonly remembered = new Map<string, DeviceFacts>();
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

  /** Stops watching and closes the name observers. */
  stop(): void {
    this.watcher?.stop();
    this.watcher = undefined;
    for (const entry of this.entries.values()) void entry.observer?.close();
    this.entries.clear();
  }

  /** Whether usbmuxd currently answers Listen. */
  get available(): boolean {
    return this.usbmuxAvailable;
  }

  /** The sidebar's list, by name, then serial, then UDID (the same order after every reconnect). */
  list(): DeviceListItem[] {
    return [...this.entries.values()]
      .map(({ device, facts }) => ({
        udid: device.udid,
        connection: device.connection,
        ...facts,
        state: this.isBusy(device.udid) && facts.state === 'connected' ? 'busy' : facts.state,
      }))
      .sort(compareDevices);
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

  /**
   * Re-reads a device's name, details and trust state (after pairing, unlocking, renaming) and publishes
   * the list. Never rejects; what could not be read keeps its previous value. Does nothing for a device
   * that is not listed (the CLI does not watch).
   */
  refresh(udid: string): Promise<void> {
    const entry = this.entries.get(udid);
    if (!entry) return Promise.resolve();
    if (entry.queued) return entry.queued;
    const next = (entry.probing ?? Promise.resolve()).then(() => {
      entry.queued = undefined;
      return this.probe(entry);
    });
    entry.queued = next;
    entry.probing = next;
    return next;
  }

  /** Publishes the current list (after a job starts or ends, the busy badge changes). */
  publish(): void {
    this.events.emit('devices:changed', { devices: this.list() });
  }

  private async probe(entry: Entry): Promise<void> {
    const { udid } = entry.device;
    const current = () => this.entries.get(udid) === entry;
    const facts = await probeDevice(this.usbmux, entry.device, (session) => this.observe(entry, session));
    if (!current()) {
      await entry.observer?.close();
      return;
    }
    Object.assign(entry.facts, facts);
    this.publish();
  }

  /** Sets up the device's name observer unless it has one (decided in the session: a cut one has ended by then). */
  private async observe(entry: Entry, session: LockdownSession): Promise<void> {
    if (entry.observer) return;
    const { udid } = entry.device;
    const observer = await observeDeviceName(this.usbmux, session, () => void this.refresh(udid));
    entry.observer = observer;
    // A connection that ends while the device stays (its lockdownd restarted) is set up again at the next probe.
    void observer.ended.then(() => {
      if (entry.observer === observer) entry.observer = undefined;
    });
  }

  private attach(device: UsbmuxDevice): void {
    const existing = this.entries.get(device.udid);
    // One device can be attached over USB and the network at once: USB wins.
    if (existing && existing.device.connection === 'usb' && device.connection === 'network') return;
    void existing?.observer?.close();
    const known = existing?.facts ?? this.remembered.get(device.udid);
    this.entries.set(device.udid, { device, facts: { ...known, state: 'connected' } });
    this.publish();
    void this.refresh(device.udid);
  }

  private detach(deviceId: number): void {
    for (const [udid, entry] of this.entries) {
      if (entry.device.deviceId !== deviceId) continue;
      this.entries.delete(udid);
      const { state: _state, batteryPercent: _battery, ...facts } = entry.facts;
      this.remembered.set(udid, facts);
      void entry.observer?.close();
    }
    this.publish();
  }
}
