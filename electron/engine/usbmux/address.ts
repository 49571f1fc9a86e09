/**
 * Where usbmuxd listens: USBMUXD_SOCKET_ADDRESS (`UNIX:/path` or `host:port`, as libusbmuxd reads it),
 * else the platform default (a UNIX socket on macOS and Linux, TCP 27015 on Windows).
 */
import { CradleError } from '../../../shared/errors.ts';

/** A parsed usbmuxd address. */
export type UsbmuxAddress =
  | { kind: 'unix'; path: string; source: 'env' | 'default' }
  | { kind: 'tcp'; host: string; port: number; source: 'env' | 'default' };

/** Resolves the usbmuxd address for this process. */
export function resolveUsbmuxAddress(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): UsbmuxAddress {
  const configured = env.USBMUXD_SOCKET_ADDRESS?.trim();
  if (configured) return parseUsbmuxAddress(configured);
  return platform === 'win32'
    ? { kind: 'tcp', host: '127.0.0.1', port: 27015, source: 'default' }
    : { kind: 'unix', path: '/var/run/usbmuxd', source: 'default' };
}

/**
 * Parses `UNIX:/path` or `host:port`.
 * @throws CradleError VALIDATION for anything else.
 */
export function parseUsbmuxAddress(text: string): UsbmuxAddress {
  if (text.startsWith('UNIX:')) {
    const path = text.slice('UNIX:'.length);
    if (path) return { kind: 'unix', path, source: 'env' };
  } else {
    const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(text);
    const port = match ? Number(match[2]) : NaN;
    if (match && port > 0 && port < 65536) return { kind: 'tcp', host: match[1]!.replace(/^\[|\]$/g, ''), port, source: 'env' };
  }
  throw new CradleError(
    'VALIDATION',
    `USBMUXD_SOCKET_ADDRESS is set to "${text}", which is neither UNIX:/path nor host:port. Fix or unset it.`,
  );
}

/** The address as libusbmuxd writes it. */
export function formatUsbmuxAddress(address: UsbmuxAddress): string {
  return address.kind === 'unix' ? `UNIX:${address.path}` : `${address.host}:${address.port}`;
}

/** What to do when no usbmuxd answers, for this platform. */
export function usbmuxdHint(platform: NodeJS.Platform = process.platform): string {
  switch (platform) {
    case 'win32':
      return 'Install Apple Devices from the Microsoft Store (or iTunes), then reconnect the device.';
    case 'darwin':
      return 'usbmuxd is part of macOS: restart the Mac if devices do not appear, or check USBMUXD_SOCKET_ADDRESS.';
    default:
      return 'Install and start usbmuxd (for example: sudo apt install usbmuxd), then reconnect the device.';
  }
}
