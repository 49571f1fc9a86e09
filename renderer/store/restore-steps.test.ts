import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeviceListItem } from '../../shared/devices.ts';
import type { BackupSummary } from '../../shared/library.ts';
import type { PreflightCheck, RestorePreflight, RestoreWarning } from '../../shared/restore.ts';
import { blockers, canContinue, DEFAULT_RESTORE_OPTIONS, leftoverWords, nextStep, previousStep, suggestBackup, suggestTarget, unconfirmed, wizardSteps, type WizardFacts } from './restore-steps.ts';

const ok = (id: PreflightCheck['id']): PreflightCheck => ({ id, status: 'ok', title: id });
const error = (id: PreflightCheck['id']): PreflightCheck => ({ id, status: 'error', title: id, fix: `fix ${id}` });
const MANAGEMENT: RestoreWarning = { id: 'management-removed', serious: true, message: 'management goes' };
const PASSCODE: RestoreWarning = { id: 'new-passcode', serious: false, message: 'new passcode' };

function preflight(checks: PreflightCheck[], warnings: RestoreWarning[] = [PASSCODE]): RestorePreflight {
  return {
    udid: '00008120-00080A86D7FDAF0B',
    backupPath: '/backups/x',
    sourceUdid: '00008101-000B5D033CBED531',
    sameDevice: false,
    encrypted: false,
    backupBytes: 1,
    ok: checks.every((check) => check.status !== 'error'),
    checks,
    warnings,
  };
}

const facts = (change: Partial<WizardFacts> = {}): WizardFacts => ({
  backupId: '0123456789abcdef',
  udid: '00008120-00080A86D7FDAF0B',
  encrypted: false,
  passwordChecked: false,
  confirmed: new Set(),
  finished: false,
  ...change,
});

test('the Password step is on the way only for an encrypted backup', () => {
  assert.deepEqual(wizardSteps(false), ['choose', 'check', 'review', 'restoring', 'done']);
  assert.deepEqual(wizardSteps(true), ['choose', 'check', 'password', 'review', 'restoring', 'done']);
  assert.equal(nextStep('check', false), 'review');
  assert.equal(nextStep('check', true), 'password');
  assert.equal(nextStep('done', true), undefined);
});

test('Back goes one step back before the restore starts, never once it runs', () => {
  assert.equal(previousStep('review', true), 'password');
  assert.equal(previousStep('review', false), 'check');
  assert.equal(previousStep('choose', false), undefined);
  assert.equal(previousStep('restoring', false), undefined);
  assert.equal(previousStep('done', false), undefined);
});

test('choosing needs both a backup and a device', () => {
  assert.equal(canContinue('choose', facts()), true);
  assert.equal(canContinue('choose', facts({ udid: undefined })), false);
  assert.equal(canContinue('choose', facts({ backupId: undefined })), false);
});

test('the check stops on any ✕, and waits for a pre-flight at all', () => {
  assert.equal(canContinue('check', facts()), false, 'not checked yet');
  assert.equal(canContinue('check', facts({ preflight: preflight([ok('find-my'), error('ios-version')]) })), false);
  assert.equal(canContinue('check', facts({ preflight: preflight([ok('find-my'), { ...ok('battery'), status: 'warning' }]) })), true, 'a ⚠ may go on');
});

test('an encrypted backup: the password ✕ waits for its step, then must be right', () => {
  const locked = preflight([ok('find-my'), error('password')]);
  assert.deepEqual(blockers(locked, true), []);
  assert.equal(canContinue('check', facts({ encrypted: true, preflight: locked })), true);
  assert.equal(canContinue('password', facts({ encrypted: true, preflight: locked })), false, 'no password checked yet');
  assert.equal(canContinue('password', facts({ encrypted: true, preflight: locked, passwordChecked: true })), false, 'a wrong password');
  assert.equal(canContinue('password', facts({ encrypted: true, preflight: preflight([ok('password'), error('backup-verified')]), passwordChecked: true })), false, 'right, but the backup is damaged');
  assert.equal(canContinue('password', facts({ encrypted: true, preflight: preflight([ok('password')]), passwordChecked: true })), true);
  assert.equal(canContinue('review', facts({ encrypted: true, preflight: preflight([ok('password')]) })), false, 'the review needs the checked password');
  // An unencrypted backup never waits for a password: its ✕ stops the check like any other.
  assert.deepEqual(blockers(locked, false).map((check) => check.id), ['password']);
});

test('the review waits for every serious warning to be ticked', () => {
  const checked = preflight([ok('find-my')], [MANAGEMENT, PASSCODE]);
  assert.deepEqual(unconfirmed(checked.warnings, new Set()), [MANAGEMENT]);
  assert.equal(canContinue('review', facts({ preflight: checked })), false);
  assert.equal(canContinue('review', facts({ preflight: checked, confirmed: new Set(['management-removed']) })), true);
  assert.equal(canContinue('review', facts({ preflight: preflight([ok('find-my')]) })), true, 'nothing serious: nothing to tick');
});

test('the restoring step ends with its job; Done is the last', () => {
  assert.equal(canContinue('restoring', facts()), false);
  assert.equal(canContinue('restoring', facts({ finished: true })), true);
  assert.equal(canContinue('done', facts({ finished: true })), false);
});

test('defaults: one set for restore and clone; nothing on the device is removed unless the person asks', () => {
  assert.deepEqual(DEFAULT_RESTORE_OPTIONS, { settings: true, system: true, remove: false, reboot: true });
  assert.equal(leftoverWords(false, 'each device'), 'What the backup does not hold stays on each device.');
  assert.equal(leftoverWords(true, 'the iPhone'), 'What the backup does not hold is removed from the iPhone.');
});

test('the wizard offers the device’s own newest complete backup, and the backup’s own device', () => {
  const backup = (id: string, udid: string, complete = true) => ({ id, udid, complete }) as BackupSummary;
  const library = [backup('new-other', 'B'), backup('broken-own', 'A', false), backup('own', 'A'), backup('old-own', 'A')];
  assert.equal(suggestBackup(library, 'A')?.id, 'own');
  assert.equal(suggestBackup(library, 'C')?.id, 'new-other', 'no backup of its own: the newest complete one');
  assert.equal(suggestBackup(library, undefined)?.id, 'new-other');
  assert.equal(suggestBackup([backup('x', 'A', false)], 'A'), undefined, 'an incomplete backup is never offered first');
  const device = (udid: string, state: DeviceListItem['state'] = 'connected') => ({ udid, state }) as DeviceListItem;
  const devices = [device('A', 'disconnected'), device('B'), device('C')];
  assert.equal(suggestTarget(devices, backup('c', 'C'))?.udid, 'C');
  assert.equal(suggestTarget(devices, backup('a', 'A'))?.udid, 'B', 'its own device is not connected');
  assert.equal(suggestTarget([device('A', 'disconnected')], undefined), undefined);
});
