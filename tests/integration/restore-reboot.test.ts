/**
 * Following the restart that ends a restore: a device that restarts quicker than one poll of the device list
 * is still seen coming back (under a new DeviceID), a slow one is waited for, and one that never restarts is
 * reported as such once the wait runs out.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectionIds, followReboot } from '../../electron/engine/restore/reboot.ts';
import { parseUsbmuxAddress } from '../../electron/engine/usbmux/address.ts';
import { UsbmuxClient } from '../../electron/engine/usbmux/client.ts';
import type { DeviceState } from '../virtual-device/device.ts';
import { startFixture } from '../helpers/fixture.ts';

const WAIT = { leaveMs: 4000, returnMs: 10_000 };

for (const rebootMs of [1, 1500]) {
  test(`a device detached for ${rebootMs} ms during its restart is followed back under a new DeviceID`, async () => {
    const fixture = await startFixture({ devices: 1, rebootMs });
    const device = fixture.server.devices[0] as DeviceState;
    const usbmux = new UsbmuxClient(parseUsbmuxAddress(fixture.server.address));
    try {
      const before = await connectionIds(usbmux, device.udid);
      assert.equal(before.size, 1);
      device.reboot();
      // The quick restart is over before the first poll of the list.
      if (rebootMs < 100) await new Promise((resolve) => setTimeout(resolve, 100));
      const back = await followReboot(usbmux, device.udid, before, WAIT);
      assert.ok(back, 'seen coming back, not taken for a device that never restarted');
      assert.equal(back.udid, device.udid);
      assert.ok(!before.has(back.deviceId), `a new DeviceID (${back.deviceId}, before ${[...before].join(',')})`);
    } finally {
      await fixture.close();
    }
  });
}

test('a device that does not restart is reported as not restarted when the wait runs out', async () => {
  const fixture = await startFixture({ devices: 1 });
  const device = fixture.server.devices[0] as DeviceState;
  const usbmux = new UsbmuxClient(parseUsbmuxAddress(fixture.server.address));
  try {
    const before = await connectionIds(usbmux, device.udid);
    assert.equal(await followReboot(usbmux, device.udid, before, { leaveMs: 700, returnMs: 1000 }), false);
  } finally {
    await fixture.close();
  }
});
