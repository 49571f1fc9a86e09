/**
 * `cradle … | head -1`: when the reader of the output goes away, the command ends quietly with exit 0 (no
 * EPIPE stack trace), and a backup under way is cancelled as Ctrl+C cancels it, leaving the device and the
 * backup folder ready for the next backup.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { peerToolsMissing, startFixture, type Fixture } from '../helpers/fixture.ts';
import { runCradle, runCradleWithClosedOutput } from './cradle-cli.ts';

let fixture: Fixture;
let udid: string;

before(async () => {
  fixture = await startFixture({ devices: 1 });
  udid = fixture.server.devices[0]!.udid;
});
after(() => fixture.close());

describe('a closed output', { skip: peerToolsMissing }, () => {
  test('listing commands end with exit 0 and nothing on stderr', async () => {
    const backups = path.join(fixture.dir, 'empty-library');
    fs.mkdirSync(backups);
    for (const args of [['devices'], ['devices', '--json'], ['--help'], ['backups', 'list', '--dir', backups]]) {
      const { code, stderr } = await runCradleWithClosedOutput(fixture.server, args);
      assert.equal(code, 0, `cradle ${args.join(' ')}: ${stderr}`);
      assert.equal(stderr, '', `cradle ${args.join(' ')} writes no stack trace`);
    }
  });

  test('a backup whose output closes is cancelled cleanly: exit 0, and the next backup succeeds', async () => {
    assert.equal((await runCradle(fixture.server, ['pair', udid])).code, 0);
    const dir = path.join(fixture.dir, 'backups');
    const closed = await runCradleWithClosedOutput(fixture.server, ['backup', udid, '--dir', dir, '--json']);
    assert.equal(closed.code, 0, closed.stderr);
    assert.doesNotMatch(closed.stderr, /EPIPE|at .*\.m?[jt]s:\d+/);
    const next = await runCradle(fixture.server, ['backup', udid, '--dir', dir]);
    assert.equal(next.code, 0, next.stderr);
    const verified = await runCradle(fixture.server, ['backups', 'verify', path.join(dir, udid)]);
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
  });
});
