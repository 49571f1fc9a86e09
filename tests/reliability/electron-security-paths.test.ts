/**
 * No path from the renderer reaches the file system unchecked. Every string field of the IPC contract is
 * classified; the ones that name something on disk (a backup reference, a library location, a domain and
 * path inside a backup) are listed, and each is proved confined against a real backup of a virtual
 * device: a backup outside the library or behind a link is refused, `..` and absolute names select
 * nothing and write nothing outside the folder the person picked, exports go only where the host's
 * dialog says, and a location not in the settings cannot be removed.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { INVOKE_CHANNELS, type InvokeChannel } from '../../shared/ipc/channels.ts';
import { invokeContract } from '../../shared/ipc/contract.ts';
import type { Page, TreeItem } from '../../shared/browse.ts';
import type { Result } from '../../shared/ipc/result.ts';
import { dispatch } from '../../electron/engine/api/dispatch.ts';
import { startBackup } from '../../electron/engine/api/backup-handlers.ts';
import { createEngine, type Engine } from '../../electron/engine/api/handlers.ts';
import { backupId } from '../../electron/engine/library/backup-id.ts';
import type { DeviceState } from '../virtual-device/device.ts';
import { stringFields, validSamples } from '../helpers/contract-payloads.ts';
import { fingerprint } from '../helpers/fingerprint.ts';
import { peerToolsMissing, startFixture, type Fixture } from '../helpers/fixture.ts';
import { jobEnded } from '../helpers/job-ended.ts';
import { tally } from '../helpers/reliability-tally.ts';
import { pairAll } from '../integration/idevicebackup2.ts';

/** What each string field of the contract names. Path-bearing kinds are proved confined below. */
const FIELD_KINDS: Record<string, 'device' | 'backup reference' | 'library location' | 'item in a backup' | 'file id' | 'job id' | 'text' | 'password'> = {
  udid: 'device',
  'udids[]': 'device',
  id: 'backup reference',
  backupId: 'backup reference',
  path: 'library location',
  domain: 'item in a backup',
  relativePath: 'item in a backup',
  'items[].domain': 'item in a backup',
  'items[].relativePath': 'item in a backup',
  fileID: 'file id',
  jobId: 'job id',
  name: 'text',
  query: 'text',
  itemId: 'text',
  namePattern: 'text',
  dailyAt: 'text',
  password: 'password',
  newPassword: 'password',
  oldPassword: 'password',
};

/** The channels that take a path or a backup reference, as the contract says today. */
const PATH_CHANNELS: InvokeChannel[] = [
  'library:archive', 'library:delete', 'library:showInFolder', 'library:removeLocation', 'library:verify',
  'browse:open', 'browse:unlock', 'browse:close', 'browse:domains', 'browse:list', 'browse:search', 'browse:details',
  'browse:preview', 'browse:export', 'browse:overview', 'browse:category', 'browse:thread', 'browse:thumbnail',
  'browse:revealPassword', 'browse:exportCategory', 'browse:goldenReview', 'restore:preflight', 'restore:start', 'clone:start',
];

const HOSTILE_NAMES = ['..', '../..', '../../../../../../etc', '/etc/passwd', 'Library/../../..', './..', '.', '\\..\\..', 'C:\\Windows', 'a\0b', '~/.ssh', '%2e%2e/%2e%2e'];

let fixture: Fixture;
let device: DeviceState;
let engine: Engine;
let library: string;
let outside: string;
let picked: string;
const hostCalls: { call: string; path?: string }[] = [];
let nextPick: string | undefined;

/** The temp root's files and folders, except the device's own state and the picked export folder. */
function snapshot(): { entries: string[]; files: [string, string][] } {
  const keep = (name: string) => !name.startsWith('state') && !name.startsWith('picked');
  const entries = fs.readdirSync(fixture.dir, { recursive: true }).map(String).filter(keep).sort();
  return { entries, files: [...fingerprint(fixture.dir)].filter(([name]) => keep(name)) };
}

async function call(channel: InvokeChannel, payload: unknown): Promise<Result<unknown>> {
  return dispatch(engine.handlers, channel, payload);
}

