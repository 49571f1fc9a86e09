import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CradleError } from '../../../shared/errors.ts';
import { keychainCipher } from '../../../tests/helpers/test-keychain.ts';
import { backupPasswordKey, SecretStore } from './secret-store.ts';

test('a remembered password is kept sealed on disk and comes back; forgetting removes it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cradle-secrets-'));
  try {
    const file = join(dir, 'secrets.json');
    const cipher = keychainCipher();
    const key = backupPasswordKey('00008120-00080A86D7FDAF0B');
    await new SecretStore(file, cipher).set(key, 'marker-password-7d1f');
    assert.doesNotMatch(readFileSync(file, 'utf8'), /marker-password/, 'no plain text on disk');
    const reopened = new SecretStore(file, cipher);
    assert.equal(reopened.get(key), 'marker-password-7d1f');
    assert.equal(new SecretStore(file, keychainCipher()).get(key), undefined, 'another keychain cannot open it');
    await reopened.delete(key);
    assert.equal(new SecretStore(file, cipher).has(key), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without a keychain nothing can be remembered, with a clear error', async () => {
  const store = new SecretStore();
  assert.equal(store.available, false);
  await assert.rejects(store.set('k', 'v'), (e: unknown) => e instanceof CradleError && e.code === 'VALIDATION');
  const unavailable = new SecretStore(join(tmpdir(), 'never-written.json'), { ...keychainCipher(), isAvailable: () => false });
  assert.equal(unavailable.available, false);
});
