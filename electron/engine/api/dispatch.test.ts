import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CradleError } from '../../../shared/errors.ts';
import { startFakeUsbmuxd } from '../../../tests/helpers/fake-usbmuxd.ts';
import { dispatch } from './dispatch.ts';
import { createEngine, type HandlerTable } from './handlers.ts';

test('app:info answers with version, platform and a usbmuxd that answers', async () => {
  const peer = await startFakeUsbmuxd('device-list');
  const saved = process.env.USBMUXD_SOCKET_ADDRESS;
  process.env.USBMUXD_SOCKET_ADDRESS = peer.address;
  try {
    const result = await dispatch(createEngine().handlers, 'app:info', {});
    assert.ok(result.ok);
    const info = result.value as Awaited<ReturnType<HandlerTable['app:info']>>;
    assert.match(info.version, /^\d+\.\d+\.\d+/);
    assert.equal(info.platform, process.platform);
    assert.deepEqual(
      { address: info.usbmuxd.address, source: info.usbmuxd.source, reachable: info.usbmuxd.reachable },
      { address: peer.address, source: 'env', reachable: true },
    );
  } finally {
    if (saved === undefined) delete process.env.USBMUXD_SOCKET_ADDRESS;
    else process.env.USBMUXD_SOCKET_ADDRESS = saved;
    await peer.close();
  }
});

test('a bad payload returns a VALIDATION envelope with the issues, and the handler never runs', async () => {
  let ran = false;
  const handlers = { 'app:info': async () => ((ran = true), {}) } as unknown as HandlerTable;
  for (const payload of [{ unexpected: 1 }, 'text', null, [], undefined]) {
    const result = await dispatch(handlers, 'app:info', payload);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'VALIDATION');
    assert.ok(!result.ok && Array.isArray(result.error.details));
  }
  assert.equal(ran, false);
});

test('an unknown channel returns UNKNOWN_CHANNEL', async () => {
  for (const channel of ['fs:read', '__proto__', 42, undefined]) {
    const result = await dispatch(createEngine().handlers, channel, {});
    assert.equal(!result.ok && result.error.code, 'UNKNOWN_CHANNEL');
  }
});

test('a CradleError thrown by a handler crosses as its payload; anything else as INTERNAL', async () => {
  const throwing = (error: unknown) => ({ 'app:info': async () => Promise.reject(error) }) as unknown as HandlerTable;
  const known = await dispatch(throwing(new CradleError('DEVICE_LOCKED', 'Unlock the iPhone.')), 'app:info', {});
  assert.deepEqual(known, { ok: false, error: { code: 'DEVICE_LOCKED', message: 'Unlock the iPhone.' } });
  const unknown = await dispatch(throwing(new TypeError('x is undefined')), 'app:info', {});
  assert.equal(!unknown.ok && unknown.error.code, 'INTERNAL');
  assert.equal(!unknown.ok && unknown.error.details, 'x is undefined');
});
