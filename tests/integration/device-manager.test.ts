import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EventHub } from '../../electron/engine/api/events.ts';
import { createEngine } from '../../electron/engine/api/handlers.ts';
import { DeviceManager } from '../../electron/engine/devices/device-manager.ts';
import { marketingName } from '../../electron/engine/devices/product-names.ts';
import { readDeviceSummary, renameDevice } from '../../electron/engine/devices/summary.ts';
import { pairDevice } from '../../electron/engine/lockdown/pairing.ts';
import { parseUsbmuxAddress } from '../../electron/engine/usbmux/address.ts';
import { UsbmuxClient } from '../../electron/engine/usbmux/client.ts';
import { compareDevices, deviceLabel, type DeviceListItem } from '../../shared/devices.ts';
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
    latest: () => latest,
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

/** Every device listed, named, trusted and with its serial read. */
const allRead = (count: number) => (list: DeviceListItem[]) =>
  list.length === count && list.every((d) => d.name && d.serialNumber && d.state === 'connected');

test('a rename by the app, by another program or on the device itself reaches devices:changed', async () => {
  const vd = await startFixture({ devices: 2 });
  const usbmux = new UsbmuxClient(parseUsbmuxAddress(vd.server.address));
  const [a, b] = vd.server.devices.map((d) => d.udid) as [string, string];
  for (const device of await usbmux.listDevices()) await pairDevice(usbmux, device);
  const events = new EventHub();
  const manager = new DeviceManager(usbmux, events);
  try {
    const seen = watch(manager, events);
    await seen.until(allRead(2));
    const listed = manager.list().find((d) => d.udid === b)!;
    const identity = vd.server.device(b).values[''] as Record<string, unknown>;
    assert.equal(listed.serialNumber, identity.SerialNumber);
    assert.equal(listed.deviceClass, identity.DeviceClass);
    assert.equal(listed.iosVersion, identity.ProductVersion);
    assert.equal(listed.model, marketingName(String(identity.ProductType)));
    assert.equal(listed.batteryPercent, vd.server.device(b).values['com.apple.mobile.battery']?.BatteryCurrentCapacity);

    // Another program (the CLI, another app) renames it: the device's notification brings the name.
    await renameDevice(usbmux, await manager.find(a), 'Renamed Elsewhere');
    await seen.until((list) => list.find((d) => d.udid === a)?.name === 'Renamed Elsewhere');
    // The person renames it in Settings.
    vd.server.setName(b, 'Renamed in Settings');
    await seen.until((list) => list.find((d) => d.udid === b)?.name === 'Renamed in Settings');

    // A refresh cut off midway keeps what was known; the next one finds the device again, observer included.
    vd.server.failAfterBytes(a, 10);
    await manager.refresh(a);
    vd.server.failAfterBytes(a, null);
    const cut = manager.list().find((d) => d.udid === a)!;
    assert.equal(cut.name, 'Renamed Elsewhere');
    assert.equal(cut.serialNumber, vd.server.device(a).values['']?.SerialNumber);
    await manager.refresh(a);
    vd.server.setName(a, 'Renamed Again');
    await seen.until((list) => list.find((d) => d.udid === a)?.name === 'Renamed Again' && list.every((d) => d.state === 'connected'));
  } finally {
    manager.stop();
    await vd.close();
  }
});

test('devices:rename through the engine answers once the list carries the new name', async () => {
  const vd = await startFixture({ devices: 1 });
  const udid = vd.server.devices[0]!.udid;
  const previous = process.env.USBMUXD_SOCKET_ADDRESS;
  process.env.USBMUXD_SOCKET_ADDRESS = vd.server.address;
  const engine = createEngine({ watchDevices: true, settingsFile: join(vd.dir, 'settings.json'), backupFolder: join(vd.dir, 'backups') });
  try {
    const names: (string | undefined)[] = [];
    engine.events.subscribe((channel, payload) => {
      if (channel === 'devices:changed') names.push((payload as { devices: DeviceListItem[] }).devices[0]?.name);
    });
    const paired = await engine.handlers['devices:pair']({ udid });
    await new Promise<void>((resolve) => {
      const stop = engine.events.subscribe((channel, payload) => {
        const event = payload as { jobId?: string; type?: string };
        if (channel === 'jobs:event' && event.jobId === paired.jobId && (event.type === 'done' || event.type === 'failed')) {
          stop();
          resolve();
        }
      });
    });
    await engine.handlers['devices:rename']({ udid, name: 'Front Desk iPhone' });
    assert.equal((await engine.handlers['devices:list']({}))[0]?.name, 'Front Desk iPhone');
    assert.ok(names.includes('Front Desk iPhone'), 'devices:changed carried the new name');
  } finally {
    await engine.close();
    if (previous === undefined) delete process.env.USBMUXD_SOCKET_ADDRESS;
    else process.env.USBMUXD_SOCKET_ADDRESS = previous;
    await vd.close();
  }
});

test('the list keeps its order across unplug, replug and a restart; same-named devices are told apart', async () => {
  const vd = await startFixture({ devices: 3 });
  const usbmux = new UsbmuxClient(parseUsbmuxAddress(vd.server.address));
  for (const device of await usbmux.listDevices()) await pairDevice(usbmux, device);
  const udids = vd.server.devices.map((d) => d.udid);
  // Named so that the order is neither the devices' order nor the UDIDs'.
  ['Loaner 10', 'Loaner 2', 'loaner 1'].forEach((name, index) => vd.server.setName(udids[index]!, name));
  const events = new EventHub();
  let manager = new DeviceManager(usbmux, events);
  try {
    let seen = watch(manager, events);
    await seen.until(allRead(3));
    const order = manager.list().map((d) => d.name);
    assert.deepEqual(order, ['loaner 1', 'Loaner 2', 'Loaner 10']);

    // Unplugged and plugged back: in its place again, from the very first list that shows it.
    const [first] = manager.list();
    vd.server.unplug(first!.udid);
    await seen.until((list) => list.length === 2);
    vd.server.replug(first!.udid);
    await seen.until((list) => list.length === 3);
    assert.deepEqual(seen.latest().map((d) => d.name), order);
    await seen.until(allRead(3));
    assert.deepEqual(manager.list().map((d) => d.name), order);

    // The same three names: the order goes by serial, and each reads apart with its model and serial digits.
    for (const udid of udids) vd.server.setName(udid, 'Anna’s iPad');
    await seen.until((list) => list.every((d) => d.name === 'Anna’s iPad'));
    const twins = manager.list();
    assert.deepEqual(twins, [...twins].sort(compareDevices));
    assert.deepEqual(twins.map((d) => d.serialNumber), twins.map((d) => d.serialNumber).sort());
    const labels = twins.map((d) => deviceLabel(d, twins));
    assert.equal(new Set(labels).size, 3, labels.join(' | '));
    for (const [index, device] of twins.entries()) {
      assert.ok(labels[index]!.includes(device.model!) && labels[index]!.includes(device.serialNumber!.slice(-4)), labels[index]);
    }

    // A restart of the app: a new list, the same order.
    manager.stop();
    manager = new DeviceManager(usbmux, events);
    seen = watch(manager, events);
    await seen.until(allRead(3));
    assert.deepEqual(manager.list().map((d) => d.udid), twins.map((d) => d.udid));
  } finally {
    manager.stop();
    await vd.close();
  }
});
