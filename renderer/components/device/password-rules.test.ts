import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encryptionChange, NO_PASSWORDS, passwordProblem } from './password-rules.ts';

const UDID = '00008120-00080A86D7FDAF0B';

test('setting a password: both fields, the same twice, not too long', () => {
  assert.equal(passwordProblem('on', NO_PASSWORDS)?.field, 'newPassword');
  assert.equal(passwordProblem('on', { ...NO_PASSWORDS, newPassword: 'secret' })?.field, 'verify');
  assert.match(passwordProblem('on', { ...NO_PASSWORDS, newPassword: 'secret', verify: 'secreT' })?.message ?? '', /don’t match/);
  assert.equal(passwordProblem('on', { ...NO_PASSWORDS, newPassword: 'x'.repeat(1025), verify: 'x'.repeat(1025) })?.field, 'newPassword');
  assert.equal(passwordProblem('on', { ...NO_PASSWORDS, newPassword: 'secret', verify: 'secret' }), undefined);
});

test('turning off asks only for the current password; changing asks for all three', () => {
  assert.equal(passwordProblem('off', NO_PASSWORDS)?.field, 'oldPassword');
  assert.equal(passwordProblem('off', { ...NO_PASSWORDS, oldPassword: 'old' }), undefined);
  assert.equal(passwordProblem('change', { ...NO_PASSWORDS, newPassword: 'new', verify: 'new' })?.field, 'oldPassword');
  assert.equal(passwordProblem('change', { oldPassword: 'same', newPassword: 'same', verify: 'same' })?.field, 'newPassword');
  assert.equal(passwordProblem('change', { oldPassword: 'old', newPassword: 'new', verify: 'new' }), undefined);
});

test('the request carries only the passwords its action needs', () => {
  const fields = { oldPassword: 'old', newPassword: 'new', verify: 'new' };
  assert.deepEqual(encryptionChange(UDID, 'on', fields), { udid: UDID, action: 'on', newPassword: 'new' });
  assert.deepEqual(encryptionChange(UDID, 'off', fields), { udid: UDID, action: 'off', oldPassword: 'old' });
  assert.deepEqual(encryptionChange(UDID, 'change', fields), { udid: UDID, action: 'change', oldPassword: 'old', newPassword: 'new' });
});
