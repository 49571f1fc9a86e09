/**
 * Test fixture: a fresh virtual device server in a temporary folder, and a runner for the Debian
 * libimobiledevice tools pointed at it.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startVirtualDevices, type VirtualDeviceOptions, type VirtualDeviceServer } from '../virtual-device/server.ts';

/** How long one tool run may take before it is killed (a hang fails the test). */
const TOOL_TIMEOUT_MS = 120_000;

/**
 * Why libimobiledevice's tools cannot be used here, or false when they can. Tests that need them skip
 * with this reason; in CI a missing peer tool is a failure, so this throws there.
 */
export const peerToolsMissing: string | false = (() => {
  const found = spawnSync('sh', ['-c', 'command -v idevice_id && command -v ideviceinfo && command -v idevicepair && command -v idevicebackup2']).status === 0;
  if (found) return false;
  const reason = 'libimobiledevice-utils is not installed (apt-get install libimobiledevice-utils)';
  if (process.env.CI) throw new Error(`${reason}; in CI a missing peer tool is a failure`);
  return reason;
})();

/** A running fixture; `close` stops the server and removes the folder. */
export interface Fixture {
  dir: string;
  server: VirtualDeviceServer;
  close(): Promise<void>;
}

/** Starts virtual devices on a fresh socket and state folder. */
export async function startFixture(options: Partial<VirtualDeviceOptions> = {}, dir?: string): Promise<Fixture> {
  const base = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cradle-vd-'));
  const server = await startVirtualDevices({
    socketPath: path.join(base, 'usbmuxd.sock'),
    stateDir: path.join(base, 'state'),
    lowIterations: true,
    ...options,
  });
  return {
    dir: base,
    server,
    async close() {
      await server.stop();
      if (!dir) fs.rmSync(base, { recursive: true, force: true });
    },
  };
}

/** Output of a tool run. */
export interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a libimobiledevice tool against the fixture's usbmuxd socket. */
export function runTool(server: Pick<VirtualDeviceServer, 'address'>, command: string, args: readonly string[]): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, USBMUXD_SOCKET_ADDRESS: server.address },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} timed out\n${stdout}\n${stderr}`));
    }, TOOL_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
