/**
 * Virtual devices in a child process (`tests/virtual-device/main.ts`), so load tests measure the host's
 * memory, descriptors and event loop alone; and an independent check that a backup folder holds exactly
 * what a device's store holds, byte for byte (read from the device's state folder, not through the engine).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sendControl, type ControlReply } from '../virtual-device/control-client.ts';
import { parseMetadata } from '../virtual-device/store-format.ts';
import { confinedPath } from '../virtual-device/store-paths.ts';
import type { DeviceFileEntry } from '../virtual-device/types.ts';

const root = new URL('../..', import.meta.url).pathname;

/** Options of {@link spawnDeviceProcess}: the CLI's flags. */
export interface DeviceProcessOptions {
  /** Folder for the socket and the state (kept: the caller removes it). */
  dir: string;
  devices?: number;
  files?: number;
  dataMb?: number;
  /** Processes the devices run in (the CLI's `--processes`). */
  processes?: number;
  /** How long starting (content generation included) may take. */
  readyTimeoutMs?: number;
}

/** A running device process. */
export interface DeviceProcess {
  /** usbmuxd address for USBMUXD_SOCKET_ADDRESS. */
  address: string;
  udids: string[];
  stateDir: string;
  pid: number;
  /** Sends a control command (README: Control). */
  control(request: Record<string, unknown>): Promise<ControlReply>;
  /** Stops the process (SIGTERM, then SIGKILL after 10 s). */
  stop(): Promise<void>;
}

/** Starts `main.ts` with the options; resolves at its `ready` line. */
export async function spawnDeviceProcess(options: DeviceProcessOptions): Promise<DeviceProcess> {
  const socketPath = path.join(options.dir, 'usbmuxd.sock');
  const stateDir = path.join(options.dir, 'state');
  const args = ['--import', 'tsx', path.join(root, 'tests/virtual-device/main.ts'), '--socket', socketPath, '--state', stateDir, '--fast-kdf',
    '--devices', String(options.devices ?? 1)];
  if (options.files !== undefined) args.push('--files', String(options.files));
  if (options.dataMb !== undefined) args.push('--data-mb', String(options.dataMb));
  if (options.processes !== undefined) args.push('--processes', String(options.processes));
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  const ready = await waitForReady(child, options.readyTimeoutMs ?? 120_000, () => stderr).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  const [, address, ...udids] = ready.split(' ');
  return {
    address: address as string,
    udids,
    stateDir,
    pid: child.pid as number,
    control: (request) => sendControl(`${socketPath}.control`, request),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function waitForReady(child: ChildProcess, timeoutMs: number, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the virtual device did not start within ${timeoutMs} ms\n${stderr()}`)), timeoutMs);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('ready '));
      if (!line) return;
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the virtual device exited (${code}) before it was ready\n${stderr()}`));
    });
  });
}

/** A device's saved content: entries and where their bytes are. */
export interface SavedStore {
  entries: DeviceFileEntry[];
  pathOf(entry: DeviceFileEntry): string;
}

/** Reads a device's store from the process's state folder (store.json + files/), without opening it. */
export function savedStore(stateDir: string, udid: string): SavedStore {
  const base = path.join(stateDir, 'devices', udid, 'store');
  const { entries } = parseMetadata(fs.readFileSync(path.join(base, 'store.json'), 'utf8'));
  return { entries, pathOf: (entry) => confinedPath(path.join(base, 'files'), entry.domain, entry.relativePath) };
}

const sha1 = (data: Buffer | string): string => createHash('sha1').update(data).digest('hex');

/** How a backup compares with a device's content. */
export interface BackupComparison {
  /** Files the device has that an unencrypted backup must hold. */
  expected: number;
  /** Of those, files in the backup with the device's exact bytes. */
  matching: number;
  /** Device files missing from the backup or with other bytes (domain/path). */
  wrong: string[];
  /** Files in the backup's Manifest.db the device does not have (another device's, or stale). */
  extra: string[];
  /** SHA-1 of each expected file's bytes, by domain/path (to tell devices apart). */
  digests: Map<string, string>;
}

/**
 * Compares an unencrypted backup with a device's content: every file the device backs up (not excluded,
 * not encrypted-only, not the keychain) is in Manifest.db and its data file has the same bytes, and
 * Manifest.db lists no file the device lacks.
 */
export function compareBackup(backupDir: string, store: SavedStore): BackupComparison {
  const expectedEntries = store.entries.filter((e) => e.kind === 'file' && !e.excludedFromBackup && !e.encryptedOnly && e.domain !== 'KeychainDomain');
  const db = new Database(path.join(backupDir, 'Manifest.db'), { readonly: true });
  const rows = db.prepare('SELECT fileID, domain, relativePath FROM Files WHERE flags = 1').all() as { fileID: string; domain: string; relativePath: string }[];
  db.close();
  const listed = new Map(rows.map((row) => [`${row.domain}/${row.relativePath}`, row.fileID]));
  const wrong: string[] = [];
  const digests = new Map<string, string>();
  let matching = 0;
  for (const entry of expectedEntries) {
    const key = `${entry.domain}/${entry.relativePath}`;
    const fileID = listed.get(key);
    listed.delete(key);
    const digest = sha1(fs.readFileSync(store.pathOf(entry)));
    digests.set(key, digest);
    const dataPath = fileID ? path.join(backupDir, fileID.slice(0, 2), fileID) : undefined;
    if (fileID === sha1(`${entry.domain}-${entry.relativePath}`) && dataPath && fs.existsSync(dataPath) && sha1(fs.readFileSync(dataPath)) === digest) matching++;
    else wrong.push(key);
  }
  return { expected: expectedEntries.length, matching, wrong, extra: [...listed.keys()], digests };
}
