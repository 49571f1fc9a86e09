import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildKeybag, encodeTlv } from '../../../tests/helpers/backup-crypto-fixtures.ts';
import { parseKeybag } from './keybag.ts';
import { deriveKeyEncryptionKey, unlockKeybag } from './unlock.ts';

const PASSWORD = 'correct horse battery staple';

function rejectsWith(code: string, message?: RegExp) {
  return (error: unknown): boolean => {
    assert.equal((error as { code?: string }).code, code);
    if (message) assert.match((error as Error).message, message);
    return true;
  };
}

test('unlockKeybag (iOS 10.2+: SHA-256 then SHA-1) unwraps the password classes and skips ThisDeviceOnly ones', async () => {
  const built = buildKeybag({ password: PASSWORD, dpic: 1000, iterations: 10, classes: [1, 2, 3, 4, 6, 7, 8], deviceOnly: [5, 9, 10, 11] });
  const keybag = parseKeybag(built.data);
  assert.deepEqual(await deriveKeyEncryptionKey(PASSWORD, keybag), built.kek);
  const keys = await unlockKeybag(keybag, PASSWORD);
  assert.deepEqual(new Map(keys), built.classKeys);
  for (const deviceOnly of [5, 9, 10, 11]) assert.equal(keys.has(deviceOnly), false);
});

test('unlockKeybag (before iOS 10.2: the SHA-1 step alone, on the password)', async () => {
  const built = buildKeybag({ password: 'pässwörd', iterations: 2000, classes: [1, 2, 3] });
  const keybag = parseKeybag(built.data);
  assert.equal(keybag.dpic, undefined);
  assert.deepEqual(new Map(await unlockKeybag(keybag, 'pässwörd')), built.classKeys);
  await assert.rejects(unlockKeybag(keybag, 'passwort'), rejectsWith('WRONG_PASSWORD'));
});

test('a wrong password is WRONG_PASSWORD with a message that says what to do', async () => {
  const keybag = parseKeybag(buildKeybag({ password: PASSWORD, dpic: 100, iterations: 10, classes: [1, 2, 3] }).data);
  await assert.rejects(unlockKeybag(keybag, 'Correct horse battery staple'), rejectsWith('WRONG_PASSWORD', /not the one this backup was encrypted with/));
  await assert.rejects(unlockKeybag(keybag, ''), rejectsWith('WRONG_PASSWORD'));
});

test('one damaged class key among good ones is BACKUP_CORRUPT, not a wrong password', async () => {
  const built = buildKeybag({ password: PASSWORD, dpic: 100, iterations: 10, classes: [1, 2] });
  const damaged = Buffer.from(built.data);
  damaged[damaged.length - 1]! ^= 0x55; // last byte of class 2's WPKY
  await assert.rejects(unlockKeybag(parseKeybag(damaged), PASSWORD), rejectsWith('BACKUP_CORRUPT'));
});

test('a keybag without password-wrapped classes cannot be unlocked: BACKUP_CORRUPT', async () => {
  const built = buildKeybag({ password: PASSWORD, dpic: 100, iterations: 10, classes: [], deviceOnly: [10] });
  await assert.rejects(unlockKeybag(parseKeybag(built.data), PASSWORD), rejectsWith('BACKUP_CORRUPT'));
  const headerOnly = parseKeybag(encodeTlv([['VERS', 3], ['TYPE', 1], ['UUID', Buffer.alloc(16)], ['WRAP', 0], ['SALT', Buffer.alloc(20)], ['ITER', 1]]));
  await assert.rejects(unlockKeybag(headerOnly, PASSWORD), rejectsWith('BACKUP_CORRUPT'));
});

test('unlockKeybag stops with CANCELLED when its signal aborts, before or during the derivation', async () => {
  const keybag = parseKeybag(buildKeybag({ password: PASSWORD, dpic: 100, iterations: 10, classes: [1] }).data);
  await assert.rejects(unlockKeybag(keybag, PASSWORD, AbortSignal.abort()), rejectsWith('CANCELLED'));
  const controller = new AbortController();
  const pending = unlockKeybag(keybag, PASSWORD, controller.signal);
  controller.abort();
  await assert.rejects(pending, rejectsWith('CANCELLED'));
});

test('unlockKeybag leaves the main thread free while PBKDF2 runs (other callbacks keep running)', async () => {
  const built = buildKeybag({ password: PASSWORD, dpic: 1_000_000, iterations: 10, classes: [1] });
  const keybag = parseKeybag(built.data);
  let ticks = 0;
  let running = true;
  const spin = (): void => {
    ticks += 1;
    if (running) setImmediate(spin);
  };
  setImmediate(spin);
  const keys = await unlockKeybag(keybag, PASSWORD);
  running = false;
  assert.deepEqual(keys.get(1), built.classKeys.get(1));
  // A derivation on the main thread would let no callback run until it ends.
  assert.ok(ticks > 10, `${ticks} callbacks ran during the unlock`);
});
