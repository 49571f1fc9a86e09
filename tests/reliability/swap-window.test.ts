/**
 * The swap window: a backup's last step puts the finished copy in place with two renames, and a process
 * stopped between them (a test hook stops it exactly there) leaves `<udid>/` missing and the previous backup
 * as `.cradle-previous-<udid>`. Every lookup of a backup by folder or UDID finds that backup meanwhile, a
 * restore puts it back in place first, and the next backup recovers it. The stop is repeated 100 times.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { build } from 'esbuild';
import { completeSwap, recoverInterrupted } from '../../electron/engine/backup/staging.ts';
import { resolveBackupArgument } from '../../electron/engine/library/backup-id.ts';
import { decodePlist } from '../../electron/engine/plist/codec.ts';
import { fakeBackup } from '../helpers/fake-backup.ts';
import { peerToolsMissing, startFixture } from '../helpers/fixture.ts';
import { tally } from '../helpers/reliability-tally.ts';
import { runCradle } from '../integration/cradle-cli.ts';

const AREA = 'faults';
const root = new URL('../..', import.meta.url).pathname;
const sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'cradle-swap-'));
after(() => fs.rmSync(sandbox, { recursive: true, force: true }));

const dateOf = (folder: string) => (decodePlist(fs.readFileSync(path.join(folder, 'Status.plist'))) as { Date: Date }).Date.toISOString();

test('stopped between the two renames, 100 times: the previous backup is found by folder and UDID, and put back', async () => {
  // The swap itself (staging.ts) in a small bundle, so each of the 100 stopped processes starts at once.
  const script = path.join(sandbox, 'swap.mjs');
  const entry = path.join(sandbox, 'swap-entry.ts');
  fs.writeFileSync(entry, `import { commitStaging } from ${JSON.stringify(path.join(root, 'electron/engine/backup/staging.ts'))};
const [rootFolder, udid] = process.argv.slice(2);
await commitStaging(rootFolder, udid, { root: rootFolder + '/.cradle-staging/' + udid, backup: rootFolder + '/.cradle-staging/' + udid + '/' + udid });`);
  await build({ entryPoints: [entry], outfile: script, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning' });
  const udid = '00008101-00000000000000AB';
  const location = path.join(sandbox, 'loop');
  for (let run = 0; run < 100; run += 1) {
    fs.rmSync(location, { recursive: true, force: true });
    fakeBackup(path.join(location, udid), new Date(Date.UTC(2026, 0, 1, 0, 0, run)));
    fakeBackup(path.join(location, '.cradle-staging', udid, udid), new Date(Date.UTC(2026, 5, 1)));
    const stopped = spawnSync(process.execPath, [script, location, udid], { env: { ...process.env, CRADLE_TEST_STOP_IN_SWAP: '1' } });
    assert.equal(stopped.signal, 'SIGKILL', `run ${run}: stopped in the swap`);
    assert.equal(fs.existsSync(path.join(location, udid)), false, `run ${run}: the window is open`);
    const byFolder = await resolveBackupArgument(path.join(location, udid), []);
    const byUdid = await resolveBackupArgument(udid, [location]);
    assert.equal(byFolder, byUdid);
    assert.equal(dateOf(byFolder), new Date(Date.UTC(2026, 0, 1, 0, 0, run)).toISOString(), `run ${run}: the previous backup, whole`);
    if (run % 2 === 0) {
      await recoverInterrupted(location, udid);
    } else {
      assert.equal(await completeSwap(byFolder), path.join(location, udid));
    }
    assert.equal(dateOf(path.join(location, udid)), new Date(Date.UTC(2026, 0, 1, 0, 0, run)).toISOString(), `run ${run}: put back in place`);
    assert.deepEqual(fs.readdirSync(location).sort(), [udid], `run ${run}: nothing else is left`);
  }
  tally(AREA, 'process stopped between the two renames of the swap (test hook), recovered by lookup, restore and backup', { cases: 100, faults: 100 });
});

test('a real backup stopped in its swap: list, verify and browse find the previous backup; the next backup completes', { skip: peerToolsMissing, timeout: 240_000 }, async () => {
  const fixture = await startFixture({ devices: 1, dataMb: 2 });
  try {
    const udid = fixture.server.devices[0]!.udid;
    const dir = path.join(fixture.dir, 'backups');
    assert.equal((await runCradle(fixture.server, ['pair', udid])).code, 0);
    assert.equal((await runCradle(fixture.server, ['backup', udid, '--dir', dir])).code, 0);
    const before = dateOf(path.join(dir, udid));
    const stopped = await runCradle(fixture.server, ['backup', udid, '--dir', dir, '--full'], undefined, { CRADLE_TEST_STOP_IN_SWAP: '1' });
    assert.equal(stopped.code, null, 'stopped by the hook');
    assert.equal(fs.existsSync(path.join(dir, udid)), false);
    const list = await runCradle(fixture.server, ['backups', 'list', '--dir', dir, '--json']);
    const listed = (JSON.parse(list.stdout) as { udid: string; complete: boolean }[]).filter((backup) => backup.udid === udid);
    assert.equal(listed.length, 1);
    assert.equal(listed[0]!.complete, true);
    for (const args of [['backups', 'verify', path.join(dir, udid)], ['backups', 'verify', udid, '--dir', dir], ['browse', path.join(dir, udid), 'ls']]) {
      const run = await runCradle(fixture.server, args);
      assert.equal(run.code, 0, `cradle ${args.join(' ')}: ${run.stderr}`);
    }
    const next = await runCradle(fixture.server, ['backup', udid, '--dir', dir]);
    assert.equal(next.code, 0, next.stderr);
    assert.notEqual(dateOf(path.join(dir, udid)), before, 'a new backup is in place');
    assert.deepEqual(fs.readdirSync(dir).filter((name) => name.startsWith('.cradle-previous-')), []);
  } finally {
    await fixture.close();
  }
  tally(AREA, 'a real backup stopped in its swap, then looked up and backed up again', { cases: 1, faults: 1 });
});
