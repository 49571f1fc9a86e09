/**
 * Runs the `cradle` CLI against a virtual device server, asynchronously (the server lives in the test
 * process and must keep answering), with optional standard input and a timeout.
 */
import { spawn } from 'node:child_process';
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

/** Runs `cradle <args>`; kills it after two minutes. */
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
      const stdoutBytes = Buffer.concat(out);
      resolve({ code, stdout: stdoutBytes.toString('utf8'), stdoutBytes, stderr });
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
