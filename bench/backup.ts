/**
 * Backup throughput: the same virtual device (≥ 1 GB of mixed data: many small app files, photos, a few
 * large videos) backed up in full by Cradle's engine and by libimobiledevice's idevicebackup2, runs
 * alternating. Reports MB/s of each (backup folder size over wall time, process start included), the ratio,
 * and peak RSS at two data sizes (Cradle's must not grow with the backup: buffers bound it, not file sizes).
 * Every run writes into a new folder and all are removed at the end: removing a 20,000-file backup just
 * before the next run makes ext4 scan the freshly freed inodes on every file the next run creates (a few
 * hundred microseconds per file, for either tool), which measured the removal more than the backup.
 *
 * `--files N` adds a set of N small files (a device of mostly tiny app files). Beside each set, two floors
 * measured in the same run: the computer's file system (creating as many empty files, in the same folders, in
 * a new folder on the same disk: one process, no data), and the device with the protocol (a host that runs the
 * same full backup and drops every file it receives: bench/discard-host.ts, bundled like the shipped CLI, run
 * in each round in the alternating order).
 *
 *   npm run bench -- [--sizes 1024,256] [--files 100000] [--rounds 2]
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { shippedCli } from './shipped-cli.ts';
import { measure, type Measured } from './run-tool.ts';

const root = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1024,256' }, files: { type: 'string' }, rounds: { type: 'string', default: '2' } } });
/** The device data sets: mixed data of each size, and N small files when asked. */
const sets: { label: string; dataMb: number; files?: number }[] = [
  ...values.sizes.split(',').filter(Boolean).map((mb) => ({ label: `${mb} MB`, dataMb: Number(mb) })),
  ...(values.files ? [{ label: `${Number(values.files).toLocaleString('en')} files`, dataMb: 16, files: Number(values.files) }] : []),
];
const rounds = Number(values.rounds);

function folderBytes(folder: string): number {
  let total = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

async function startDevice(dir: string, dataMb: number, files?: number): Promise<{ udid: string; address: string; stop(): void }> {
  const socket = join(dir, 'usbmuxd');
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'tests/virtual-device/main.ts'), '--socket', socket, '--devices', '1', '--data-mb', String(dataMb), ...(files ? ['--files', String(files)] : []), '--state', join(dir, 'state')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`virtual device exited with ${code}`)));
  });
  const [, address, udid] = line.split(' ');
  return { udid: udid!, address: address!, stop: () => child.kill('SIGTERM') };
}

interface Row {
  tool: string;
  set: string;
  round: number;
  backupMb: number;
  seconds: number;
  mbPerSecond: number;
  peakRssMb: number;
}

const cli = shippedCli();
const discardHost = await bundleDiscardHost();

