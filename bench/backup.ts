/**
 * Backup throughput: the same virtual device (≥ 1 GB of mixed data: many small app files, photos, a few
 * large videos) backed up in full by Cradle's engine and by libimobiledevice's idevicebackup2, runs
 * alternating. Reports MB/s of each (backup folder size over wall time, process start included), the ratio,
 * and peak RSS at two data sizes (Cradle's must not grow with the backup: buffers bound it, not file sizes).
 * Every run writes into a new folder and all are removed at the end: removing a 20,000-file backup just
 * before the next run makes ext4 scan the freshly freed inodes on every file the next run creates (a few
 * hundred microseconds per file, for either tool), which measured the removal more than the backup.
 *
 *   npm run bench -- [--sizes 1024,256] [--rounds 2]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { shippedCli } from './shipped-cli.ts';
import { measure, type Measured } from './run-tool.ts';

const root = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1024,256' }, rounds: { type: 'string', default: '2' } } });
const sizes = values.sizes.split(',').map(Number);
const rounds = Number(values.rounds);

function folderBytes(folder: string): number {
  let total = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

async function startDevice(dir: string, dataMb: number): Promise<{ udid: string; address: string; stop(): void }> {
  const socket = join(dir, 'usbmuxd');
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'tests/virtual-device/main.ts'), '--socket', socket, '--devices', '1', '--data-mb', String(dataMb), '--state', join(dir, 'state')], {
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
  sizeMb: number;
  round: number;
  backupMb: number;
  seconds: number;
  mbPerSecond: number;
  peakRssMb: number;
}

const cli = shippedCli();

const rows: Row[] = [];
for (const sizeMb of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'cradle-bench-'));
  const device = await startDevice(dir, sizeMb);
  const env = { ...process.env, USBMUXD_SOCKET_ADDRESS: device.address };
  try {
    spawnSync('idevicepair', ['-u', device.udid, 'pair'], { env, stdio: 'ignore' });
    for (let round = 1; round <= rounds; round += 1) {
      for (const tool of round % 2 === 1 ? ['idevicebackup2', 'cradle'] : ['cradle', 'idevicebackup2']) {
        const out = join(dir, `out-${tool}-${round}`);
        spawnSync('mkdir', ['-p', out]);
        // Each run starts with no dirty pages of the previous one still being written back.
        spawnSync('sync');
        const run: Measured =
          tool === 'cradle'
            ? await measure(process.execPath, [cli, 'backup', device.udid, '--dir', out, '--full'], env)
            : await measure('idevicebackup2', ['-u', device.udid, 'backup', '--full', out], env);
        if (run.code !== 0) throw new Error(`${tool} failed:\n${run.output.slice(-2000)}`);
        const backupMb = folderBytes(join(out, device.udid)) / 1e6;
        rows.push({ tool, sizeMb, round, backupMb, seconds: run.seconds, mbPerSecond: backupMb / run.seconds, peakRssMb: run.peakRssMb });
        console.log(`${tool.padEnd(15)} ${String(sizeMb).padStart(5)} MB device  round ${round}: ${backupMb.toFixed(0)} MB in ${run.seconds.toFixed(2)} s = ${(backupMb / run.seconds).toFixed(1)} MB/s, peak RSS ${run.peakRssMb.toFixed(0)} MB`);
      }
    }
  } finally {
    device.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const summary = sizes.map((sizeMb) => {
  const of = (tool: string) => rows.filter((r) => r.tool === tool && r.sizeMb === sizeMb);
  const rate = (tool: string) => of(tool).reduce((s, r) => s + r.backupMb, 0) / of(tool).reduce((s, r) => s + r.seconds, 0);
  return {
    sizeMb,
    cradleMbPerSecond: rate('cradle'),
    idevicebackup2MbPerSecond: rate('idevicebackup2'),
    ratio: rate('cradle') / rate('idevicebackup2'),
    // The same round of both tools ran back to back on the same machine state: the fairest pairs on a noisy VM.
    roundsCradleFaster: of('cradle').filter((c) => c.seconds < of('idevicebackup2').find((i) => i.round === c.round)!.seconds).length,
    cradlePeakRssMb: Math.max(...of('cradle').map((r) => r.peakRssMb)),
    idevicebackup2PeakRssMb: Math.max(...of('idevicebackup2').map((r) => r.peakRssMb)),
  };
});
console.log('\nsize MB | Cradle MB/s | idevicebackup2 MB/s | ratio | rounds Cradle faster | Cradle peak RSS MB | idevicebackup2 peak RSS MB');
for (const s of summary) {
  console.log(`${s.sizeMb} | ${s.cradleMbPerSecond.toFixed(1)} | ${s.idevicebackup2MbPerSecond.toFixed(1)} | ${s.ratio.toFixed(2)} | ${s.roundsCradleFaster} of ${rounds} | ${s.cradlePeakRssMb.toFixed(0)} | ${s.idevicebackup2PeakRssMb.toFixed(0)}`);
}
