/**
 * The backup password goes nowhere but the device and the memory of the process using it. A full
 * encrypted flow runs with a unique marker password: `cradle encryption on` (password on stdin), the
 * app's encrypted backup, the CLI's verify (which unlocks it), the app's unlock (remembered through the
 * secret store) and export, a reopen that unlocks from the secret store alone, the app's restore
 * pre-flight and a CLI restore onto another virtual device. Then the marker (UTF-8, UTF-16LE, hex,
 * base64) is searched in every output and engine event, every file under the test's folders and the
 * temp entries created meanwhile, the app's settings and secrets files, the backup's plaintext files,
 * and the argv (and environment) of every child process, sampled from /proc all along. Only the virtual
 * device's own state may hold it (a real iPhone keeps its backup password too); idevicepair is the only
 * peer tool run, without any password.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { Result } from '../../shared/ipc/result.ts';
import type { OpenedBackup } from '../../shared/browse.ts';
import { dispatch } from '../../electron/engine/api/dispatch.ts';
import { createEngine, type EngineHost } from '../../electron/engine/api/handlers.ts';
import { backupId } from '../../electron/engine/library/backup-id.ts';
import type { DeviceState } from '../virtual-device/device.ts';
import { peerToolsMissing, startFixture } from '../helpers/fixture.ts';
import { jobEnded } from '../helpers/job-ended.ts';
import { tally } from '../helpers/reliability-tally.ts';
import { keychainCipher } from '../helpers/test-keychain.ts';
import { runCradle, type CliResult } from '../integration/cradle-cli.ts';
import { pairAll } from '../integration/idevicebackup2.ts';

/** The marker's encodings a leak could take. */
function needles(marker: string): [string, Buffer][] {
  const utf8 = Buffer.from(marker, 'utf8');
  return [
    ['utf8', utf8],
    ['utf16le', Buffer.from(marker, 'utf16le')],
    ['hex', Buffer.from(utf8.toString('hex'))],
    ['HEX', Buffer.from(utf8.toString('hex').toUpperCase())],
    ['base64', Buffer.from(utf8.toString('base64').replace(/=+$/, ''))],
  ];
}

/** Which encodings of the marker `bytes` holds. */
function hits(bytes: Buffer, marker: string): string[] {
  return needles(marker)
    .filter(([, needle]) => bytes.includes(needle))
    .map(([name]) => name);
}

/** Every regular file below `root` (links not followed; files vanishing meanwhile are skipped). */
function filesBelow(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push(full);
    }
  };
  walk(root);
  return out;
}

/** Samples /proc: any process whose argv holds the marker, and the argv and environment of our descendants. */
function watchProcesses(marker: string) {
  const ours = new Set([process.pid]);
  const seen = new Set<number>();
  const leaks: string[] = [];
  let samples = 0;
  const read = (file: string) => {
    try {
      return fs.readFileSync(file);
    } catch {
      return undefined;
    }
  };
  const sample = () => {
    samples += 1;
    for (const name of fs.readdirSync('/proc')) {
      const pid = Number(name);
      if (!Number.isInteger(pid) || pid === process.pid) continue;
      const cmdline = read(`/proc/${pid}/cmdline`);
      if (cmdline && hits(cmdline, marker).length) leaks.push(`argv of ${pid}: ${cmdline.toString().replace(/\0/g, ' ')}`);
      const stat = read(`/proc/${pid}/stat`)?.toString();
      const ppid = stat ? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) : NaN;
      if (!ours.has(ppid)) continue;
      ours.add(pid);
      seen.add(pid);
      const environ = read(`/proc/${pid}/environ`);
      if (environ && hits(environ, marker).length) leaks.push(`environment of ${pid}`);
    }
  };
  const timer = setInterval(sample, 15);
  return {
    stop: () => (clearInterval(timer), sample(), { samples, children: seen.size, leaks }),
  };
}