before(async () => {
  if (peerToolsMissing) return;
  fixture = await startFixture({ devices: 1 });
  device = fixture.server.devices[0]!;
  library = path.join(fixture.dir, 'library');
  outside = path.join(fixture.dir, 'outside');
  picked = path.join(fixture.dir, 'picked');
  process.env.USBMUXD_SOCKET_ADDRESS = fixture.server.address;
  engine = createEngine({
    backupFolder: library,
    settingsFile: path.join(fixture.dir, 'settings.json'),
    chooseFolder: async () => (hostCalls.push({ call: 'chooseFolder' }), nextPick),
    trashItem: async (target) => void hostCalls.push({ call: 'trashItem', path: target }),
    showInFolder: (target) => void hostCalls.push({ call: 'showInFolder', path: target }),
  });
  await pairAll(fixture.server);
  await (await startBackup(engine, device.udid, { folder: library })).result;
  // The same backup outside the library, and a link to it inside the library.
  fs.cpSync(path.join(library, device.udid), path.join(outside, device.udid), { recursive: true });
  fs.symlinkSync(path.join(outside, device.udid), path.join(library, 'linked-backup'));
});

after(async () => {
  await engine?.close();
  await fixture?.close();
  delete process.env.USBMUXD_SOCKET_ADDRESS;
});

test('every string field of the contract is classified; these channels take a path or a backup reference', () => {
  const pathChannels: string[] = [];
  for (const channel of INVOKE_CHANNELS) {
    const fields = stringFields(invokeContract[channel].request);
    for (const field of fields) assert.ok(FIELD_KINDS[field], `${channel}: classify the new field "${field}" and prove it confined`);
    if (fields.some((field) => ['backup reference', 'library location', 'item in a backup'].includes(FIELD_KINDS[field]!))) pathChannels.push(channel);
  }
  assert.deepEqual(pathChannels.sort(), [...PATH_CHANNELS].sort());
  // No request can carry a folder to write to: exports and folder choices go through the host's dialog.
  for (const channel of INVOKE_CHANNELS) {
    for (const key of ['outDir', 'folder', 'dir', 'destination', 'target', 'file']) {
      for (const sample of validSamples(invokeContract[channel].request)) {
        if (!sample || typeof sample !== 'object' || Array.isArray(sample)) continue;
        assert.equal(invokeContract[channel].request.safeParse({ ...sample, [key]: '/tmp/not-picked' }).success, false, `${channel} accepts ${key}`);
      }
    }
  }
  // A backup reference cannot spell a path: no separator, no dot, no drive letter gets through.
  const references = [invokeContract['browse:open'].request, invokeContract['restore:preflight'].request];
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => /[/\\.:~%\0]/.test(s)), (reference) => {
      assert.equal(references[0]!.safeParse({ id: reference }).success, false);
      assert.equal(references[1]!.safeParse({ udid: '00008120-00080A86D7FDAF0B', backupId: reference }).success, false);
    }),
    { numRuns: 500, seed: 8 },
  );
  tally('electron', 'contract string fields classified (path-taking channels listed)', { cases: PATH_CHANNELS.length, inputs: 500 });
});

test('a backup outside the library cannot be reached by its id on any channel; a linked one is not deleted or archived', { skip: peerToolsMissing }, async () => {
  const before = snapshot();
  const jobsBefore = engine.jobs.list().length;
  const foreignId = backupId(path.join(outside, device.udid));
  let sent = 0;
  for (const channel of PATH_CHANNELS) {
    for (const sample of validSamples(invokeContract[channel].request)) {
      const request = sample as Record<string, unknown>;
      if (!('id' in request) && !('backupId' in request)) continue;
      const payload = { ...request, ...('id' in request ? { id: foreignId } : { backupId: foreignId }), ...('udid' in request ? { udid: device.udid } : {}) };
      const answer = await call(channel, payload);
      // Closing a backup that is not open does nothing, whatever it names.
      const expected = channel === 'browse:close' ? { ok: true } : { ok: false, code: 'BACKUP_NOT_FOUND' };
      assert.deepEqual(answer.ok ? { ok: true } : { ok: false, code: answer.error.code }, expected, `${channel} ${JSON.stringify(answer).slice(0, 200)}`);
      sent += 1;
    }
  }
  const linked = backupId(path.join(library, 'linked-backup'));
  for (const channel of ['library:delete', 'library:archive', 'library:showInFolder'] as const) {
    const answer = await call(channel, { id: linked });
    assert.equal(!answer.ok && answer.error.code, 'FORBIDDEN', `${channel} through a link`);
    sent += 1;
  }
  assert.deepEqual(hostCalls, [], 'no trash, no file manager, no dialog');
  assert.deepEqual(snapshot(), before, 'nothing changed on disk');
  assert.equal(engine.jobs.list().length, jobsBefore, 'no job started');
  // The control: the library's own backup is found, and only its own folder is shown.
  assert.equal((await call('library:showInFolder', { id: backupId(path.join(library, device.udid)) })).ok, true);
  assert.deepEqual(hostCalls.splice(0), [{ call: 'showInFolder', path: path.join(library, device.udid) }]);
  tally('electron', 'backup references outside the library or behind a link refused', { cases: PATH_CHANNELS.length + 3, inputs: sent });
});

