/**
 * Clone throughput: one golden backup restored onto 1 device and onto N at once (default 8), every target
 * throttled to USB 2.0 speed (35 MB/s) by the virtual device. Cloning is bound by each device's link, not by
 * the computer, so N devices should take little longer than 1 (target: within 1.3×). Beside the wall times
 * it reports the host's CPU seconds per GB restored, and the same for the peer, `idevicebackup2 restore`
 * onto one device, run in the same rounds. Rounds alternate the order.
 *
 * The floor, in the same run: each device's link alone (backup size / link rate), reading the golden backup
 * from the computer's disk, and the CPU the simulated devices used. On real hardware each device has its own
 * processor; here the simulated devices share the host's cores, in `--device-processes` processes (default
 * 2, one per core: in one process, eight devices restoring at once wait on its one thread).
 *
 * One unmeasured clone onto every target comes first, so that no measured run includes a simulated device
 * deleting its own earlier content on the host's cores (a real device does that on its own processor).
 *
 * The golden backup is on the computer's disk, as it would be. The virtual devices keep their storage in
 * memory (/dev/shm) by default: a real device writes to its own flash, while simulated devices writing
 * thousands of files each into the computer's disk measure that disk (on ext4, creating files right after
 * deleting as many costs CPU in the inode allocator), not the clone. `--device-storage disk` puts it there.
 *
 *   node --import tsx bench/clone.ts [--devices 8] [--data-mb 100] [--rounds 3] [--mbps 35]
 *                                    [--device-storage memory|disk] [--device-processes 2] [--no-peer]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { sendControl } from '../tests/virtual-device/control-client.ts';
import { shippedCli } from './shipped-cli.ts';
import { machineCpuSeconds, measure, processCpuSeconds, processTree, type Measured } from './run-tool.ts';

const root = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    'data-mb': { type: 'string', default: '100' },
    rounds: { type: 'string', default: '3' },
    mbps: { type: 'string', default: '35' },
    devices: { type: 'string', default: '8' },
    'device-storage': { type: 'string', default: 'memory' },
    'device-processes': { type: 'string', default: '2' },
    'no-peer': { type: 'boolean', default: false },
  },
});
const dataMb = Number(values['data-mb']);
const rounds = Number(values.rounds);
const mbps = Number(values.mbps);
const many = Number(values.devices);
const withPeer = !values['no-peer'];
if (!Number.isInteger(many) || many < 1) throw new Error('--devices takes a whole number ≥ 1');
const deviceProcesses = Number(values['device-processes']);
if (!Number.isInteger(deviceProcesses) || deviceProcesses < 1) throw new Error('--device-processes takes a whole number ≥ 1');

const deviceStorage = values['device-storage'] === 'disk' || !existsSync('/dev/shm') ? 'disk' : 'memory';

/** What one run (a clone or the peer's restore) measured. */
interface Run {
  kind: 'one' | 'many' | 'peer';
  round: number;
  devices: number;
  measured: Measured;
  /** CPU seconds the simulated devices' processes used during the run. */
  deviceCpuSeconds: number;
  /** CPU seconds every other process on the machine used during the run (other work sharing the cores). */
  otherCpuSeconds: number;
}

