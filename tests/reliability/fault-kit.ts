/**
 * Fault-matrix kit: the `cradle` CLI as a child process followed through its JSON events, stopping a
 * virtual device process (tests/helpers/device-process.ts) as a crash or a usbmuxd restart, the points of a
 * job where a fault is injected, and the checks every fault ends with (previous backup byte-identical,
 * `backups verify`, idevicebackup2 restores it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startBackup } from '../../electron/engine/api/backup-handlers.ts';
import type { Engine } from '../../electron/engine/api/handlers.ts';
import type { ErrorPayload } from '../../shared/errors.ts';
import type { JobEvent } from '../../shared/jobs.ts';
import { fingerprint } from '../helpers/fingerprint.ts';
import { compareBackup, savedStore, type DeviceProcess } from '../helpers/device-process.ts';

const root = new URL('../..', import.meta.url).pathname;

/** A child process that does not end within this is killed and the test fails (a hang is a failure). */
const RUN_TIMEOUT_MS = 90_000;

/** How a child process ended, with its output. */
export interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running child with its output collected; `ended` rejects when it outlives the timeout. */
export interface Running {
  child: ChildProcess;
  ended: Promise<Ended>;
}

/** Spawns `command`; `onLine` sees every line of standard output as it arrives. */
export function spawnChild(command: string, args: readonly string[], env: Record<string, string>, onLine?: (line: string) => void): Running {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let pending = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    pending += chunk;
    for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n')) {
      onLine?.(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const ended = new Promise<Ended>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not end within ${RUN_TIMEOUT_MS} ms\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`));
    }, RUN_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, ended };
}

/** `cradle <args>` against `address`; `onEvent` sees each job event of `--json` output as it arrives. */
export function startCradle(address: string, args: readonly string[], onEvent?: (event: JobEvent) => void, env: Record<string, string> = {}): Running {
  return spawnChild(process.execPath, [path.join(root, 'bin/cradle.mjs'), ...args], { USBMUXD_SOCKET_ADDRESS: address, ...env }, (line) => {
    if (!onEvent || !line.startsWith('{')) return;
    const event = JSON.parse(line) as JobEvent;
    if (typeof event.jobId === 'string') onEvent(event);
  });
}

/** The error a `--json` CLI run printed on standard error, if any. */
export function cliError(ended: Ended): ErrorPayload | undefined {
  const line = ended.stderr.trim().split('\n').reverse().find((text) => text.startsWith('{"error"'));
  return line ? (JSON.parse(line) as { error: ErrorPayload }).error : undefined;
}

/** Error codes that tell the person what happened to the device (never PROTOCOL or INTERNAL). */
export const DEVICE_GONE_CODES: readonly string[] = ['DEVICE_DISCONNECTED', 'DEVICE_NOT_FOUND', 'USBMUXD_UNAVAILABLE'];

/** Stops a device process with `signal` (SIGKILL: a crash; SIGTERM: usbmuxd shut down in order) and waits for it. */
export async function stopDevice(device: DeviceProcess, signal: NodeJS.Signals): Promise<void> {
  try {
    process.kill(device.pid, signal);
  } catch {
    // Already gone.
  }
  await device.stop();
}

/** Pairs this host with every device of a device process (idevicepair, as a person would). */
export async function pairEvery(device: DeviceProcess): Promise<void> {
  for (const udid of device.udids) {
    const paired = await spawnChild('idevicepair', ['-u', udid, 'pair'], { USBMUXD_SOCKET_ADDRESS: device.address }).ended;
    if (paired.code !== 0) throw new Error(`idevicepair ${udid}: ${paired.stdout}${paired.stderr}`);
  }
}

/** A place in a job where a fault is injected, recognised from the job's events. */
export interface FaultPoint {
  name: string;
  reached(event: JobEvent): boolean;
}

/** The job entered `phase`. */
export function atPhase(phase: string): FaultPoint {
  return { name: `at "${phase}"`, reached: (event) => event.type === 'phase' && event.phase === phase };
}

/** `share` (0–1) of the transfer's bytes are done (known once the device announced its total). */
export function atShare(share: number): FaultPoint {
  return {
    name: `at ${Math.round(share * 100)}% of the transfer`,
    reached: (event) => event.type === 'progress' && event.progress.bytesTotal !== undefined && event.progress.bytesDone >= share * event.progress.bytesTotal,
  };
}

/** Calls `inject` once, at the first event that reaches `point`; `fired()` says whether it did. */
export function once(point: FaultPoint, inject: () => void): { onEvent: (event: JobEvent) => void; fired: () => boolean } {
  let fired = false;
  return {
    onEvent: (event) => {
      if (fired || !point.reached(event)) return;
      fired = true;
      inject();
    },
    fired: () => fired,
  };
}

/** Only the data files of a fingerprint (`xx/<fileID>`): what a complete backup of unchanged content repeats. */
export function dataFiles(prints: Map<string, string>): Map<string, string> {
  return new Map([...prints].filter(([name]) => /^[0-9a-f]{2}[/\\][0-9a-f]{40}$/.test(name)));
}

/**
 * What is wrong with a device's backup folder after a fault: its files changed against `good`, something
 * besides the backup left in `dir` (staging, half-swapped folders). Empty when intact.
 */
export function damageOf(dir: string, udid: string, good: Map<string, string>): string[] {
  const problems: string[] = [];
  const now = fingerprint(path.join(dir, udid));
  for (const [name, hash] of good) if (now.get(name) !== hash) problems.push(`${name} ${now.has(name) ? 'changed' : 'missing'}`);
  for (const name of now.keys()) if (!good.has(name)) problems.push(`${name} added`);
  const left = fs.readdirSync(dir).filter((name) => name !== udid);
  if (left.length > 0) problems.push(`left in the backup folder: ${left.join(', ')}`);
  return problems;
}

/** `cradle backups verify`: the problems it reports (empty when the backup is whole). */
export async function verifyProblems(address: string, backup: string): Promise<string[]> {
  const ended = await startCradle(address, ['backups', 'verify', backup, '--json']).ended;
  return ended.code === 0 ? [] : [`backups verify exit ${ended.code}: ${ended.stdout.slice(-1500)}${ended.stderr.slice(-500)}`];
}

/** idevicebackup2 restores `source`'s backup in `dir` onto `target`; the problem when it does not. */
export async function peerRestoreProblems(address: string, target: string, source: string, dir: string): Promise<string[]> {
  const ended = await spawnChild('idevicebackup2', ['-u', target, '-s', source, 'restore', '--system', dir], { USBMUXD_SOCKET_ADDRESS: address }).ended;
  const output = ended.stdout + ended.stderr;
  return ended.code === 0 && /Restore Successful/.test(output) ? [] : [`idevicebackup2 restore failed (${ended.code}): ${output.slice(-1500)}`];
}

/**
 * What keeps `<dir>/<udid>` from being a whole, current backup: files the device holds that are missing or
 * differ (read from its state folder, not through the engine), files it does not hold, what `backups verify`
 * reports, and anything left beside it. Empty when complete.
 */
export async function incompleteness(address: string, dir: string, udid: string, stateDir: string): Promise<string[]> {
  const comparison = compareBackup(path.join(dir, udid), savedStore(stateDir, udid));
  const problems = [...comparison.wrong.map((name) => `${name} missing or different`), ...comparison.extra.map((name) => `${name} not on the device`)];
  if (comparison.matching === 0) problems.push('no file of the device in the backup');
  const left = fs.readdirSync(dir).filter((name) => name !== udid);
  if (left.length > 0) problems.push(`left in the backup folder: ${left.join(', ')}`);
  return [...problems, ...(await verifyProblems(address, path.join(dir, udid)))];
}

/**
 * A full backup as a job of an in-process engine, with `inject` called at `point` of it (given the job's
 * id); resolves with the job's error (undefined when it succeeded) and whether the fault was injected.
 */
export async function engineBackupWithFault(engine: Engine, udid: string, folder: string, point: FaultPoint, inject: (jobId: string) => void): Promise<{ error: unknown; fired: boolean }> {
  let jobId = '';
  const fault = once(point, () => inject(jobId));
  const unsubscribe = engine.events.subscribe((channel, payload) => {
    const event = payload as JobEvent;
    if (channel === 'jobs:event' && event.jobId === jobId) fault.onEvent(event);
  });
  try {
    const started = await startBackup(engine, udid, { folder, full: true });
    jobId = started.jobId;
    const error = await started.result.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    return { error, fired: fault.fired() };
  } finally {
    unsubscribe();
  }
}