test('browse: `..` and absolute names list only what the manifest holds, and export nothing outside the picked folder', { skip: peerToolsMissing }, async () => {
  const id = backupId(path.join(library, device.udid));
  assert.equal((await call('browse:open', { id })).ok, true);
  const before = snapshot();
  const domains = ['HomeDomain', 'CameraRollDomain', ...HOSTILE_NAMES.filter((name) => name.length > 0)];
  let sent = 0;
  for (const domain of domains) {
    for (const relativePath of ['', ...HOSTILE_NAMES]) {
      const listed = await call('browse:list', { id, domain, relativePath });
      sent += 1;
      if (listed.ok) {
        for (const item of (listed.value as Page<TreeItem>).items) {
          assert.ok(device.store.get(item.domain, item.relativePath) || item.kind === 'directory', `${item.domain}/${item.relativePath} is not the device's`);
          assert.ok(!HOSTILE_NAMES.includes(relativePath) || relativePath === '.' || (listed.value as Page<TreeItem>).total === 0, `${domain} ${relativePath} listed something`);
        }
      }
      if (!HOSTILE_NAMES.includes(domain) && relativePath === '') continue;
      nextPick = picked;
      const exported = await call('browse:export', { id, items: [{ domain, relativePath }] });
      sent += 1;
      if (exported.ok && exported.value) await jobEnded(engine, (exported.value as { jobId: string }).jobId);
    }
  }
  for (const query of HOSTILE_NAMES) {
    const found = await call('browse:search', { id, query });
    sent += 1;
    if (found.ok) for (const item of (found.value as Page<TreeItem>).items) assert.ok(device.store.get(item.domain, item.relativePath) || item.kind === 'directory');
  }
  assert.deepEqual(snapshot(), before, 'nothing written outside the picked folder');
  const stray = fs.existsSync(picked) ? fs.readdirSync(picked, { recursive: true }).map(String) : [];
  assert.deepEqual(stray, [], 'hostile selections selected nothing');

  // The control: a real folder lands in the picked folder, byte for byte; a cancelled dialog writes nothing.
  const exported = await call('browse:export', { id, items: [{ domain: 'HomeDomain', relativePath: 'Library/AddressBook' }] });
  assert.ok(exported.ok && exported.value, JSON.stringify(exported));
  assert.equal((await jobEnded(engine, (exported.value as { jobId: string }).jobId)).state, 'done');
  const book = fs.readFileSync(path.join(picked, 'AddressBook', 'AddressBook.sqlitedb'));
  assert.deepEqual(book, fs.readFileSync(device.store.pathOf('HomeDomain', 'Library/AddressBook/AddressBook.sqlitedb')));
  nextPick = undefined;
  const cancelled = await call('browse:export', { id, items: [{ domain: 'HomeDomain', relativePath: '' }] });
  assert.deepEqual(cancelled, { ok: true, value: undefined });
  assert.deepEqual(snapshot(), before);
  assert.equal(hostCalls.filter((c) => c.call === 'chooseFolder').length, hostCalls.length, 'only the folder dialog was used');
  hostCalls.splice(0);
  tally('electron', 'hostile domain/relativePath in browse and export confined', { cases: 4, inputs: sent });
});

test('library:removeLocation only removes a location the settings list; nothing on disk is touched', { skip: peerToolsMissing }, async () => {
  nextPick = outside;
  assert.equal((await call('library:addLocation', {})).ok, true);
  const before = snapshot();
  const tries = ['/', '..', '../../..', library, `${outside}/..`, `${outside}-other`, '/etc', picked, path.join(outside, device.udid), ...HOSTILE_NAMES];
  for (const candidate of tries) {
    const answer = await call('library:removeLocation', { path: candidate });
    assert.equal(!answer.ok && answer.error.code, 'VALIDATION', candidate);
  }
  assert.deepEqual(snapshot(), before);
  assert.equal((await call('library:removeLocation', { path: outside })).ok, true, 'the listed location is removed');
  assert.ok(fs.existsSync(path.join(outside, device.udid, 'Manifest.db')), 'removing a location never deletes it');
  hostCalls.splice(0);
  tally('electron', 'library:removeLocation with unlisted paths refused', { cases: 1, inputs: tries.length + 1 });
});
