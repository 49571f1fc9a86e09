/**
 * CLI of the virtual device: `npm run virtual-device -- --socket <path> [options]`.
 * Prints one line `ready UNIX:<path> <udid> …` once it listens; runs until SIGTERM/SIGINT (or the control
 * command `stop`), then removes its sockets. See README.md for flags and the control interface.
 */
import { parseArgs } from 'node:util';
import { ControlServer, runControlCommand } from './control-server.ts';
import { startDeviceProcesses } from './device-processes.ts';
import { startVirtualDevices, type VirtualDeviceOptions } from './server.ts';
import type { Profile, TrustMode } from './types.ts';

const USAGE = `usage: virtual-device --socket <path> [--devices <n>] [--profile personal|golden|managed[,…]]
       [--state <dir>] [--data-mb <M>] [--files <N>] [--throttle-mbps <R>] [--trust auto|pending|deny]
       [--fast-kdf] [--seed <text>] [--processes <n>]`;

const PROFILES: readonly Profile[] = ['personal', 'golden', 'managed'];
const TRUST_MODES: readonly TrustMode[] = ['auto', 'pending', 'deny'];

class UsageError extends Error {}

function count(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${name} must be a number ≥ 0`);
  return n;
}

/** Parses the command line into server options and the number of processes. */
function parseCommandLine(argv: readonly string[]): VirtualDeviceOptions & { processes: number } {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      socket: { type: 'string' },
      devices: { type: 'string' },
      profile: { type: 'string' },
      state: { type: 'string' },
      'data-mb': { type: 'string' },
      files: { type: 'string' },
      'throttle-mbps': { type: 'string' },
      trust: { type: 'string' },
      'fast-kdf': { type: 'boolean' },
      seed: { type: 'string' },
      processes: { type: 'string' },
    },
    strict: true,
  });
  if (!values.socket) throw new UsageError('--socket is required');
  const profiles = (values.profile ?? 'personal').split(',');
  for (const profile of profiles) {
    if (!PROFILES.includes(profile as Profile)) throw new UsageError(`unknown profile ${profile}`);
  }
  const trust = values.trust ?? 'auto';
  if (!TRUST_MODES.includes(trust as TrustMode)) throw new UsageError(`unknown trust mode ${trust}`);
  const devices = count(values.devices, 'devices') ?? 1;
  if (!Number.isInteger(devices) || devices < 1) throw new UsageError('--devices must be a whole number ≥ 1');
  const processes = count(values.processes, 'processes') ?? 1;
  if (!Number.isInteger(processes) || processes < 1) throw new UsageError('--processes must be a whole number ≥ 1');
  return {
    processes: Math.min(processes, devices),
    socketPath: values.socket,
    stateDir: values.state,
    devices,
    profile: profiles as Profile[],
    dataMb: count(values['data-mb'], 'data-mb'),
    files: count(values.files, 'files'),
    throttleMbps: count(values['throttle-mbps'], 'throttle-mbps'),
    trustMode: trust as TrustMode,
    lowIterations: values['fast-kdf'] ?? false,
    seed: values.seed,
  };
}

async function main(): Promise<void> {
  let options: VirtualDeviceOptions & { processes: number };
  try {
    options = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    process.exit(2);
  }
  const { processes, ...serverOptions } = options;
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    void Promise.all([control.close(), running.stop()]).then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  const running = processes > 1 ? await startDeviceProcesses(serverOptions, processes) : await startVirtualDevices(serverOptions);
  const control = new ControlServer(`${running.socketPath}.control`, (request) =>
    'control' in running ? running.control(request, shutdown) : runControlCommand(running, request, shutdown),
  );
  await control.listen();
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  const udids = 'udids' in running ? running.udids : running.devices.map((d) => d.udid);
  process.stdout.write(`ready ${running.address} ${udids.join(' ')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`virtual-device: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
