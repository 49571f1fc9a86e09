/**
 * Runs the `cradle` CLI against a virtual device server, asynchronously (the server lives in the test
 * process and must keep answering), with optional standard input and a timeout.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VirtualDeviceServer } from '../virtual-device/server.ts';

const root = new URL('../..', import.meta.url).pathname;

/** Exit code and output of a CLI run. */
export interface CliResult {
  code: number | null;
  stdout: string;
  /** Standard output as bytes (`browse cat` of binary files). */
  stdoutBytes: Buffer;
  stderr: string;
}

/** A warning Node prints on its own (deprecations, experimental features) in the middle of a command's output. */
const NODE_WARNING = /\(node:\d+\) (\[\w+\] )?\w*Warning/;

/** Runs `cradle <args>`; kills it after two minutes. Fails when Node printed a warning of its own. */
export function runCradle(server: VirtualDeviceServer, args: readonly string[], input?: string, env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${root}bin/cradle.mjs`, ...args], {
      env: { ...process.env, USBMUXD_SOCKET_ADDRESS: server.address, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdin.end(input ?? '');
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cradle ${args.join(' ')} timed out\n${Buffer.concat(out).toString('utf8')}\n${stderr}`));
    }, 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (NODE_WARNING.test(stderr)) return reject(new Error(`cradle ${args.join(' ')} printed a Node warning:\n${stderr}`));
      const stdoutBytes = Buffer.concat(out);
      resolve({ code, stdout: stdoutBytes.toString('utf8'), stdoutBytes, stderr });
    });
  });
}

/**
 * Runs `cradle <args>` with a standard output nobody reads any more (`cradle … | head -1` after head left):
 * a FIFO whose only reader is closed before the child starts, so its first write fails with EPIPE.
 */
export function runCradleWithClosedOutput(server: VirtualDeviceServer, args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'cradle-epipe-'));
  const fifo = join(dir, 'out');
  const made = spawnSync('mkfifo', [fifo]);
  if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr.toString()}`);
  const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  const writer = openSync(fifo, constants.O_WRONLY);
  closeSync(reader);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${root}bin/cradle.mjs`, ...args], {
      env: { ...process.env, USBMUXD_SOCKET_ADDRESS: server.address },
      stdio: ['ignore', writer, 'pipe'],
    });
    closeSync(writer);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cradle ${args.join(' ')} timed out with a closed output
${stderr}`));
    }, 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, stderr });
    });
  });
}

/** The `done` summary among `--json` job event lines. */
export function doneSummary(stdout: string): Record<string, unknown> {
  const done = stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { type?: string; summary?: Record<string, unknown> })
    .find((event) => event.type === 'done');
  if (!done?.summary) throw new Error(`no done event in:\n${stdout.slice(-2000)}`);
  return done.summary;
}
