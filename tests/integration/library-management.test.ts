/**
 * Library management with real backups of the virtual devices: added locations (one unplugged), Archive
 * (dated copies never overwritten, sharing data files), Delete (to the host's Trash, only library
 * backups; permanent only with the CLI's --yes) and automatic versions kept by the backup engine.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { dispatch } from '../../electron/engine/api/dispatch.ts';
import { createEngine, type Engine, type EngineHost } from '../../electron/engine/api/handlers.ts';
import { backupId } from '../../electron/engine/library/backup-id.ts';
import type { InvokeChannel } from '../../shared/ipc/channels.ts';
import type { RequestOf, ResponseOf } from '../../shared/ipc/contract.ts';
import type { BackupSummary } from '../../shared/library.ts';
import { fingerprint } from '../helpers/fingerprint.ts';
import { peerToolsMissing, startFixture, type Fixture } from '../helpers/fixture.ts';
import type { DeviceState } from '../virtual-device/device.ts';
import { runCradle } from './cradle-cli.ts';
import { dataFileInodes, pairAll, runOk } from './idevicebackup2.ts';

const DATED = /^(.+)-\d{8}-\d{6}$/;

describe('library management with virtual devices', { skip: peerToolsMissing }, () => {
  let fixture: Fixture;
  let a: DeviceState;
  let b: DeviceState;
  let main: string;
  const engines: Engine[] = [];

  /** An engine on the main backup folder, with settings in the fixture and the given host capabilities. */
  function engineWith(host: EngineHost = {}): Engine {
    const engine = createEngine({ backupFolder: main, settingsFile: path.join(fixture.dir, 'settings.json'), ...host });
    engines.push(engine);
    return engine;
  }

  async function ok<C extends InvokeChannel>(engine: Engine, channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
    const result = await dispatch(engine.handlers, channel, request);
    assert.ok(result.ok, `${channel}: ${JSON.stringify(!result.ok && result.error)}`);
    return result.value as ResponseOf<C>;
  }

  async function failure<C extends InvokeChannel>(engine: Engine, channel: C, request: RequestOf<C>): Promise<string> {
    const result = await dispatch(engine.handlers, channel, request);
    assert.ok(!result.ok, `${channel} should have failed`);
    return result.error.code;
  }

  async function backUp(device: DeviceState, folder: string, ...more: string[]): Promise<void> {
    const run = await runCradle(fixture.server, ['backup', device.udid, '--dir', folder, '--json', ...more]);
    assert.equal(run.code, 0, run.stderr);
  }

  before(async () => {
    fixture = await startFixture({ devices: 2 });
    [a, b] = fixture.server.devices as [DeviceState, DeviceState];
    main = path.join(fixture.dir, 'backups');
    await pairAll(fixture.server);
    await backUp(a, main);
  });

  after(async () => {
    for (const engine of engines) await engine.close();
    await fixture?.close();
  });

  test('added locations: listed with their backups; an unplugged one shows as missing, never as an error', async () => {
    const external = path.join(fixture.dir, 'External Disk');
    const unplugged = path.join(fixture.dir, 'Unplugged Disk');
    fs.mkdirSync(unplugged);
    fs.mkdirSync(external);
    await runOk(fixture.server, 'idevicebackup2', ['-u', b.udid, 'backup', '--full', external]);
    const chosen = [external, unplugged];
    const engine = engineWith({ chooseFolder: async () => chosen.shift() });
    await ok(engine, 'library:addLocation', {});
    await ok(engine, 'library:addLocation', {});
    fs.rmSync(unplugged, { recursive: true });

    const settings = await ok(engine, 'settings:get', {});
    assert.deepEqual(settings.locations, [
      { path: main, kind: 'backup-folder', available: true },
      { path: external, kind: 'added', available: true },
      { path: unplugged, kind: 'added', available: false },
    ]);
    const listed = await ok(engine, 'library:list', {});
    assert.deepEqual(listed.map((backup) => [backup.udid, backup.location, backup.source, backup.state]).sort(), [
      [a.udid, main, 'cradle', 'complete'],
      [b.udid, external, 'idevicebackup2', 'complete'],
    ].sort());

    assert.equal(await failure(engine, 'library:removeLocation', { path: main }), 'VALIDATION', 'the backup folder is not an added location');
    assert.equal(await failure(engine, 'library:removeLocation', { path: '/etc' }), 'VALIDATION');
    const removed = await ok(engine, 'library:removeLocation', { path: external });
    assert.deepEqual(removed.locations.map((location) => location.path), [main, unplugged]);
    assert.deepEqual((await ok(engine, 'library:list', {})).map((backup) => backup.udid), [a.udid]);
    assert.ok(fs.existsSync(path.join(external, b.udid, 'Manifest.db')), 'removing a location leaves its backups on disk');
    await ok(engine, 'library:removeLocation', { path: unplugged });
    assert.equal(await failure(engineWith(), 'library:addLocation', {}), 'VALIDATION', 'without a folder dialog (browser mode) nothing is added');
  });

  test('archive: dated copies next to the backup, never overwritten, sharing data files; later backups leave them alone', async () => {
    const engine = engineWith();
    const live = path.join(main, a.udid);
    const first = await ok(engine, 'library:archive', { id: backupId(live) });
    const second = await ok(engine, 'library:archive', { id: backupId(live) });
    assert.notEqual(first.path, second.path);
    for (const archive of [first, second]) {
      assert.equal(DATED.exec(path.basename(archive.path))?.[1], a.udid);
      assert.deepEqual([archive.state, archive.udid, archive.complete, archive.source, archive.location], ['archived', a.udid, true, 'cradle', main]);
      assert.deepEqual(dataFileInodes(archive.path), dataFileInodes(live), 'every data file is a hard link');
      assert.notEqual(fs.statSync(path.join(archive.path, 'Manifest.db')).ino, fs.statSync(path.join(live, 'Manifest.db')).ino);
    }
    const archived = fingerprint(first.path);
    assert.deepEqual(archived, fingerprint(live));

    a.store.writeFile('HomeDomain', 'Library/Notes/after-archive.txt', Buffer.from('written after the archive'));
    a.store.save();
    await backUp(a, main);
    assert.deepEqual(fingerprint(first.path), archived, 'the archive is as it was');
    assert.notDeepEqual(fingerprint(live), archived, 'the live backup moved on');

    const cli = await runCradle(fixture.server, ['backups', 'archive', a.udid, '--dir', main, '--json']);
    assert.equal(cli.code, 0, cli.stderr);
    const third = JSON.parse(cli.stdout) as BackupSummary;
    assert.equal(third.state, 'archived');
    assert.deepEqual(fingerprint(third.path), fingerprint(live));
    const states = (await ok(engine, 'library:list', {})).filter((backup) => backup.udid === a.udid).map((backup) => backup.state);
    assert.deepEqual(states.sort(), ['archived', 'archived', 'archived', 'complete']);
  });

  test('delete: only library backups go to the host’s Trash, by id; the CLI deletes for good only with --yes', async () => {
    const trashed: string[] = [];
    const trash = path.join(fixture.dir, 'Trash');
    fs.mkdirSync(trash, { recursive: true });
    const engine = engineWith({ trashItem: async (item) => {
      trashed.push(item);
      fs.renameSync(item, path.join(trash, path.basename(item)));
    } });
    const archives = (await ok(engine, 'library:list', {})).filter((backup) => backup.state === 'archived');
    assert.ok(archives.length >= 2);
    await ok(engine, 'library:delete', { id: archives[0]!.id });
    assert.deepEqual(trashed, [archives[0]!.path]);
    assert.ok(!(await ok(engine, 'library:list', {})).some((backup) => backup.id === archives[0]!.id));

    const notBackup = path.join(main, 'not-a-backup');
    fs.mkdirSync(notBackup);
    const hidden = path.join(main, '.cradle-staging');
    fs.cpSync(path.join(main, a.udid, 'Manifest.plist'), path.join(hidden, 'Manifest.plist'), { recursive: true });
    assert.equal(await failure(engine, 'library:delete', { id: backupId(notBackup) }), 'FORBIDDEN');
    assert.equal(await failure(engine, 'library:delete', { id: backupId(hidden) }), 'FORBIDDEN');
    assert.equal(await failure(engine, 'library:delete', { id: backupId(path.join(fixture.dir, 'state')) }), 'BACKUP_NOT_FOUND', 'a folder outside the locations');
    assert.equal(await failure(engine, 'library:delete', { id: 'ffffffffffffffff' }), 'BACKUP_NOT_FOUND');
    assert.equal(await failure(engine, 'library:delete', { path: archives[1]!.path } as never), 'VALIDATION', 'the renderer cannot send a path');
    assert.equal(trashed.length, 1, 'nothing else reached the Trash');
    assert.ok(fs.existsSync(notBackup) && fs.existsSync(hidden));
    assert.equal(await failure(engineWith(), 'library:delete', { id: archives[1]!.id }), 'FORBIDDEN', 'no Trash (browser mode): refused');
    assert.ok(fs.existsSync(archives[1]!.path));

    const unconfirmed = await runCradle(fixture.server, ['backups', 'delete', archives[1]!.path]);
    assert.equal(unconfirmed.code, 2);
    assert.match(unconfirmed.stderr, /permanently.*--yes/);
    assert.ok(fs.existsSync(archives[1]!.path));
    const refused = await runCradle(fixture.server, ['backups', 'delete', notBackup, '--yes']);
    assert.notEqual(refused.code, 0);
    assert.ok(fs.existsSync(notBackup));
    const confirmed = await runCradle(fixture.server, ['backups', 'delete', archives[1]!.path, '--yes', '--json']);
    assert.equal(confirmed.code, 0, confirmed.stderr);
    assert.deepEqual(JSON.parse(confirmed.stdout), { deleted: archives[1]!.path });
    assert.ok(!fs.existsSync(archives[1]!.path));
    fs.rmSync(hidden, { recursive: true });
    fs.rmSync(notBackup, { recursive: true });
  });

  test('show in folder: the host is given the backup folder; without the capability the channel refuses; a busy device is left alone', async () => {
    const shown: string[] = [];
    const live = path.join(main, a.udid);
    await ok(engineWith({ showInFolder: (folder) => void shown.push(folder) }), 'library:showInFolder', { id: backupId(live) });
    assert.deepEqual(shown, [live]);
    assert.equal(await failure(engineWith(), 'library:showInFolder', { id: backupId(live) }), 'FORBIDDEN');
    const settings = await ok(engineWith({ showInFolder: () => undefined, trashItem: async () => undefined }), 'settings:get', {});
    assert.deepEqual([settings.canShowInFolder, settings.canTrash], [true, true]);

    const engine = engineWith({ trashItem: async () => assert.fail('a busy device’s backup must not be deleted') });
    const busy = engine.jobs.start('backup', a.udid, (job) => new Promise((resolve) => job.signal.addEventListener('abort', resolve)));
    assert.equal(await failure(engine, 'library:archive', { id: backupId(live) }), 'BUSY');
    assert.equal(await failure(engine, 'library:delete', { id: backupId(live) }), 'BUSY');
    engine.jobs.cancel(busy.jobId);
    await busy.result.catch(() => undefined);
  });

  test('versions: with 2 to keep, four backups leave the newest and the two before it, byte for byte; the first is pruned', async () => {
    const folder = path.join(fixture.dir, 'versioned');
    const prints: Map<string, string>[] = [];
    for (let round = 0; round < 4; round++) {
      a.store.writeFile('HomeDomain', 'Library/Notes/round.txt', Buffer.from(`round ${round}`));
      a.store.save();
      await backUp(a, folder, '--keep-versions', '2');
      prints.push(fingerprint(path.join(folder, a.udid)));
    }
    const listed = await runCradle(fixture.server, ['backups', 'versions', a.udid, '--dir', folder, '--json']);
    assert.equal(listed.code, 0, listed.stderr);
    const backups = JSON.parse(listed.stdout) as BackupSummary[];
    assert.deepEqual(backups.map((backup) => backup.state), ['complete', 'version', 'version'], 'newest first');
    assert.deepEqual(fs.readdirSync(folder).sort(), backups.map((backup) => path.basename(backup.path)).sort(), 'nothing else is left');
    const live = path.join(folder, a.udid);
    for (const [index, version] of backups.slice(1).entries()) {
      const print = fingerprint(version.path);
      print.delete('.cradle-version');
      assert.deepEqual(print, prints[2 - index], `${path.basename(version.path)} is the backup of round ${2 - index}`);
      assert.equal(version.complete, true);
      const shared = [...dataFileInodes(version.path)].filter(([name, inode]) => dataFileInodes(live).get(name) === inode);
      assert.ok(shared.length > 10, 'unchanged files are shared with the newest backup');
    }
  });
});
