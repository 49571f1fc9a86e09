/**
 * What `app:info` and `cradle doctor` report about this installation.
 */

/** How Cradle reaches usbmuxd, and whether it answered. */
export interface UsbmuxdStatus {
  /** The address in use, as `UNIX:/path` or `host:port`. */
  address: string;
  /** Where the address came from: USBMUXD_SOCKET_ADDRESS, or this platform's default. */
  source: 'env' | 'default';
  /** True when a usbmuxd answered a request at that address. */
  reachable: boolean;
  /** When not reachable: what to do, for this platform. */
  hint?: string;
  /** When not reachable: the low-level reason (for a Details disclosure). */
  error?: string;
}

/** Version, platform and device-service status of this Cradle. */
export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  arch: string;
  /** Runtime versions: node, and electron when running inside the app. */
  versions: { node: string; electron?: string; chrome?: string };
  usbmuxd: UsbmuxdStatus;
}
