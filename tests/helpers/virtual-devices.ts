/**
 * Starts in-process virtual devices on a temp socket for engine and CLI tests, and cleans them up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVirtualDevices, type VirtualDeviceOptions, type VirtualDeviceServer } from '../virtual-device/server.ts';

/** A running set of virtual devices with its temp folder. */
export interface TestDevices {
  server: VirtualDeviceServer;
  udids: string[];
  close(): Promise<void>;
}

/** Starts virtual devices (default: one personal device, Trust accepted automatically). */
export async function startTestDevices(options: Partial<VirtualDeviceOptions> = {}): Promise<TestDevices> {
  const dir = mkdtempSync(join(tmpdir(), 'cradle-vd-'));
  const server = await startVirtualDevices({ socketPath: join(dir, 'usbmuxd'), stateDir: join(dir, 'state'), lowIterations: true, ...options });
  return {
    server,
    udids: server.devices.map((device) => device.udid),
    close: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
