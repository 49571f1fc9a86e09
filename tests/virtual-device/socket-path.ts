/**
 * The UNIX socket paths the virtual device serves (usbmuxd, its control socket, the processes of
 * `--processes`).
 */
import fs from 'node:fs';
import type net from 'node:net';

/** Listens on `socketPath` (a stale socket file from a crashed run is replaced). */
export async function listenOnPath(server: net.Server, socketPath: string): Promise<void> {
  fs.rmSync(socketPath, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
