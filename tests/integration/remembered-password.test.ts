/**
 * "Remember in Keychain": a password set with remember is sealed on disk, lets the person turn encryption
 * off without typing it, and is forgotten then. Never in plain text on disk.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { dispatch } from '../../electron/engine/api/dispatch.ts';
import { createEngine, type Engine } from '../../electron/engine/api/handlers.ts';
import type { JobEvent } from '../../shared/jobs.ts';
import { peerToolsMissing, startFixture } from '../helpers/fixture.ts';
import { keychainCipher } from '../helpers/test-keychain.ts';
import { pairAll } from './idevicebackup2.ts';

async function run(engine: Engine, channel: 'encryption:change', payload: unknown): Promise<JobEvent> {
  const result = await dispatch(engine.handlers, channel, payload);
  assert.ok(result.ok, JSON.stringify(result));
  const { jobId } = result.value as { jobId: string };
  return new Promise((resolve) => {
    const unsubscribe = engine.events.subscribe((name, event) => {
      const job = event as JobEvent;
      if (name === 'jobs:event' && job.jobId === jobId && (job.type === 'done' || job.type === 'failed' || job.type === 'cancelled')) {
        unsubscribe();
        resolve(job);
      }
    });
  });
}

test('a remembered backup password turns encryption off without being typed again', { skip: peerToolsMissing }, async () => {
  const fixture = await startFixture({ devices: 1 });
  const udid = fixture.server.devices[0]!.udid;
  const secretsFile = path.join(fixture.dir, 'secrets.json');
  const password = 'marker-9f3c-remembered';
  const saved = process.env.USBMUXD_SOCKET_ADDRESS;
  process.env.USBMUXD_SOCKET_ADDRESS = fixture.server.address;
  const engine = createEngine({ secretsFile, secretCipher: keychainCipher() });
  try {
    await pairAll(fixture.server);
    const on = await run(engine, 'encryption:change', { udid, action: 'on', newPassword: password, remember: true });
    assert.equal(on.type, 'done', JSON.stringify(on));
    assert.doesNotMatch(fs.readFileSync(secretsFile, 'utf8'), /marker-9f3c/);
    const status = await dispatch(engine.handlers, 'encryption:status', { udid });
    assert.deepEqual(status.ok && status.value, { encrypted: true, required: false, remembered: true });

    const off = await run(engine, 'encryption:change', { udid, action: 'off' });
    assert.equal(off.type, 'done', JSON.stringify(off));
    const after = await dispatch(engine.handlers, 'encryption:status', { udid });
    assert.deepEqual(after.ok && after.value, { encrypted: false, required: false, remembered: false });

    const nothing = await dispatch(engine.handlers, 'encryption:change', { udid, action: 'off' });
    assert.equal(!nothing.ok && nothing.error.code, 'VALIDATION', 'no remembered password and none typed');
  } finally {
    await engine.close();
    await fixture.close();
    if (saved === undefined) delete process.env.USBMUXD_SOCKET_ADDRESS;
    else process.env.USBMUXD_SOCKET_ADDRESS = saved;
  }
});
