import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeviceListItem } from '../../../shared/devices.ts';
import { MAX_FLEET_CONCURRENCY } from '../../../shared/fleet.ts';
import { DEFAULT_RESTORE_OPTIONS } from '../../store/restore-steps.ts';
import { chosenTargets, concurrencyChoices, selectAll, selectionWords, setupStart, targetChoices } from './clone-choices.ts';

const device = (udid: string, name: string, change: Partial<DeviceListItem> = {}): DeviceListItem => ({ udid, name, connection: 'usb', state: 'connected', ...change });

test('devices at once: one by one up to 8, then cart sizes, never beyond what the engine allows', () => {
  assert.deepEqual(concurrencyChoices(4), [1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 24, 32]);
  assert.deepEqual(concurrencyChoices(20).slice(-4), [16, 20, 24, 32], 'a remembered count is offered in its place');
  assert.ok(concurrencyChoices(4).every((count) => count <= MAX_FLEET_CONCURRENCY));
  assert.equal(concurrencyChoices(MAX_FLEET_CONCURRENCY + 1).length, 12);
});

test('targets: connected devices in the sidebar’s order; the golden backup’s own device can never be ticked', () => {
  const devices = [device('c', 'Loaner 10'), device('gold', 'Golden'), device('gone', 'Away', { state: 'disconnected' }), device('b', 'Loaner 2', { state: 'trust-needed' })];
  const choices = targetChoices(devices, 'gold');
  assert.deepEqual(
    choices.map((choice) => choice.label),
    ['Golden', 'Loaner 2', 'Loaner 10'],
  );
  assert.match(choices[0]?.disabledBecause ?? '', /golden backup’s own device/);
  assert.deepEqual([...selectAll(choices)], ['b', 'c'], 'Select All leaves the golden device out');
  assert.deepEqual(chosenTargets(choices, new Set(['gold', 'c', 'gone'])), ['c'], 'a golden device ticked before it became golden is not a target');
  assert.equal(selectionWords(choices, new Set(['c'])), '1 of 2 selected');
  assert.equal(selectionWords(choices, selectAll(choices)), '2 of 2 selected');
});

test('targets with the same name are told apart by model and serial', () => {
  const twins = [device('a', 'iPad', { model: 'iPad (10th generation)', serialNumber: 'DMPXK1AB12' }), device('b', 'iPad', { model: 'iPad (10th generation)', serialNumber: 'DMPXK1CD34' })];
  assert.deepEqual(
    targetChoices(twins, undefined).map((choice) => choice.label),
    ['iPad (iPad (10th generation) · …AB12)', 'iPad (iPad (10th generation) · …CD34)'],
  );
});

test('the setup opens with the last clone’s settings, else the restore wizard’s defaults', () => {
  const fresh = setupStart(undefined);
  assert.deepEqual(fresh, { pattern: '', concurrency: 4, mode: 'selected', options: { ...DEFAULT_RESTORE_OPTIONS } });
  assert.equal(fresh.options.remove, false, 'restore and clone share one default: nothing removed unless asked');
  const last = { backupId: 'lib:gold', namePattern: 'Loaner {n}', concurrency: 16, watch: true, options: { settings: false, system: true, remove: true, reboot: false } };
  assert.deepEqual(setupStart(last), { backupId: 'lib:gold', pattern: 'Loaner {n}', concurrency: 16, mode: 'every', options: last.options });
  assert.notEqual(setupStart(last).options, last.options, 'a copy: changing the setup never changes the settings');
});
