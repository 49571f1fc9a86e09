/**
 * Runs a command under GNU time and returns its wall time, peak RSS and output.
 */
import { spawn } from 'node:child_process';

/** Wall seconds, peak resident memory and exit code of one run. */
export interface Measured {
  seconds: number;
  peakRssMb: number;
  code: number | null;
  output: string;
}

/** Runs `command args` with `env` under /usr/bin/time. */
export function measure(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Measured> {
  return new Promise((resolve) => {
    const child = spawn('/usr/bin/time', ['-f', 'CRADLE-BENCH %e %M', command, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => {
      const match = /CRADLE-BENCH ([\d.]+) (\d+)/.exec(output);
      resolve({ seconds: Number(match?.[1] ?? NaN), peakRssMb: Number(match?.[2] ?? NaN) / 1024, code, output });
    });
  });
}
