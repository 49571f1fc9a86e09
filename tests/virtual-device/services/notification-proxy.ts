/**
 * com.apple.mobile.notification_proxy: hosts post and observe Darwin notifications on the device
 * (PostNotification, ObserveNotification, Shutdown → ProxyDeath; observed names arrive as
 * RelayNotification). The device itself posts too, e.g. `syncCancelRequest` when the user cancels a sync.
 */
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import { trace } from '../debug-log.ts';
import { StreamReader, writePlistMessage } from '../framing.ts';
import type { ServiceDefinition, VirtualDevice } from '../types.ts';

/** Listener of notifications posted on a device (by a host or by the device). */
export type NotificationListener = (name: string, source: 'host' | 'device') => void;

const centers = new WeakMap<VirtualDevice, EventEmitter>();

function centerOf(device: VirtualDevice): EventEmitter {
  let center = centers.get(device);
  if (!center) {
    center = new EventEmitter();
    center.setMaxListeners(0);
    centers.set(device, center);
  }
  return center;
}

/** Posts a notification on the device as the device would (relayed to hosts observing it). */
export function postDeviceNotification(device: VirtualDevice, name: string): void {
  centerOf(device).emit('notification', name, 'device');
}

/** Calls `listener` for every notification posted on the device; returns the unsubscribe function. */
export function onDeviceNotification(device: VirtualDevice, listener: NotificationListener): () => void {
  const center = centerOf(device);
  center.on('notification', listener);
  return () => center.off('notification', listener);
}

async function serve(socket: Duplex, device: VirtualDevice): Promise<void> {
  const reader = new StreamReader(socket);
  const observed = new Set<string>();
  const unsubscribe = onDeviceNotification(device, (name) => {
    if (observed.has(name)) writePlistMessage(socket, { Command: 'RelayNotification', Name: name }, 'xml').catch(() => undefined);
  });
  try {
    for (;;) {
      const message = (await reader.readPlist()) as Record<string, unknown> | undefined;
      if (message === undefined) return;
      const name = message.Name;
      trace('notification_proxy', `${String(message.Command)} ${typeof name === 'string' ? name : ''}`);
      switch (message.Command) {
        case 'ObserveNotification':
          if (typeof name === 'string') observed.add(name);
          break;
        case 'PostNotification':
          if (typeof name === 'string') centerOf(device).emit('notification', name, 'host');
          break;
        case 'Shutdown':
          await writePlistMessage(socket, { Command: 'ProxyDeath' }, 'xml');
          socket.end();
          return;
        default:
          break;
      }
    }
  } finally {
    unsubscribe();
  }
}

function handle(socket: Duplex, device: VirtualDevice): void {
  serve(socket, device).catch(() => socket.destroy());
}

/** The notification proxy service. */
export const notificationProxyService: ServiceDefinition = {
  name: 'com.apple.mobile.notification_proxy',
  ssl: false,
  handle,
};

/** The same proxy under the name hosts use for it when unpaired-capable (iOS 5+). */
export const insecureNotificationProxyService: ServiceDefinition = {
  name: 'com.apple.mobile.insecure_notification_proxy',
  ssl: false,
  handle,
};
