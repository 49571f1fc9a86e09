import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EventHub } from '../../electron/engine/api/events.ts';
import { DeviceManager } from '../../electron/engine/devices/device-manager.ts';
import { readDeviceSummary } from '../../electron/engine/devices/summary.ts';
import { pairDevice } from '../../electron/engine/lockdown/pairing.ts';
import { parseUsbmuxAddress } from '../../electron/engine/usbmux/address.ts';
import { UsbmuxClient } from '../../electron/engine/usbmux/client.ts';
import type { DeviceListItem } from '../../shared/devices.ts';
import { CradleError } from '../../shared/errors.ts';
import { startVirtualDevices } from '../virtual-device/server.ts';
import { startFixture } from '../helpers/fixture.ts';

/** Collects devices:changed and waits for a list that satisfies a condition. */
function watch(manager: DeviceManager, events: EventHub) {
  let latest: DeviceListItem[] = [];
  const waiters: { check: (list: DeviceListItem[]) => boolean; resolve: () => void }[] = [];
  events.subscribe((channel, payload) => {
    if (channel !== 'devices:changed') return;
    latest = (payload as { devices: DeviceListItem[] }).devices;
    for (const waiter of [...waiters]) {
      if (!waiter.check(latest)) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  manager.start();
  return {
    until: (check: (list: DeviceListItem[]) => boolean) =>
      check(latest) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ check, resolve })),
  };
}

test('devices appear and disappear live, with name, model and trust state', async () => {
  const vd = await startFixture({ devices: 2, trustMode: 'pending' });
  const events = new EventHub();
  const manager = new DeviceManager(new UsbmuxClient(parseUsbmuxAddress(vd.server.address)), events);
  try {
    const seen = watch(manager, events);
    const [a, b] = vd.server.devices.map((d) => d.udid) as [string, string];
    await seen.until((list) => list.length === 2 && list.every((d) => d.name && d.state === 'trust-needed'));
    const first = manager.list().find((d) => d.udid === a)!;
    assert.equal(first.name, vd.server.device(a).values['']?.DeviceName);
    assert.equal(first.productType, vd.server.device(a).values['']?.ProductType);

    vd.server.unplug(b);
    await seen.until((list) => list.length === 1 && list[0]!.udid === a);
    vd.server.replug(b);
    await seen.until((list) => list.some((d) => d.udid === b && d.name));

    vd.server.acceptTrust(a);
    await pairDevice(manager.usbmux, await manager.find(a));
    await seen.until((list) => list.find((d) => d.udid === a)?.state === 'connected');
  } finally {
    manager.stop();
    await vd.close();
  }
});

test('the watcher reports usbmuxd gone and reconnects when it returns', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cradle-restart-'));
  const options = { socketPath: join(dir, 'usbmuxd'), stateDir: join(dir, 'state'), devices: 1 };
  let server = await startVirtualDevices(options);
  const events = new EventHub();
  const manager = new DeviceManager(new UsbmuxClient(parseUsbmuxAddress(server.address)), events);
  try {
    const seen = watch(manager, events);
    await seen.until((list) => list.length === 1);
    assert.equal(manager.available, true);
    await server.stop();
    await seen.until((list) => list.length === 0);
    assert.equal(manager.available, false);
    server = await startVirtualDevices(options);
    await seen.until((list) => list.length === 1 && list[0]!.udid === server.devices[0]!.udid);
    assert.equal(manager.available, true);
  } finally {
    manager.stop();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a cable pulled at any point of reading the summary is DEVICE_DISCONNECTED, and the process lives on', async () => {
  const vd = await startFixture({ devices: 1, profile: 'managed' });
  const usbmux = new UsbmuxClient(parseUsbmuxAddress(vd.server.address));
  const udid = vd.server.devices[0]!.udid;
  try {
    const device = (await usbmux.listDevices())[0]!;
    await pairDevice(usbmux, device);
    const complete = await readDeviceSummary(usbmux, device);
    assert.ok(complete.profiles.length > 0, 'a managed device has profiles');
    let disconnects = 0;
    for (const bytes of [10, 200, 1500, 3000, 6000, 12000, 24000]) {
      vd.server.failAfterBytes(udid, bytes);
      try {
        const summary = await readDeviceSummary(usbmux, device);
        assert.deepEqual(summary, complete);
      } catch (error) {
        assert.ok(error instanceof CradleError, String(error));
        assert.equal(error.code, 'DEVICE_DISCONNECTED', `${bytes} bytes: ${error.message}`);
        disconnects += 1;
      }
      vd.server.failAfterBytes(udid, null);
    }
    assert.ok(disconnects >= 3, `expected cuts to interrupt the summary, got ${disconnects}`);
  } finally {
    await vd.close();
  }
});
