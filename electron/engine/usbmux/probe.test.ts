import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startFakeUsbmuxd } from '../../../tests/helpers/fake-usbmuxd.ts';
import { parseUsbmuxAddress } from './address.ts';
import { probeUsbmuxd } from './probe.ts';

test('a usbmuxd that answers ListDevices is reachable', async () => {
  const peer = await startFakeUsbmuxd('device-list');
  try {
    const status = await probeUsbmuxd(parseUsbmuxAddress(peer.address));
    assert.equal(status.reachable, true);
    assert.equal(status.address, peer.address);
    assert.equal(status.hint, undefined);
  } finally {
    await peer.close();
  }
});

test('no socket at the address: not reachable, with a hint and the reason', async () => {
  const status = await probeUsbmuxd(parseUsbmuxAddress('UNIX:/nonexistent/cradle/usbmuxd'));
  assert.equal(status.reachable, false);
  assert.match(status.hint ?? '', /usbmuxd|Apple Devices/);
  assert.match(status.error ?? '', /ENOENT/);
});

test('a peer that answers garbage or nothing is not reachable', async () => {
  for (const mode of ['garbage', 'silent'] as const) {
    const peer = await startFakeUsbmuxd(mode);
    try {
      const status = await probeUsbmuxd(parseUsbmuxAddress(peer.address), 300);
      assert.equal(status.reachable, false, mode);
    } finally {
      await peer.close();
    }
  }
});
