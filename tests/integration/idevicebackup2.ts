/**
 * Helpers of the backup and restore interop tests: runs idevicebackup2 (and idevicepair) against virtual
 * devices with a timeout that kills a hung run, and reads the backup folder it leaves.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runTool } from '../helpers/fixture.ts';
import type { VirtualDeviceServer } from '../virtual-device/server.ts';

/** Exit code and combined output of a run. */
export interface RunResult {
  code: number | null;
  output: string;
}

/** Runs a libimobiledevice tool against the server's usbmuxd socket (killed when it hangs). */
export async function runIdevice(server: VirtualDeviceServer, command: string, args: readonly string[]): Promise<RunResult> {
  const result = await runTool(server, command, args);
  return { code: result.code, output: result.stdout + result.stderr };
}

/** Runs a tool and asserts it exited 0. */
export async function runOk(server: VirtualDeviceServer, command: string, args: readonly string[]): Promise<string> {
  const result = await runIdevice(server, command, args);
  assert.equal(result.code, 0, `${command} ${args.join(' ')}:\n${result.output.slice(-3000)}`);
  return result.output;
}

/** Pairs the host with every device of the server. */
export async function pairAll(server: VirtualDeviceServer): Promise<void> {
  for (const device of server.devices) await runOk(server, 'idevicepair', ['-u', device.udid, 'pair']);
}

/** Inode of every data file of a backup, by `xx/fileID`. */
export function dataFileInodes(backupDir: string): Map<string, number> {
  const inodes = new Map<string, number>();
  for (const prefix of fs.readdirSync(backupDir)) {
    if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
    for (const name of fs.readdirSync(path.join(backupDir, prefix))) inodes.set(`${prefix}/${name}`, fs.statSync(path.join(backupDir, prefix, name)).ino);
  }
  return inodes;
}
