import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_AUTO_BACKUP } from '../../../shared/settings.ts';
import { dispatch } from '../api/dispatch.ts';
import { createEngine } from '../api/handlers.ts';
import { SettingsStore } from './settings-store.ts';

test('settings persist across restarts; a corrupt file means defaults', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cradle-settings-'));
  try {
    const file = join(dir, 'sub', 'settings.json');
    await new SettingsStore(file).update({ backupFolder: '/Volumes/Backups' });
    assert.deepEqual(new SettingsStore(file).get(), { backupFolder: '/Volumes/Backups' });
    await new SettingsStore(file).update({ backupFolder: undefined });
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), {});
    writeFileSync(file, '{ not json');
    assert.deepEqual(new SettingsStore(file).get(), {});
    writeFileSync(file, JSON.stringify({ backupFolder: 42 }));
    assert.deepEqual(new SettingsStore(file).get(), {});
    writeFileSync(file, JSON.stringify({ keepVersions: 1000 }));
    assert.deepEqual(new SettingsStore(file).get(), {});
    await new SettingsStore(file).update({ keepVersions: 3, extraLocations: ['/Volumes/Disk'] });
    assert.deepEqual(new SettingsStore(file).get(), { keepVersions: 3, extraLocations: ['/Volumes/Disk'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the backup folder is chosen through the host dialog and used for backups; reset goes back to the standard one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cradle-settings-'));
  const chosen = join(dir, 'External Disk', 'Backups');
  try {
    const engine = createEngine({ settingsFile: join(dir, 'settings.json'), chooseFolder: async () => chosen });
    const standard = engine.backupFolder();
    const picked = await dispatch(engine.handlers, 'settings:chooseBackupFolder', {});
    assert.ok(picked.ok);
    assert.deepEqual(picked.value, {
      backupFolder: chosen,
      defaultBackupFolder: standard,
      usingDefaultFolder: false,
      locations: [{ path: chosen, kind: 'backup-folder', available: false }],
      keepVersions: 0,
      autoBackup: DEFAULT_AUTO_BACKUP,
      canRunInBackground: false,
      canChooseFolder: true,
      canRememberPasswords: false,
      canTrash: false,
      canShowInFolder: false,
    });
    assert.equal(engine.backupFolder(), chosen);
    assert.equal(createEngine({ settingsFile: join(dir, 'settings.json') }).backupFolder(), chosen, 'remembered');
    const reset = await dispatch(engine.handlers, 'settings:useDefaultBackupFolder', {});
    assert.ok(reset.ok && (reset.value as { usingDefaultFolder: boolean }).usingDefaultFolder);
    assert.equal(engine.backupFolder(), standard);

    const cancelled = createEngine({ settingsFile: join(dir, 'settings.json'), chooseFolder: async () => undefined });
    await dispatch(cancelled.handlers, 'settings:chooseBackupFolder', {});
    assert.equal(cancelled.backupFolder(), standard, 'a cancelled dialog changes nothing');

    const browser = await dispatch(createEngine().handlers, 'settings:chooseBackupFolder', {});
    assert.equal(!browser.ok && browser.error.code, 'VALIDATION');
    const smuggled = await dispatch(engine.handlers, 'settings:chooseBackupFolder', { folder: '/etc' });
    assert.equal(!smuggled.ok && smuggled.error.code, 'VALIDATION', 'the renderer cannot send a path');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('versions to keep: set through the channel, checked, used by the next backup', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cradle-settings-'));
  try {
    const engine = createEngine({ settingsFile: join(dir, 'settings.json') });
    const set = await dispatch(engine.handlers, 'settings:setKeepVersions', { count: 3 });
    assert.equal(set.ok && (set.value as { keepVersions: number }).keepVersions, 3);
    assert.equal(createEngine({ settingsFile: join(dir, 'settings.json') }).settings.get().keepVersions, 3, 'remembered');
    for (const count of [-1, 2.5, 21, '3']) {
      const refused = await dispatch(engine.handlers, 'settings:setKeepVersions', { count });
      assert.equal(!refused.ok && refused.error.code, 'VALIDATION', String(count));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
