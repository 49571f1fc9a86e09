/**
 * Hears a device being renamed by anyone: lockdownd posts `com.apple.mobile.lockdown.device_name_changed`
 * through the notification proxy whatever changed the name (this app, another program, the person in
 * Settings). One observer per trusted connected device; it ends with the connection.
 */
import type { LockdownSession } from '../lockdown/session.ts';
import { connectService } from '../lockdown/session.ts';
import { NOTIFICATION_PROXY_SERVICE, NotificationProxy } from '../services/notification-proxy.ts';
import type { UsbmuxClient } from '../usbmux/client.ts';

/** The Darwin notification lockdownd posts when DeviceName changes. */
export const DEVICE_NAME_CHANGED = 'com.apple.mobile.lockdown.device_name_changed';

/** A running observer. */
export interface NameObserver {
  /** Settles when the observer has stopped (closed, or the device went away); never rejects. */
  readonly ended: Promise<void>;
  close(): Promise<void>;
}

/** Starts observing renames in a session; `onRename` is called for each (it must not throw). */
export async function observeDeviceName(usbmux: UsbmuxClient, session: LockdownSession, onRename: () => void): Promise<NameObserver> {
  const proxy = new NotificationProxy(await connectService(usbmux, session, NOTIFICATION_PROXY_SERVICE));
  try {
    proxy.onNotification((name) => {
      if (name === DEVICE_NAME_CHANGED) onRename();
    });
    await proxy.observe(DEVICE_NAME_CHANGED);
  } catch (error) {
    await proxy.close();
    throw error;
  }
  return { ended: proxy.ended, close: () => proxy.close() };
}
