import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createEngine } from '../api/handlers.ts';
import { msUntilDaily } from './auto-backup.ts';

test('the daily time comes next today when it is still ahead, else tomorrow', () => {
  const now = new Date(2026, 11, 7, 14, 30, 15);
  assert.equal(msUntilDaily('14:45', now), 14 * 60_000 + 45_000);
  assert.equal(msUntilDaily('14:30', now), 24 * 3_600_000 - 15_000);
  assert.equal(msUntilDaily('02:00', now), (11 * 60 + 29) * 60_000 + 45_000);
});

test('automatic-backup settings: set, kept in the file, a daily time removed with null, a device back to the default', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cradle-auto-'));
  const settingsFile = join(dir, 'settings.json');
  const udid = '00008120-00080A86D7FDAF0B';
  const engine = createEngine({ settingsFile });
  try {
    await engine.handlers['settings:setAutoBackup']({ onConnect: true, intervalHours: 6, dailyAt: '02:30', concurrency: 8 });
    await engine.handlers['settings:setDeviceAutoBackup']({ udid, on: false });
    const reopened = createEngine({ settingsFile });
    const kept = (await reopened.handlers['settings:get']({})).autoBackup;
    await reopened.close();
    assert.deepEqual(kept, { onConnect: true, intervalHours: 6, dailyAt: '02:30', concurrency: 8, devices: { [udid]: false } });
    assert.equal(engine.autoBackup.fleet.status().concurrency, 8);
    await engine.handlers['settings:setAutoBackup']({ dailyAt: null });
    const cleared = await engine.handlers['settings:setDeviceAutoBackup']({ udid, on: null });
    assert.deepEqual(cleared.autoBackup, { onConnect: true, intervalHours: 6, concurrency: 8, devices: {} });
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
