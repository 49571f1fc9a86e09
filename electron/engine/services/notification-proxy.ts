/**
 * com.apple.mobile.notification_proxy: post Darwin notifications to the device and hear the ones it
 * relays (the person cancelled the sync, a passcode prompt is showing). Written on our plist channel:
 * appium's client throws inside its stream handler on an unknown message, which would crash the process.
 */
import type { Duplex } from 'node:stream';
import { PlistChannel } from '../lockdown/plist-channel.ts';

/** The notification proxy service name. */
export const NOTIFICATION_PROXY_SERVICE = 'com.apple.mobile.notification_proxy';

/** A notification proxy connection. */
export class NotificationProxy {
  private readonly channel: PlistChannel;
  private readonly listeners = new Set<(name: string) => void>();
  private closed = false;
  /** Settles when the connection has ended (closed by us, the device, or a pulled cable); never rejects. */
  readonly ended: Promise<void>;

  constructor(stream: Duplex) {
    this.channel = new PlistChannel(stream, 'xml');
    this.ended = this.readLoop();
  }

  /** Posts a notification on the device. */
  post(name: string): Promise<void> {
    return this.channel.send({ Command: 'PostNotification', Name: name });
  }

  /** Asks the device to relay a notification to us. */
  observe(name: string): Promise<void> {
    return this.channel.send({ Command: 'ObserveNotification', Name: name });
  }

  /** Calls `listener` with the name of every relayed notification; returns the unsubscribe function. */
  onNotification(listener: (name: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Ends the proxy politely and closes the connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.channel.send({ Command: 'Shutdown' }).catch(() => undefined);
    this.channel.close();
  }

  private async readLoop(): Promise<void> {
    try {
      for (;;) {
        const message = await this.channel.receiveDict();
        if (message.Command === 'RelayNotification' && typeof message.Name === 'string') {
          for (const listener of this.listeners) listener(message.Name);
        }
        if (message.Command === 'ProxyDeath') return;
      }
    } catch {
      // The connection ended; whoever needs it notices on their next request.
    }
  }
}
