/**
 * The "USB cable" of a virtual device: every usbmuxd tunnel to the device passes through its link, which
 * caps the bandwidth (both directions, shared by all tunnels like one cable) and can cut all tunnels after
 * a number of bytes (a cable pulled mid-transfer).
 */
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';

/** Bytes a direction may send ahead of its schedule, so small messages are not delayed. */
const BURST_BYTES = 256 * 1024;
/** Largest piece paced at once, so a throttled transfer flows evenly. */
const PACE_CHUNK = 64 * 1024;

/** One device's cable: bandwidth pacing and the "fail after N bytes" fault, shared by its tunnels. */
export class DeviceLink {
  private readonly tunnels = new Set<Tunnel>();
  private failBudget: number | undefined;
  private readonly schedule = { in: 0, out: 0 };

  /** @param rate current cap in bytes per second (read on every chunk, so it can change live). */
  constructor(private readonly rate: () => number | undefined) {}

  /** Arms the fault: after `bytes` more bytes (both directions, all tunnels) every tunnel is cut. */
  failAfterBytes(bytes: number | null): void {
    this.failBudget = bytes === null ? undefined : Math.max(0, bytes);
  }

  /** Opens a tunnel over a usbmuxd client socket; returns the device's end. */
  open(client: Socket, early: Buffer): Duplex {
    const tunnel = new Tunnel(client, this, early);
    this.tunnels.add(tunnel);
    tunnel.once('close', () => this.tunnels.delete(tunnel));
    return tunnel;
  }

  /** Cuts every open tunnel (unplug, fault). */
  cutAll(): void {
    for (const tunnel of this.tunnels) tunnel.cut();
  }

  /**
   * Charges `bytes` against the fault budget. Returns how many of them may still pass; when that is
   * fewer than asked, the caller passes them and then the link cuts every tunnel.
   */
  charge(bytes: number): number {
    if (this.failBudget === undefined) return bytes;
    const allowed = Math.min(bytes, this.failBudget);
    this.failBudget -= allowed;
    return allowed;
  }

  /** Whether the fault budget is used up (then the caller cuts and the fault disarms: it is one-shot). */
  exhausted(): boolean {
    if (this.failBudget !== 0) return false;
    this.failBudget = undefined;
    return true;
  }

  /** Waits until `bytes` may travel in `direction` under the bandwidth cap. */
  async pace(direction: 'in' | 'out', bytes: number): Promise<void> {
    const rate = this.rate();
    if (!rate || rate <= 0) return;
    const now = Date.now();
    const start = Math.max(now, this.schedule[direction]);
    this.schedule[direction] = start + (bytes / rate) * 1000;
    const wait = this.schedule[direction] - now - (BURST_BYTES / rate) * 1000;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** The device's end of one tunnel: a Duplex whose other end is the host's usbmuxd socket. */
class Tunnel extends Duplex {
  private pumping = false;
  private wantsData = false;
  /** Inbound chunks are paced one after the other; the end of input waits behind them. */
  private inbound: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: Socket,
    private readonly link: DeviceLink,
    early: Buffer,
  ) {
    super({ allowHalfOpen: true });
    client.pause();
    client.on('data', (chunk: Buffer) => {
      // Paused until this chunk is paced and taken by the device side (backpressure).
      client.pause();
      this.pumping = true;
      this.enqueue(() => this.fromHost(chunk));
    });
    let ended = false;
    client.on('end', () => {
      ended = true;
      this.enqueue(async () => void this.push(null));
    });
    // A vanished host must never crash the device: socket errors just close the tunnel.
    client.on('error', () => this.destroy());
    // After a clean end the device side still gets the paced bytes in flight; otherwise it is cut.
    client.on('close', () => {
      if (!ended) this.destroy();
    });
    this.on('error', () => undefined);
    if (early.length > 0) this.enqueue(() => this.fromHost(early));
  }

  /** Ends both sides at once, as when the cable is pulled. */
  cut(): void {
    this.client.destroy();
    this.destroy();
  }

  override _read(): void {
    this.wantsData = true;
    if (!this.pumping) this.client.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    void this.toHost(chunk).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.client.end(() => callback());
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.client.destroy();
    callback(error);
  }

  private enqueue(step: () => Promise<void>): void {
    this.inbound = this.inbound.then(step).catch(() => {
      this.destroy();
    });
  }

  private async fromHost(chunk: Buffer): Promise<void> {
    this.pumping = true;
    for (const piece of this.split(chunk)) {
      await this.link.pace('in', piece.length);
      if (this.destroyed) return;
      this.wantsData = this.push(piece);
    }
    this.pumping = false;
    if (this.link.exhausted()) {
      this.link.cutAll();
      return;
    }
    if (this.wantsData) this.client.resume();
  }

  private async toHost(chunk: Buffer): Promise<void> {
    for (const piece of this.split(chunk)) {
      await this.link.pace('out', piece.length);
      if (this.client.destroyed) throw new Error('connection closed');
      if (!this.client.write(piece)) {
        await new Promise<void>((resolve, reject) => {
          const done = (): void => {
            this.client.off('drain', done);
            this.client.off('close', done);
            if (this.client.destroyed) reject(new Error('connection closed'));
            else resolve();
          };
          this.client.on('drain', done);
          this.client.on('close', done);
        });
      }
    }
    if (this.link.exhausted()) {
      this.link.cutAll();
      throw new Error('connection cut');
    }
  }

  /** Splits a chunk for pacing and charges it to the fault budget (dropping what is past the budget). */
  private split(chunk: Buffer): Buffer[] {
    const allowed = this.link.charge(chunk.length);
    const pieces: Buffer[] = [];
    for (let offset = 0; offset < allowed; offset += PACE_CHUNK) {
      pieces.push(chunk.subarray(offset, Math.min(allowed, offset + PACE_CHUNK)));
    }
    return pieces;
  }
}
