/**
 * Live device list: usbmuxd's Listen, with reconnection when usbmuxd restarts or is not there yet.
 * usbmuxd answers Listen with an Attached event for every device already connected, so after a reconnect
 * the watcher reports every known device detached and lets the new Attached events rebuild the list.
 */
import type { Socket } from 'node:net';
import { CradleError } from '../../../shared/errors.ts';
import type { UsbmuxAddress } from './address.ts';
import { parseUsbmuxDevice, type UsbmuxDevice } from './client.ts';
import { encodeUsbmuxPacket, UsbmuxPacketDecoder } from './packet.ts';
import { openUsbmuxSocket } from './request.ts';

/** What a watcher reports. */
export type UsbmuxEvent =
  | { type: 'attached'; device: UsbmuxDevice }
  | { type: 'detached'; deviceId: number }
  | { type: 'paired'; deviceId: number }
  | { type: 'available' }
  | { type: 'unavailable'; error: CradleError };

/** Options of a watcher. */
export interface WatchOptions {
  /** First retry delay after usbmuxd went away; doubles up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
}

/** A running watcher; stop() ends it and closes its connection. */
export interface DeviceWatcher {
  stop(): void;
}

/** Watches usbmuxd for devices until stopped. */
export function watchUsbmuxDevices(
  address: UsbmuxAddress,
  onEvent: (event: UsbmuxEvent) => void,
  options: WatchOptions = {},
): DeviceWatcher {
  const retryMs = options.retryMs ?? 500;
  const maxRetryMs = options.maxRetryMs ?? 5000;
  const attached = new Set<number>();
  let stopped = false;
  let socket: Socket | undefined;
  let timer: NodeJS.Timeout | undefined;
  let delay = retryMs;
  let reportedUnavailable = false;

  const dropAll = () => {
    for (const deviceId of attached) onEvent({ type: 'detached', deviceId });
    attached.clear();
  };

  const scheduleRetry = (error: CradleError) => {
    socket = undefined;
    dropAll();
    if (stopped) return;
    if (!reportedUnavailable) onEvent({ type: 'unavailable', error });
    reportedUnavailable = true;
    timer = setTimeout(() => void connect(), delay);
    delay = Math.min(delay * 2, maxRetryMs);
  };

  const handle = (body: Record<string, unknown>) => {
    switch (body.MessageType) {
      case 'Result':
        if (Number(body.Number) !== 0) throw new CradleError('PROTOCOL', 'usbmuxd refused to report devices.', body);
        delay = retryMs;
        reportedUnavailable = false;
        onEvent({ type: 'available' });
        return;
      case 'Attached': {
        const device = parseUsbmuxDevice(body);
        if (!device) return;
        attached.add(device.deviceId);
        onEvent({ type: 'attached', device });
        return;
      }
      case 'Detached': {
        const deviceId = Number(body.DeviceID);
        if (attached.delete(deviceId)) onEvent({ type: 'detached', deviceId });
        return;
      }
      case 'Paired':
        onEvent({ type: 'paired', deviceId: Number(body.DeviceID) });
        return;
      default:
    }
  };

  async function connect(): Promise<void> {
    let current: Socket;
    try {
      current = await openUsbmuxSocket(address, { timeoutMs: 3000 });
    } catch (error) {
      scheduleRetry(error as CradleError);
      return;
    }
    if (stopped) {
      current.destroy();
      return;
    }
    socket = current;
    const decoder = new UsbmuxPacketDecoder();
    let failed: CradleError | undefined;
    current.on('data', (chunk: Buffer) => {
      try {
        for (const packet of decoder.push(chunk)) handle(packet.body);
      } catch (error) {
        failed = error instanceof CradleError ? error : new CradleError('PROTOCOL', String(error));
        current.destroy();
      }
    });
    current.on('error', () => {});
    current.on('close', () => {
      if (socket === current) scheduleRetry(failed ?? new CradleError('USBMUXD_UNAVAILABLE', 'usbmuxd went away.'));
    });
    current.write(encodeUsbmuxPacket({ MessageType: 'Listen' }, 1));
  }

  void connect();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      socket?.destroy();
      socket = undefined;
    },
  };
}