const rows: Row[] = [];
/** Seconds to create the empty files of each set (the file system's floor), by set. */
const floors = new Map<string, number>();
for (const set of sets) {
  const dir = mkdtempSync(join(tmpdir(), 'cradle-bench-'));
  const device = await startDevice(dir, set.dataMb, set.files);
  const env = { ...process.env, USBMUXD_SOCKET_ADDRESS: device.address };
  try {
    spawnSync('idevicepair', ['-u', device.udid, 'pair'], { env, stdio: 'ignore' });
    for (let round = 1; round <= rounds; round += 1) {
      for (const tool of round % 2 === 1 ? ['idevicebackup2', 'cradle', 'discard'] : ['discard', 'cradle', 'idevicebackup2']) {
        const out = join(dir, `out-${tool}-${round}`);
        spawnSync('mkdir', ['-p', out]);
        // Each run starts with no dirty pages of the previous one still being written back.
        spawnSync('sync');
        const run: Measured =
          tool === 'cradle'
            ? await measure(process.execPath, [cli, 'backup', device.udid, '--dir', out, '--full'], env)
            : tool === 'discard'
              ? await measure(process.execPath, [discardHost, device.udid], env)
              : await measure('idevicebackup2', ['-u', device.udid, 'backup', '--full', out], env);
        if (run.code !== 0) throw new Error(`${tool} failed:\n${run.output.slice(-2000)}`);
        const received = /received \d+ files, (\d+) bytes/.exec(run.output);
        const backupMb = (tool === 'discard' ? Number(received?.[1]) : folderBytes(join(out, device.udid))) / 1e6;
        rows.push({ tool, set: set.label, round, backupMb, seconds: run.seconds, mbPerSecond: backupMb / run.seconds, peakRssMb: run.peakRssMb });
        console.log(`${tool.padEnd(15)} ${set.label.padStart(14)} device  round ${round}: ${backupMb.toFixed(0)} MB in ${run.seconds.toFixed(2)} s = ${(backupMb / run.seconds).toFixed(1)} MB/s, peak RSS ${run.peakRssMb.toFixed(0)} MB`);
      }
    }
    const floor = emptyFilesSeconds(join(dir, 'out-cradle-1', device.udid), join(dir, 'floor'));
    floors.set(set.label, floor);
    console.log(`floor            ${set.label.padStart(14)}: the same files created empty in ${floor.toFixed(2)} s`);
  } finally {
    device.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const summary = sets.map(({ label }) => {
  const of = (tool: string) => rows.filter((r) => r.tool === tool && r.set === label);
  const seconds = (tool: string) => of(tool).reduce((s, r) => s + r.seconds, 0);
  const rate = (tool: string) => of(tool).reduce((s, r) => s + r.backupMb, 0) / seconds(tool);
  return {
    label,
    timeRatio: seconds('cradle') / seconds('idevicebackup2'),
    discardSeconds: seconds('discard') / of('discard').length,
    floorSeconds: floors.get(label) ?? NaN,
    cradleMbPerSecond: rate('cradle'),
    idevicebackup2MbPerSecond: rate('idevicebackup2'),
    ratio: rate('cradle') / rate('idevicebackup2'),
    // The same round of both tools ran back to back on the same machine state: the fairest pairs on a noisy VM.
    roundsCradleFaster: of('cradle').filter((c) => c.seconds < of('idevicebackup2').find((i) => i.round === c.round)!.seconds).length,
    cradlePeakRssMb: Math.max(...of('cradle').map((r) => r.peakRssMb)),
    idevicebackup2PeakRssMb: Math.max(...of('idevicebackup2').map((r) => r.peakRssMb)),
  };
});
console.log('\nset | Cradle MB/s | idevicebackup2 MB/s | ratio (MB/s) | time ratio Cradle / idevicebackup2 | rounds Cradle faster | empty-files floor s | receive-and-discard floor s (mean) | Cradle peak RSS MB | idevicebackup2 peak RSS MB');
for (const s of summary) {
  console.log(`${s.label} | ${s.cradleMbPerSecond.toFixed(1)} | ${s.idevicebackup2MbPerSecond.toFixed(1)} | ${s.ratio.toFixed(2)} | ${s.timeRatio.toFixed(2)} | ${s.roundsCradleFaster} of ${rounds} | ${s.floorSeconds.toFixed(2)} | ${s.discardSeconds.toFixed(2)} | ${s.cradlePeakRssMb.toFixed(0)} | ${s.idevicebackup2PeakRssMb.toFixed(0)}`);
}

/** bench/discard-host.ts bundled as the shipped CLI is (no TypeScript compiled at its start); returns its path. */
async function bundleDiscardHost(): Promise<string> {
  const { build } = await import('esbuild');
  const { nodeBundleOptions } = await import('../scripts/node-bundle-options.mjs');
  const outfile = join(root, 'dist/bench/discard-host.mjs');
  await build({ ...nodeBundleOptions, entryPoints: [join(root, 'bench/discard-host.ts')], outfile });
  return outfile;
}

/** Seconds to create, empty, every file of `backup` at the same place under `into` (a new folder on the same disk). */
function emptyFilesSeconds(backup: string, into: string): number {
  const files = readdirSync(backup, { withFileTypes: true, recursive: true }).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name).slice(backup.length));
  spawnSync('sync');
  const started = process.hrtime.bigint();
  const folders = new Set<string>();
  for (const file of files) {
    const folder = join(into, file, '..');
    if (!folders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      folders.add(folder);
    }
    closeSync(openSync(join(into, file), 'wx'));
  }
  return Number(process.hrtime.bigint() - started) / 1e9;
}
