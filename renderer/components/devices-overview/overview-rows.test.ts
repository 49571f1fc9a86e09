import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeviceListItem } from '../../../shared/devices.ts';
import type { FleetTile } from '../../../shared/fleet.ts';
import type { BackupSummary } from '../../../shared/library.ts';
import type { JobView } from '../../store/jobs-reducer.ts';
import { fleetCountsWords, lastBackupDates, nextSortOrder, overviewRows, rowStatus, sortRows, type OverviewRow } from './overview-rows.ts';

const device = (udid: string, extra: Partial<DeviceListItem> = {}): DeviceListItem => ({ udid, connection: 'usb', state: 'connected', ...extra });
const backup = (udid: string, date: string, extra: Partial<BackupSummary> = {}): BackupSummary => ({
  id: `${udid}-${date}`,
  path: `/b/${udid}`,
  udid,
  date,
  sizeBytes: 1,
  encrypted: false,
  complete: true,
  source: 'cradle',
  state: 'complete',
  location: '/b',
  format: 'modern',
  problems: [],
  ...extra,
});
const names = (rows: readonly OverviewRow[]) => rows.map((row) => row.label);

test('the last backup of a device is its newest complete one, archives and versions included', () => {
  const dates = lastBackupDates([
    backup('AAA', '2026-05-01T10:00:00Z'),
    backup('aaa', '2026-05-03T10:00:00Z', { state: 'version' }),
    backup('AAA', '2026-05-09T10:00:00Z', { complete: false, state: 'incomplete' }),
    backup('BBB', '2026-04-01T10:00:00Z', { state: 'archived' }),
    backup('CCC', '', {}),
  ]);
  assert.equal(dates.get('aaa'), '2026-05-03T10:00:00Z');
  assert.equal(dates.get('bbb'), '2026-04-01T10:00:00Z');
  assert.equal(dates.has('ccc'), false);
});

test('a row says what its device is doing: a running job first, then the queue, then the device', () => {
  const running: JobView = { jobId: 'j', kind: 'backup', udid: 'A', state: 'running', progress: { bytesDone: 1, filesDone: 1, fraction: 0.42 } };
  const tile = (state: FleetTile['state'], extra: Partial<FleetTile> = {}): FleetTile => ({ udid: 'A', state, ...extra });
  assert.equal(rowStatus(device('A'), undefined, running).words, 'Backing up 42 %');
  assert.equal(rowStatus(device('A'), tile('backing-up', { fraction: 0.1 }), { ...running, progress: undefined }).words, 'Backing up 10 %');
  assert.equal(rowStatus(device('A'), undefined, { ...running, prompt: { prompt: 'passcode', message: '' } }).words, 'Enter the passcode on the device');
  assert.equal(rowStatus(device('A'), undefined, { ...running, state: 'queued' }).words, 'Waiting');
  assert.equal(rowStatus(device('A'), tile('waiting'), undefined).words, 'Waiting');
  assert.equal(rowStatus(device('A', { state: 'locked' }), tile('done'), undefined).words, 'Locked');
  assert.deepEqual(rowStatus(device('A'), tile('done'), undefined), { words: 'Backed up', tone: 'ok' });
  assert.deepEqual(rowStatus(device('A'), tile('failed', { error: 'The iPhone was disconnected.' }), undefined), {
    words: 'Failed',
    tone: 'bad',
    detail: 'The iPhone was disconnected.',
    canRetry: true,
  });
  assert.equal(rowStatus(device('A'), tile('skipped', { skippedBecause: 'Backed up 2 hours ago' }), undefined).detail, 'Backed up 2 hours ago');
  assert.equal(rowStatus(device('A', { state: 'trust-needed' }), undefined, undefined).words, 'Trust needed');
  assert.equal(rowStatus(device('A'), undefined, undefined).words, 'Connected');
});

test('rows sort by any column, unknown values last in both directions, ties in the sidebar order', () => {
  const devices = [
    device('U1', { name: 'Loaner 10', iosVersion: '17.5', batteryPercent: 80, serialNumber: 'S3' }),
    device('U2', { name: 'Loaner 2', iosVersion: '9.3', serialNumber: 'S1' }),
    device('U3', { name: 'Anna', iosVersion: '17.10', batteryPercent: 15, serialNumber: 'S2' }),
    device('U4', { name: 'Loaner 2', iosVersion: '17.5', batteryPercent: 80 }),
  ];
  const dates = new Map([
    ['u1', '2026-05-01T00:00:00Z'],
    ['u3', '2026-05-09T00:00:00Z'],
  ]);
  const rows = overviewRows(devices, dates, [{ udid: 'U3', state: 'failed' }], () => undefined);
  assert.deepEqual(names(rows), ['Anna', 'Loaner 2 (…U4)', 'Loaner 2 (…S1)', 'Loaner 10'], 'same-named devices told apart');
  assert.deepEqual(
    rows.map((row) => row.distinction),
    [undefined, '…U4', '…S1', undefined],
  );
  assert.deepEqual(names(sortRows(rows, { key: 'name', descending: true })), ['Loaner 10', 'Loaner 2 (…U4)', 'Loaner 2 (…S1)', 'Anna']);
  const ios = (descending: boolean) => sortRows(rows, { key: 'ios', descending }).map((row) => row.device.iosVersion);
  assert.deepEqual(ios(false), ['9.3', '17.5', '17.5', '17.10']);
  assert.deepEqual(ios(true), ['17.10', '17.5', '17.5', '9.3']);
  const battery = (descending: boolean) => sortRows(rows, { key: 'battery', descending }).map((row) => row.device.udid);
  assert.deepEqual(battery(false), ['U3', 'U4', 'U1', 'U2']);
  assert.deepEqual(battery(true), ['U4', 'U1', 'U3', 'U2'], 'equal batteries keep the sidebar order; unknown stays last');
  assert.deepEqual(
    sortRows(rows, { key: 'lastBackup', descending: false }).map((row) => row.device.udid),
    ['U1', 'U3', 'U4', 'U2'],
  );
  assert.deepEqual(sortRows(rows, { key: 'serial', descending: true }).map((row) => row.device.udid), ['U1', 'U3', 'U2', 'U4']);
  assert.equal(sortRows(rows, { key: 'state', descending: false })[0]?.device.udid, 'U3', 'a failed device comes first');
});

test('clicking a header sorts by it, clicking it again turns the order around', () => {
  assert.deepEqual(nextSortOrder({ key: 'name', descending: false }, 'name'), { key: 'name', descending: true });
  assert.deepEqual(nextSortOrder({ key: 'name', descending: true }, 'battery'), { key: 'battery', descending: false });
});

test('the queue says only the counts it has', () => {
  assert.equal(fleetCountsWords({ done: 2, failed: 1, skipped: 0, inProgress: 1, waiting: 0 }), '2 backed up · 1 failed · 1 in progress');
  assert.equal(fleetCountsWords({ done: 0, failed: 0, skipped: 0, inProgress: 0, waiting: 0 }), '');
});
