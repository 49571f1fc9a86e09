/**
 * Runs a command under GNU time and returns its wall time, CPU time, peak RSS and output.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Wall seconds, CPU seconds (user + system), peak resident memory and exit code of one run. */
export interface Measured {
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  code: number | null;
  output: string;
}

/** Runs `command args` with `env` under /usr/bin/time. */
export function measure(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Measured> {
  return new Promise((resolve) => {
    const child = spawn('/usr/bin/time', ['-f', 'CRADLE-BENCH %e %M %U %S', command, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => {
      const match = /CRADLE-BENCH ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(output);
      resolve({
        seconds: Number(match?.[1] ?? NaN),
        peakRssMb: Number(match?.[2] ?? NaN) / 1024,
        cpuSeconds: Number(match?.[3] ?? NaN) + Number(match?.[4] ?? NaN),
        code,
        output,
      });
    });
  });
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system, all threads) a running process has used so far, from /proc/<pid>/stat. */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at state: utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** A process and its children (the device processes of `--processes`), from /proc. */
export function processTree(pid: number): number[] {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  return [pid, ...children.flatMap(processTree)];
}

/** CPU seconds every core of the machine has been busy so far (all processes, the kernel included), from /proc/stat. */
export function machineCpuSeconds(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
  const busy = fields.slice(0, 8).reduce((sum, value, index) => (index === 3 || index === 4 ? sum : sum + value), 0);
  return busy / TICKS_PER_SECOND;
}
