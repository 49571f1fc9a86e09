/**
 * A minimal usbmuxd peer for tests that only need "something answers ListDevices" (or answers badly).
 * Written here, independently of the engine's usbmux code, so it cannot share its mistakes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** How the peer answers. */
export type FakeUsbmuxdMode = 'device-list' | 'garbage' | 'silent';

/** A running fake usbmuxd. */
export interface FakeUsbmuxd {
  address: string;
  close(): Promise<void>;
}

const EMPTY_LIST =
  '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict><key>DeviceList</key><array/></dict></plist>';

/** Starts a fake usbmuxd on a UNIX socket in a temp folder. */
export async function startFakeUsbmuxd(mode: FakeUsbmuxdMode): Promise<FakeUsbmuxd> {
  const dir = mkdtempSync(join(tmpdir(), 'cradle-fake-usbmuxd-'));
  const path = join(dir, 'usbmuxd');
  const server: Server = createServer((socket) => {
    socket.on('error', () => socket.destroy());
    socket.once('data', (request) => {
      if (mode === 'silent') return;
      if (mode === 'garbage') {
        socket.end(Buffer.from('this is not usbmuxd'));
        return;
      }
      const body = Buffer.from(EMPTY_LIST);
      const header = Buffer.alloc(16);
      header.writeUInt32LE(16 + body.length, 0);
      header.writeUInt32LE(1, 4);
      header.writeUInt32LE(8, 8);
      header.writeUInt32LE(request.readUInt32LE(12), 12);
      socket.write(Buffer.concat([header, body]));
    });
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    address: `UNIX:${path}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
