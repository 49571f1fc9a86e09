/**
 * What a command needs is checked before it starts: numbers are plain whole numbers, the report can be
 * written. And a fleet's outcome is printed even when its report cannot be written at the end.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { peerToolsMissing, startFixture, type Fixture } from '../helpers/fixture.ts';
import { makeImmutable, makeMutable } from '../helpers/mounts.ts';
import { encodeXmlPlist } from '../../electron/engine/plist/codec.ts';
import { runCradle } from './cradle-cli.ts';

let fixture: Fixture;

before(async () => {
  fixture = await startFixture({ devices: 1 });
});
after(() => fixture.close());

describe('cradle checks before it starts', { skip: peerToolsMissing }, () => {
  test('numbers must be plain whole numbers: empty, hex, exponents and signs are usage errors', async () => {
    const udid = fixture.server.devices[0]!.udid;
    for (const [option, value] of [['--keep-versions', ''], ['--keep-versions', '0x2'], ['--keep-versions', '1e1'], ['--keep-versions', '-1'], ['--concurrency', '0x4'], ['--concurrency', ' 2']] as const) {
      // A --dir of its own: were a value taken, nothing is written into the machine's standard folder.
      const dir = ['--dir', path.join(fixture.dir, 'numbers')];
      const args = option === '--keep-versions' ? ['backup', udid, `${option}=${value}`, ...dir] : ['backup', '--all', `${option}=${value}`, ...dir];
      const { code, stderr } = await runCradle(fixture.server, args);
      assert.equal(code, 2, `${option} '${value}'`);
      assert.match(stderr, new RegExp(`${option} takes a whole number`));
    }
  });

  test('a report that cannot be written is refused before anything starts', async () => {
    const folder = path.join(fixture.dir, 'a-folder');
    fs.mkdirSync(folder);
    for (const [report, words] of [[path.join(fixture.dir, 'missing', 'out.csv'), /does not exist/], [folder, /is a folder/]] as const) {
      const { code, stderr } = await runCradle(fixture.server, ['backup', '--all', '--dir', path.join(fixture.dir, 'reports'), '--report', report]);
      assert.equal(code, 2, stderr);
      assert.match(stderr, words);
      assert.match(stderr, /--report cannot be written/);
    }
  });

  test('a report that fails to be written at the end: the outcome is still printed, exit 1', async (t) => {
    const report = path.join(fixture.dir, 'locked.csv');
    fs.writeFileSync(report, '');
    // An immutable file: writable-looking at the start, refused at the end (root included).
    const cannot = makeImmutable(report);
    if (cannot) {
      t.skip(cannot);
      return;
    }
    try {
      const { code, stdout, stderr } = await runCradle(fixture.server, ['backup', '--all', '--dir', path.join(fixture.dir, 'backups'), '--report', report]);
      assert.equal(code, 1, stderr);
      assert.match(stdout, /Backups finished: 1 done, 0 failed\./);
      assert.match(stderr, /The report could not be written to .*locked\.csv \(EPERM\); the outcome of every device is above\./);
    } finally {
      makeMutable(report);
    }
  });
});

describe('a password that is needed and not given', { skip: peerToolsMissing }, () => {
  test('exits 8, as a wrong one does, and says how to give it', async () => {
    const backup = path.join(fixture.dir, 'encrypted', '00008101-0000000000000E0E');
    fs.mkdirSync(backup, { recursive: true });
    fs.writeFileSync(path.join(backup, 'Manifest.plist'), encodeXmlPlist({ IsEncrypted: true, Version: '10.0' }));
    fs.writeFileSync(path.join(backup, 'Status.plist'), encodeXmlPlist({ SnapshotState: 'finished', Date: new Date() }));
    fs.writeFileSync(path.join(backup, 'Info.plist'), encodeXmlPlist({ 'Device Name': 'Locked' }));
    for (const args of [['browse', backup, 'ls'], ['browse', backup, 'ls', '--password-stdin']]) {
      const { code, stderr } = await runCradle(fixture.server, args, '');
      assert.equal(code, 8, `cradle ${args.join(' ')}: ${stderr}`);
      assert.match(stderr, /No password given: use --password-stdin, set CRADLE_BACKUP_PASSWORD, or run in a terminal/);
    }
  });
});
