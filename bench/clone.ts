/**
 * Clone throughput: one golden backup restored onto 1 device, then onto 4 at once, every target throttled to
 * USB 2.0 speed (35 MB/s) by the virtual device. Cloning is bound by each device's link, not by the
 * computer, so 4 devices should take little longer than 1 (target: within 1.3×). Rounds alternate the order.
 *
 * The golden backup is on the computer's disk, as it would be. The virtual devices keep their storage in
 * memory (/dev/shm) by default: a real device writes to its own flash, while simulated devices writing
 * thousands of files each into the computer's disk measure that disk (on ext4, creating files right after
 * deleting as many costs CPU in the inode allocator), not the clone. `--device-storage disk` puts it there.
 *
 *   node --import tsx bench/clone.ts [--data-mb 100] [--rounds 2] [--mbps 35] [--device-storage memory|disk]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { sendControl } from '../tests/virtual-device/control-client.ts';
import { bundleCli } from './bundle-cli.ts';
import { measure } from './run-tool.ts';

const root = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({
  options: { 'data-mb': { type: 'string', default: '100' }, rounds: { type: 'string', default: '2' }, mbps: { type: 'string', default: '35' }, 'device-storage': { type: 'string', default: 'memory' } },
});
const dataMb = Number(values['data-mb']);
const rounds = Number(values.rounds);
const mbps = Number(values.mbps);

const deviceStorage = values['device-storage'] === 'disk' || !existsSync('/dev/shm') ? 'disk' : 'memory';

const dir = mkdtempSync(join(tmpdir(), 'cradle-bench-clone-'));
const stateDir = deviceStorage === 'memory' ? mkdtempSync('/dev/shm/cradle-bench-devices-') : join(dir, 'state');
const socket = join(dir, 'usbmuxd');
const device = spawn(process.execPath, ['--import', 'tsx', join(root, 'tests/virtual-device/main.ts'), '--socket', socket, '--devices', '5', '--profile', 'golden,personal', '--data-mb', String(dataMb), '--state', stateDir], { stdio: ['ignore', 'pipe', 'inherit'] });
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
  const cli = await bundleCli();
  const backups = join(dir, 'backups');
  const made = await measure(process.execPath, [cli, 'backup', golden, '--dir', backups], env);
  if (made.code !== 0) throw new Error(`golden backup failed:\n${made.output.slice(-2000)}`);
  const goldenVersion = spawnSync('ideviceinfo', ['-u', golden, '-s', '-k', 'ProductVersion'], { env, encoding: 'utf8' }).stdout.trim();
  for (const udid of targets) {
    await control({ cmd: 'setFindMy', udid, on: false });
    await control({ cmd: 'setIosVersion', udid, version: goldenVersion });
    await control({ cmd: 'setThrottle', udid, mbps });
  }
  const clone = (onto: string[]) =>
    measure(process.execPath, [cli, 'clone', '--from', golden, '--dir', backups, ...onto, '--concurrency', String(onto.length), '--settings', '--system', '--remove', '--yes'], env);
  const times: { one: number[]; four: number[] } = { one: [], four: [] };
  for (let round = 1; round <= rounds; round += 1) {
    for (const which of round % 2 === 1 ? (['one', 'four'] as const) : (['four', 'one'] as const)) {
      // Each run starts with no dirty pages of the previous one still being written back.
      spawnSync('sync');
      const run = await clone(which === 'one' ? targets.slice(0, 1) : targets.slice(0, 4));
      if (run.code !== 0) throw new Error(`clone onto ${which} failed:\n${run.output.slice(-2000)}`);
      times[which].push(run.seconds);
      console.log(`round ${round}: clone onto ${which === 'one' ? '1 device ' : '4 devices'} ${run.seconds.toFixed(2)} s, peak RSS ${run.peakRssMb.toFixed(0)} MB`);
    }
  }
  const total = (list: number[]) => list.reduce((a, b) => a + b, 0);
  const backupMb = Number(spawnSync('du', ['-sm', join(backups, golden)], { encoding: 'utf8' }).stdout.split('\t')[0]);
  console.log(`\nGolden backup ${backupMb} MB on disk, targets at ${mbps} MB/s each, device storage ${deviceStorage === 'memory' ? 'in memory (/dev/shm)' : 'on disk'}.`);
  console.log('| clone onto | seconds per round | mean |');
  console.log('|---|---|---|');
  console.log(`| 1 device | ${times.one.map((s) => s.toFixed(2)).join(', ')} | ${(total(times.one) / rounds).toFixed(2)} |`);
  console.log(`| 4 devices at once | ${times.four.map((s) => s.toFixed(2)).join(', ')} | ${(total(times.four) / rounds).toFixed(2)} |`);
  console.log(`\nRatio 4 / 1: ${(total(times.four) / total(times.one)).toFixed(2)} (target ≤ 1.3)`);
} finally {
  device.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
  rmSync(stateDir, { recursive: true, force: true });
}