const dir = mkdtempSync(join(tmpdir(), 'cradle-bench-clone-'));
const stateDir = deviceStorage === 'memory' ? mkdtempSync('/dev/shm/cradle-bench-devices-') : join(dir, 'state');
const socket = join(dir, 'usbmuxd');
const device = spawn(process.execPath, ['--import', 'tsx', join(root, 'tests/virtual-device/main.ts'), '--socket', socket, '--devices', String(many + 1), '--profile', 'golden,personal', '--data-mb', String(dataMb), '--state', stateDir, '--processes', String(deviceProcesses)], { stdio: ['ignore', 'pipe', 'inherit'] });
try {
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: device.stdout }).once('line', resolve);
    device.once('exit', (code) => reject(new Error(`virtual device exited with ${code}`)));
  });
  const [, address, golden, ...targets] = line.split(' ') as [string, string, string, ...string[]];
  const env = { ...process.env, USBMUXD_SOCKET_ADDRESS: address };
  const control = async (request: Record<string, unknown>) => {
    const reply = await sendControl(`${socket}.control`, request);
    if (!reply.ok) throw new Error(reply.error);
    return reply;
  };
  for (const udid of [golden, ...targets]) spawnSync('idevicepair', ['-u', udid, 'pair'], { env, stdio: 'ignore' });
  const cli = shippedCli();
  const backups = join(dir, 'backups');
  const made = await measure(process.execPath, [cli, 'backup', golden, '--dir', backups], env);
  if (made.code !== 0) throw new Error(`golden backup failed:\n${made.output.slice(-2000)}`);
  const goldenVersion = spawnSync('ideviceinfo', ['-u', golden, '-s', '-k', 'ProductVersion'], { env, encoding: 'utf8' }).stdout.trim();
  for (const udid of targets) {
    await control({ cmd: 'setFindMy', udid, on: false });
    await control({ cmd: 'setIosVersion', udid, version: goldenVersion });
    await control({ cmd: 'setThrottle', udid, mbps });
  }
  const backupBytes = folderBytes(join(backups, golden));
  const gbOf = (devices: number) => (backupBytes * devices) / 1e9;

  const clone = async (onto: string[], round: number): Promise<Measured> => {
    const report = join(dir, `report-${round}-${onto.length}.json`);
    const run = await measure(process.execPath, [cli, 'clone', '--from', golden, '--dir', backups, ...onto, '--concurrency', String(onto.length), '--settings', '--system', '--remove', '--yes', '--report', report], env);
    if (run.code !== 0) throw new Error(`clone onto ${onto.length} failed:\n${run.output.slice(-2000)}`);
    const done = reportRows(report).filter((row) => row.result === 'done').length;
    if (done !== onto.length) throw new Error(`clone onto ${onto.length}: ${done} devices done`);
    return run;
  };
  // The peer: libimobiledevice's restore of the same backup with the same options, without the restart
  // (it would not follow it; CPU is what is compared).
  const peer = async (): Promise<Measured> => {
    const run = await measure('idevicebackup2', ['-u', targets[0]!, '-s', golden, 'restore', '--system', '--settings', '--remove', '--no-reboot', backups], env);
    if (run.code !== 0 || !/Restore Successful/.test(run.output)) throw new Error(`idevicebackup2 restore failed:\n${run.output.slice(-2000)}`);
    return run;
  };

  // Every measured restore finds its device as the one before left it. The first restore onto a simulated
  // device also deletes the device's own content; a real device does that on its own processor, the
  // simulator on the host's two cores, which would slow the first round's many-device run for reasons that
  // are not the computer's. So one unmeasured clone onto every target comes first.
  console.log(`warm-up (not measured): clone onto all ${targets.length} devices`);
  await clone(targets, 0);
  const runs: Run[] = [];
  const kinds: Run['kind'][] = withPeer ? ['one', 'many', 'peer'] : ['one', 'many'];
  for (let round = 1; round <= rounds; round += 1) {
    for (const kind of round % 2 === 1 ? kinds : [...kinds].reverse()) {
      // Each run starts with no dirty pages of the previous one still being written back.
      spawnSync('sync');
      const devices = kind === 'many' ? many : 1;
      const devicesCpu = () => sum(processTree(device.pid!).map(processCpuSeconds));
      const before = devicesCpu();
      const machineBefore = machineCpuSeconds();
      const measured = kind === 'peer' ? await peer() : await clone(targets.slice(0, devices), round);
      const deviceCpuSeconds = devicesCpu() - before;
      const otherCpuSeconds = Math.max(0, machineCpuSeconds() - machineBefore - deviceCpuSeconds - measured.cpuSeconds);
      const run: Run = { kind, round, devices, measured, deviceCpuSeconds, otherCpuSeconds };
      runs.push(run);
      console.log(`round ${round}: ${label(run).padEnd(26)} ${measured.seconds.toFixed(2)} s, host CPU ${measured.cpuSeconds.toFixed(2)} s (${(measured.cpuSeconds / gbOf(devices)).toFixed(2)} s/GB), devices' CPU ${deviceCpuSeconds.toFixed(2)} s, other processes' CPU ${otherCpuSeconds.toFixed(2)} s, peak RSS ${measured.peakRssMb.toFixed(0)} MB`);
    }
  }

  const diskSeconds = readAllSeconds(join(backups, golden));
  const of = (kind: Run['kind']) => runs.filter((run) => run.kind === kind);
  const wall = (kind: Run['kind']) => sum(of(kind).map((run) => run.measured.seconds));
  const perGb = (kind: Run['kind']) => sum(of(kind).map((run) => run.measured.cpuSeconds)) / sum(of(kind).map((run) => gbOf(run.devices)));
  const cells = (kind: Run['kind'], value: (run: Run) => string) => of(kind).map(value).join(' | ');
  const roundHeads = runs.filter((run) => run.kind === 'one').map((run) => `round ${run.round}`);

  console.log(`\nGolden backup ${(backupBytes / 1e6).toFixed(1)} MB on disk, targets at ${mbps} MB/s each, device storage ${deviceStorage === 'memory' ? 'in memory (/dev/shm)' : 'on disk'}.`);
  console.log(`| run | ${roundHeads.join(' | ')} | total |`);
  console.log(`|---|${roundHeads.map(() => '---|').join('')}---|`);
  for (const kind of kinds) {
    const name = kind === 'one' ? 'clone onto 1 device' : kind === 'many' ? `clone onto ${many} devices at once` : 'idevicebackup2 restore onto 1';
    console.log(`| ${name}: wall s | ${cells(kind, (run) => run.measured.seconds.toFixed(2))} | ${wall(kind).toFixed(2)} |`);
    console.log(`| host CPU s/GB | ${cells(kind, (run) => (run.measured.cpuSeconds / gbOf(run.devices)).toFixed(2))} | ${perGb(kind).toFixed(2)} |`);
    console.log(`| devices' CPU s | ${cells(kind, (run) => run.deviceCpuSeconds.toFixed(2))} | ${sum(of(kind).map((run) => run.deviceCpuSeconds)).toFixed(2)} |`);
    console.log(`| other processes' CPU s | ${cells(kind, (run) => run.otherCpuSeconds.toFixed(2))} | ${sum(of(kind).map((run) => run.otherCpuSeconds)).toFixed(2)} |`);
    console.log(`| peak RSS MB | ${cells(kind, (run) => run.measured.peakRssMb.toFixed(0))} | |`);
  }
  const ratios = of('many').map((run) => run.measured.seconds / of('one').find((one) => one.round === run.round)!.measured.seconds);
  console.log(`\nRatio ${many} / 1 per round: ${ratios.map((r) => r.toFixed(2)).join(', ')}; of totals ${(wall('many') / wall('one')).toFixed(2)} (target ≤ 1.3)`);
  if (withPeer) console.log(`Host CPU per GB restored: Cradle ${perGb('many').toFixed(2)} s (${many} devices), ${perGb('one').toFixed(2)} s (1 device); idevicebackup2 ${perGb('peer').toFixed(2)} s (1 device)`);
  const rss = processTree(device.pid!).map(peakRssMb);
  console.log(`The simulated devices' ${rss.length} processes: peak RSS ${rss.map((mb) => mb.toFixed(0)).join(' + ')} MB (${many + 1} devices in ${deviceProcesses}, storage in ${deviceStorage === 'memory' ? '/dev/shm' : 'files'}).`);
  const cpuFloor = sum(of('many').map((run) => run.measured.cpuSeconds + run.deviceCpuSeconds)) / of('many').length / 2;
  console.log(`Floor: each link alone ${(backupBytes / (mbps * 1e6)).toFixed(2)} s; reading the golden backup from disk ${diskSeconds.toFixed(2)} s (page cache warm); ` +
    `the ${many}-device runs' host + devices' CPU spread over 2 cores ${cpuFloor.toFixed(2)} s per run`);
} finally {
  device.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
  rmSync(stateDir, { recursive: true, force: true });
}

function sum(list: number[]): number {
  return list.reduce((a, b) => a + b, 0);
}

function label(run: Run): string {
  return run.kind === 'peer' ? 'idevicebackup2 onto 1' : `clone onto ${run.devices} ${run.devices === 1 ? 'device' : 'devices'}`;
}

/** Peak resident memory of a running process (VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? NaN) / 1024;
}

/** Bytes of every file under `folder`. */
function folderBytes(folder: string): number {
  let bytes = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) bytes += statSync(join(entry.parentPath, entry.name)).size;
  }
  return bytes;
}

/** Seconds to read every file under `folder` once (what the disk alone costs the host). */
function readAllSeconds(folder: string): number {
  const started = process.hrtime.bigint();
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) readFileSync(join(entry.parentPath, entry.name));
  }
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** The rows of a clone's JSON report (each with its `result`). */
function reportRows(path: string): { result: string }[] {
  const report = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  const rows = Array.isArray(report) ? report : ((report as { rows?: unknown }).rows ?? (report as { devices?: unknown }).devices);
  return Array.isArray(rows) ? (rows as { result: string }[]) : [];
}