test('a marker password never reaches logs, files, temp folders, settings, the backup’s plaintext or any argv', { skip: peerToolsMissing, timeout: 300_000 }, async () => {
  const marker = `cradle-marker-${randomBytes(12).toString('hex')}`;
  const tmpBefore = new Set(fs.readdirSync(os.tmpdir()));
  const fixture = await startFixture({ devices: 2 });
  const [a, b] = fixture.server.devices as [DeviceState, DeviceState];
  const work = fixture.dir;
  const backups = path.join(work, 'backups');
  const userData = path.join(work, 'user-data');
  // The children's standard backup folder is in the scanned folder too (the test runner's own is elsewhere).
  const childEnv = { HOME: path.join(work, 'home'), XDG_DATA_HOME: path.join(work, 'home/data'), XDG_CONFIG_HOME: path.join(work, 'home/config'), TMPDIR: path.join(work, 'child-tmp'), CRADLE_BACKUP_DIR: path.join(work, 'home/data/cradle/backups') };
  for (const folder of [userData, ...Object.values(childEnv)]) fs.mkdirSync(folder, { recursive: true });
  const outputs: { what: string; text: Buffer }[] = [];
  const cli = async (args: string[], input = ''): Promise<CliResult> => {
    const result = await runCradle(fixture.server, args, input, childEnv);
    outputs.push({ what: `stdout of cradle ${args.join(' ')}`, text: result.stdoutBytes }, { what: `stderr of cradle ${args.join(' ')}`, text: Buffer.from(result.stderr) });
    assert.equal(result.code, 0, `cradle ${args.join(' ')}: ${result.stderr}`);
    return result;
  };
  // What this process prints (the engine's and the device's logs, if any) is recorded too.
  const printed: Buffer[] = [];
  const writes = [process.stdout, process.stderr].map((stream) => {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => (printed.push(Buffer.from(chunk)), write(chunk, ...rest))) as typeof stream.write;
    return () => void (stream.write = write);
  });
  const cipher = keychainCipher();
  const events: string[] = [];
  const appEngine = (exportTo: string) => {
    const host: EngineHost = { backupFolder: backups, settingsFile: path.join(userData, 'settings.json'), secretsFile: path.join(userData, 'secrets.json'), secretCipher: cipher, chooseFolder: async () => exportTo };
    const engine = createEngine(host);
    engine.events.subscribe((channel, payload) => void events.push(`${channel} ${JSON.stringify(payload)}`));
    return engine;
  };
  const watcher = watchProcesses(marker);
  let watched: ReturnType<ReturnType<typeof watchProcesses>['stop']> | undefined;
  const saved = process.env.USBMUXD_SOCKET_ADDRESS;
  process.env.USBMUXD_SOCKET_ADDRESS = fixture.server.address;
  let flowSteps = 0;
  try {
    await pairAll(fixture.server);
    await cli(['encryption', a.udid, 'on', '--password-stdin'], `${marker}\n`);
    // The app: an encrypted backup, unlock with "remember", export, then a fresh engine unlocks from the secret store alone.
    let engine = appEngine(path.join(work, 'app-export'));
    const backup = await dispatch(engine.handlers, 'backup:start', { udid: a.udid });
    assert.ok(backup.ok, JSON.stringify(backup));
    assert.equal((await jobEnded(engine, (backup.value as { jobId: string }).jobId)).state, 'done');
    await cli(['backups', 'verify', a.udid, '--dir', backups, '--password-stdin'], `${marker}\n`);
    flowSteps += 3;
    const id = backupId(path.join(backups, a.udid));
    const locked = (await dispatch(engine.handlers, 'browse:open', { id })) as Result<OpenedBackup>;
    assert.ok(locked.ok && locked.value.encrypted && locked.value.locked, JSON.stringify(locked));
    const unlocked = (await dispatch(engine.handlers, 'browse:unlock', { id, password: marker, remember: true })) as Result<OpenedBackup>;
    assert.ok(unlocked.ok && !unlocked.value.locked, JSON.stringify(unlocked));
    const exported = await dispatch(engine.handlers, 'browse:export', { id, items: [{ domain: 'HomeDomain', relativePath: 'Library' }] });
    assert.ok(exported.ok && exported.value, JSON.stringify(exported));
    assert.equal((await jobEnded(engine, (exported.value as { jobId: string }).jobId)).state, 'done');
    assert.equal((await dispatch(engine.handlers, 'settings:setKeepVersions', { count: 2 })).ok, true, 'the app writes its settings file');
    const preflight = await dispatch(engine.handlers, 'restore:preflight', { udid: b.udid, backupId: id, password: marker });
    assert.ok(preflight.ok, JSON.stringify(preflight));
    await engine.close();
    engine = appEngine(path.join(work, 'app-export-2'));
    const remembered = (await dispatch(engine.handlers, 'browse:open', { id })) as Result<OpenedBackup>;
    assert.ok(remembered.ok && !remembered.value.locked, 'the remembered password unlocks the backup');
    await engine.close();
    flowSteps += 5;

    fixture.server.setFindMy(b.udid, false);
    const restored = await cli(['restore', b.udid, '--from', a.udid, '--dir', backups, '--yes', '--no-reboot', '--password-stdin'], `${marker}\n`);
    assert.match(restored.stdout, /Restored [1-9]\d* files/);
    assert.deepEqual(fs.readFileSync(b.store.pathOf('HomeDomain', 'Library/AddressBook/AddressBook.sqlitedb')), fs.readFileSync(a.store.pathOf('HomeDomain', 'Library/AddressBook/AddressBook.sqlitedb')));
    flowSteps += 1;
  } finally {
    watched = watcher.stop();
    for (const restore of writes) restore();
    if (saved === undefined) delete process.env.USBMUXD_SOCKET_ADDRESS;
    else process.env.USBMUXD_SOCKET_ADDRESS = saved;
  }

  try {
    const found: string[] = [...watched.leaks];
    let searched = 0;
    const search = (what: string, bytes: Buffer) => {
      searched += 1;
      const where = hits(bytes, marker);
      if (where.length) found.push(`${what} (${where.join(', ')})`);
    };
    for (const output of outputs) search(output.what, output.text);
    search('this process’s stdout/stderr', Buffer.concat(printed));
    for (const event of events) search(`engine event ${event.slice(0, 80)}`, Buffer.from(event));

    // Files: the test's folder (backups, exports, settings, child HOME and TMPDIR) and new temp entries.
    const deviceState = new Set([a, b].map((device) => path.join(work, 'state', 'devices', device.udid, 'device.plist')));
    const newTemp = fs.readdirSync(os.tmpdir()).filter((name) => !tmpBefore.has(name)).map((name) => path.join(os.tmpdir(), name));
    const files = [...new Set([...filesBelow(work), ...newTemp.flatMap((entry) => (fs.statSync(entry, { throwIfNoEntry: false })?.isDirectory() ? filesBelow(entry) : [entry]))])];
    let deviceHits = 0;
    for (const file of files) {
      let bytes: Buffer;
      try {
        if (fs.statSync(file).size > 256 * 1024 * 1024) continue;
        bytes = fs.readFileSync(file);
      } catch {
        continue;
      }
      if (deviceState.has(file)) deviceHits += hits(bytes, marker).length ? 1 : 0;
      else search(file, bytes);
    }
    assert.ok(deviceHits >= 1, 'the search finds the marker where the device keeps it (the scan works)');
    for (const required of ['user-data/settings.json', 'user-data/secrets.json', `backups/${a.udid}/Manifest.plist`, `backups/${a.udid}/Info.plist`, `backups/${a.udid}/Status.plist`, `backups/${a.udid}/Manifest.db`]) {
      assert.ok(files.includes(path.join(work, required)), `${required} was searched`);
    }
    assert.ok(watched.samples > 10 && watched.children > 0, `/proc sampled ${watched.samples} times, ${watched.children} child processes seen`);
    tally('secrets', 'marker password searched after an encrypted backup / browse / export / restore', {
      cases: flowSteps,
      inputs: searched + watched.samples,
      dataLost: found.length,
    });
    console.log(`searched ${searched} outputs and files, ${watched.samples} /proc samples, ${watched.children} child processes`);
    assert.deepEqual(found, [], 'the marker password leaked');
  } finally {
    await fixture.close();
  }
});
