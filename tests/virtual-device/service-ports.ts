/**
 * Ports a device opens for StartService: each accepts one usbmuxd Connect, like lockdownd's
 * per-service listeners, and closes if nobody connects in time.
 */
import { randomInt } from 'node:crypto';
import type { TlsCredentials } from './tls-server.ts';
import type { ServiceDefinition } from './types.ts';

/** A started service waiting for its connection. */
export interface OpenService {
  definition: ServiceDefinition;
  /** Present when the service asked for SSL: the session's credentials. */
  tls?: TlsCredentials;
}

/** How long a started service waits for the host to connect. */
const PORT_TIMEOUT_MS = 60_000;

/** The service ports of one device. */
export class ServicePorts {
  private readonly open = new Map<number, { service: OpenService; timer: NodeJS.Timeout }>();

  /** Opens a port for `service`; returns its number. */
  add(service: OpenService): number {
    let port: number;
    do port = randomInt(49152, 65536);
    while (this.open.has(port) || port === 62078);
    const timer = setTimeout(() => this.open.delete(port), PORT_TIMEOUT_MS);
    timer.unref();
    this.open.set(port, { service, timer });
    return port;
  }

  /** Takes the service waiting on `port` (the port closes: one connection per StartService). */
  take(port: number): OpenService | undefined {
    const entry = this.open.get(port);
    if (!entry) return undefined;
    clearTimeout(entry.timer);
    this.open.delete(port);
    return entry.service;
  }

  /** Closes every port (unplug, shutdown). */
  clear(): void {
    for (const entry of this.open.values()) clearTimeout(entry.timer);
    this.open.clear();
  }
}
