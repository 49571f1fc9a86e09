/**
 * What `cradle` says to the person at the terminal: each command's own help, usage errors that name the
 * command and what is missing, validation errors in words (no channel names, no schemas), counts with their
 * unit, local dates (ISO in --json), "Full" for a device's first backup, and verify's count of problems it
 * did not list.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { build } from 'plist';
import { COMMAND_HELP } from '../../electron/cli/help.ts';
import { FLAG_FILE, fileIdOf, writeManifestDb } from '../virtual-device/backup/manifest-db.ts';
import { peerToolsMissing, runTool, startFixture, type Fixture } from '../helpers/fixture.ts';
import { doneSummary, runCradle } from './cradle-cli.ts';

const root = new URL('../..', import.meta.url).pathname;
const sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'cradle-cli-words-'));
after(() => fs.rmSync(sandbox, { recursive: true, force: true }));

/** `cradle <args>` with no usbmuxd: what needs no device must not need one. */
function cradle(args: string[]) {
  const result = spawnSync(process.execPath, [path.join(root, 'bin/cradle.mjs'), ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, USBMUXD_SOCKET_ADDRESS: `UNIX:${path.join(sandbox, 'no-usbmuxd')}` },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('every command has its own help, from --help, -h and cradle help <command>', () => {
  const overview = cradle(['--help']);
  assert.equal(overview.code, 0);
  for (const [name, help] of Object.entries(COMMAND_HELP)) {
    assert.ok(overview.stdout.includes(help.usage), `the overview lists ${name}`);
    const words = name.split(' ');
    for (const asked of [[...words, '--help'], [...words, '-h'], ['help', ...words]]) {
      const { code, stdout } = cradle(asked);
      assert.equal(code, 0, asked.join(' '));
      assert.ok(stdout.startsWith(`Usage: cradle ${help.usage}\n`), `${asked.join(' ')} prints its own usage:\n${stdout.slice(0, 200)}`);
      for (const option of help.options) assert.ok(stdout.includes(option), `${asked.join(' ')} explains ${option}`);
    }
  }
  const clone = cradle(['clone', '--from', 'x', '--help']).stdout;
  assert.match(clone, /--name-pattern <p>/);
  assert.doesNotMatch(clone, /backups archive|browse <backup>/, 'only clone, not the overview');
  const backups = cradle(['backups', '--help']);
  assert.equal(backups.code, 0);
  assert.match(backups.stdout, /cradle backups verify <backup>/);
});

test('wrong usage names the command, what is missing or unexpected, and its usage (exit 2)', () => {
  const cases: [string[], RegExp][] = [
    [['info'], /^cradle info: missing <udid>\.\nUsage: cradle info <udid>\n/],
    [['rename', '00008101-000000000000000C'], /^cradle rename: missing <name>\.\nUsage: cradle rename <udid> <name>\n/],
    [['info', 'a', 'b'], /^cradle info: unexpected argument "b"\./],
    [['backups', 'verify'], /^cradle backups verify: name the backup: a backup folder or a device UDID\.\nUsage: cradle backups verify <backup>\n/],
    [['backups', 'versions'], /^cradle backups versions: name the device/],
    [['backups', 'list', 'extra'], /^cradle backups list: unexpected argument "extra"\./],
    [['backups', 'frob'], /^cradle backups: unknown subcommand "frob": use list, versions, archive, delete or verify\./],
    [['backups'], /^cradle backups: missing list\|versions\|archive\|delete\|verify\./],
    [['backup'], /^cradle backup: name the device \(cradle backup <udid>\) or use --all/],
    [['doctor', '--bogus'], /^cradle doctor: Unknown option '--bogus'/],
    [['frobnicate'], /^cradle: unknown command "frobnicate"\.\n\nUsage: cradle <command>/],
    [['constructor'], /^cradle: unknown command "constructor"\./],
    [['__proto__', 'x'], /^cradle: unknown command "__proto__"\./],
    [['backups', 'toString'], /^cradle backups: unknown subcommand "toString"/],
  ];
  for (const [args, words] of cases) {
    const { code, stderr } = cradle(args);
    assert.equal(code, 2, args.join(' '));
    assert.match(stderr, words, args.join(' '));
    assert.doesNotMatch(stderr, /Unknown: /);
  }
});

test('a malformed value is refused in words: which value, what it must be; no channel name, no schema', () => {
  const words = cradle(['info', 'BOGUS']);
  assert.equal(words.code, 2);
  assert.equal(words.stderr, 'cradle: “BOGUS” is not a device UDID: 24 to 40 characters of 0–9, A–F and dashes, as `cradle devices` lists them.\n');
  const json = cradle(['info', 'BOGUS', '--json']);
  assert.equal(json.code, 2);
  const { error } = JSON.parse(json.stderr) as { error: { code: string; message: string; details: unknown } };
  assert.equal(error.code, 'VALIDATION');
  assert.deepEqual(error.details, [{ field: 'udid', problem: 'invalid_format' }]);
  assert.doesNotMatch(json.stderr, /devices:summary|pattern|\^\[0-9/);
  const long = cradle(['rename', '00008101-000000000000000C', 'x'.repeat(500)]);
  assert.equal(long.code, 2);
  assert.match(long.stderr, /^cradle: “x{57}…” is not a name of 1 to 64 characters\.\n$/, 'a long value is cut short');
});

test('verify says how many problems it did not list, in words and in --json', () => {
  const backup = path.join(sandbox, 'many-missing');
  fs.mkdirSync(backup);
  const date = new Date('2026-11-02T10:00:00Z');
  fs.writeFileSync(path.join(backup, 'Info.plist'), build({ 'Device Name': 'Phone', 'Product Version': '17.5' }));
  fs.writeFileSync(path.join(backup, 'Manifest.plist'), build({ IsEncrypted: false, Date: date, Lockdown: { ProductVersion: '17.5' } }));
  fs.writeFileSync(path.join(backup, 'Status.plist'), build({ SnapshotState: 'finished', Date: date, IsFullBackup: false, Version: '3.3' }));
  const rows = Array.from({ length: 1_005 }, (_, index) => {
    const relativePath = `Library/missing-${index}.bin`;
    const file = { relativePath, mode: 0o100644, inode: index + 1, userId: 501, groupId: 501, lastModified: 1, lastStatusChange: 1, birth: 1, size: 10, protectionClass: 3, flags: 0 };
    return { fileID: fileIdOf('HomeDomain', relativePath), domain: 'HomeDomain', relativePath, flags: FLAG_FILE, file };
  });
  writeManifestDb(path.join(backup, 'Manifest.db'), rows);
  const json = cradle(['backups', 'verify', backup, '--json']);
  assert.equal(json.code, 1, json.stderr);
  const report = JSON.parse(json.stdout) as { errors: number; issues: unknown[]; issuesNotListed: number };
  assert.deepEqual([report.errors, report.issues.length, report.issuesNotListed], [1_005, 1_000, 5]);
  const words = cradle(['backups', 'verify', backup]);
  assert.equal(words.code, 1);
  assert.match(words.stdout, /1005 error\(s\)/);
  assert.match(words.stdout, /\n {2}… and 5 more problem\(s\), not listed\.\n$/);
});

describe('with a device', { skip: peerToolsMissing }, () => {
  let fixture: Fixture;
  before(async () => {
    fixture = await startFixture({ devices: 1 });
  });
  after(() => fixture.close());

  test('a first backup says Full, the next Incremental; lists show local dates (ISO in --json) and labelled counts', async () => {
    const udid = fixture.server.devices[0]!.udid;
    const dir = path.join(fixture.dir, 'words-backups');
    assert.equal((await runTool(fixture.server, 'idevicepair', ['-u', udid, 'pair'])).code, 0);
    const first = await runCradle(fixture.server, ['backup', udid, '--dir', dir]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /\nFull, not encrypted: /);
    const second = await runCradle(fixture.server, ['backup', udid, '--dir', dir]);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /\nIncremental, not encrypted: /);
    const forced = await runCradle(fixture.server, ['backup', udid, '--dir', dir, '--full']);
    assert.match(forced.stdout, /\nFull, not encrypted: the backup holds \d+ files, [\d.]+ [KM]B; this backup received \d+ files, /);

    // One definition of files and size: backup, verify, list and summary agree.
    const backedUp = doneSummary((await runCradle(fixture.server, ['backup', udid, '--dir', dir, '--json'])).stdout) as { files: number; bytes: number; receivedFiles: number };
    const verified = JSON.parse((await runCradle(fixture.server, ['backups', 'verify', udid, '--dir', dir, '--json'])).stdout) as { files: number; bytes: number };
    const [listedBackup] = JSON.parse((await runCradle(fixture.server, ['backups', 'list', '--dir', dir, '--json'])).stdout) as { sizeBytes: number }[];
    const summarised = JSON.parse((await runCradle(fixture.server, ['browse', udid, 'summary', '--dir', dir, '--json'])).stdout) as { files: number };
    assert.ok(backedUp.files > 10, `${backedUp.files} files`);
    assert.deepEqual([verified.files, summarised.files], [backedUp.files, backedUp.files], 'files');
    assert.deepEqual([verified.bytes, listedBackup!.sizeBytes], [backedUp.bytes, backedUp.bytes], 'size');
    assert.ok(backedUp.receivedFiles < backedUp.files, 'an incremental backup receives fewer files than the backup holds');

    const list = await runCradle(fixture.server, ['backups', 'list', '--dir', dir]);
    assert.equal(list.code, 0, list.stderr);
    assert.doesNotMatch(list.stdout, /\d{4}-\d{2}-\d{2}T\d{2}:/, 'no raw ISO timestamp for people');
    const listed = JSON.parse((await runCradle(fixture.server, ['backups', 'list', '--dir', dir, '--json'])).stdout) as { date: string }[];
    assert.match(listed[0]!.date, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/, 'ISO 8601 for scripts');
    assert.ok(list.stdout.includes(new Date(listed[0]!.date).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })), list.stdout);

    const domains = await runCradle(fixture.server, ['browse', udid, 'ls', '--dir', dir]);
    assert.equal(domains.code, 0, domains.stderr);
    for (const line of domains.stdout.trim().split('\n')) assert.match(line, /^\S+ {2}\d+ items?$/, line);

    const summary = await runCradle(fixture.server, ['browse', udid, 'summary', '--dir', dir]);
    assert.equal(summary.code, 0, summary.stderr);
    for (const line of summary.stdout.split('\n')) assert.doesNotMatch(line, /only in encrypted backups.*only in encrypted backups/i, line);
  });
});
