import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeviceListItem, DeviceState } from '../../shared/devices.ts';
import { markDeviceStale, markStale, needsSummary, type SummaryCache, type SummaryEntry } from './summary-cache.ts';

const UDID = '00008120-00080A86D7FDAF0B';
const device = (state: DeviceState): DeviceListItem => ({ udid: UDID, connection: 'usb', name: 'iPhone', state });
const ready: SummaryEntry = { status: 'ready', stale: false, request: 1 };

test('a summary goes stale when its device leaves, returns, or becomes readable or unreadable', () => {
  const cache: SummaryCache = { [UDID]: ready };
  assert.equal(markStale(cache, [device('connected')], [device('busy')]), cache, 'a job starting changes nothing');
  assert.equal(markStale(cache, [device('connected')], [device('connected')]), cache);
  assert.equal(markStale(cache, [device('connected')], [])[UDID]?.stale, true);
  assert.equal(markStale(cache, [], [device('connected')])[UDID]?.stale, true);
  assert.equal(markStale(cache, [device('trust-needed')], [device('connected')])[UDID]?.stale, true);
  assert.equal(markStale(cache, [device('connected')], [device('locked')])[UDID]?.stale, true);
});

test('a page reads the summary when none is known or a stale one is not already loading', () => {
  assert.equal(needsSummary(undefined, device('connected')), true);
  assert.equal(needsSummary(undefined, device('trust-needed')), false);
  assert.equal(needsSummary(undefined, undefined), false);
  assert.equal(needsSummary(ready, device('connected')), false);
  assert.equal(needsSummary({ ...ready, stale: true }, device('busy')), true);
  assert.equal(needsSummary({ ...ready, status: 'loading', stale: true }, device('connected')), false);
  assert.equal(needsSummary({ status: 'error', stale: false, request: 2 }, device('connected')), false, 'an error waits for Try Again');
});

test('a job that changed the device marks only its summary stale', () => {
  const other = '00008101-000B5D033CBED531';
  const cache: SummaryCache = { [UDID]: ready, [other]: ready };
  const next = markDeviceStale(cache, UDID);
  assert.equal(next[UDID]?.stale, true);
  assert.equal(next[other], ready);
  assert.equal(markDeviceStale(next, UDID), next, 'already stale: nothing changes');
  assert.equal(markDeviceStale(cache, 'unknown'), cache, 'a summary never read is read when shown anyway');
});
