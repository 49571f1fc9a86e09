/**
 * Cradle's AFC client against the virtual device: the exclusive sync lock (a second holder is told to
 * wait), folders and whole files written, removal, and errors as CradleErrors.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { connectService, startLockdownSession } from '../../electron/engine/lockdown/session.ts';
import { AFC_MODE, AFC_SERVICE, AfcClient } from '../../electron/engine/services/afc.ts';
import { UsbmuxClient } from '../../electron/engine/usbmux/client.ts';
import type { DeviceState } from '../virtual-device/device.ts';
import { peerToolsMissing, startFixture } from '../helpers/fixture.ts';
import { pairAll } from './idevicebackup2.ts';

test('AFC: the sync lock is exclusive across connections; files and folders are written and removed', { skip: peerToolsMissing }, async () => {
  const fixture = await startFixture({ devices: 1 });
  const [device] = fixture.server.devices as [DeviceState];
  try {
    await pairAll(fixture.server);
    const usbmux = new UsbmuxClient({ kind: 'unix', path: fixture.server.socketPath, source: 'env' });
    const [listed] = await usbmux.listDevices();
    const session = await startLockdownSession(usbmux, listed!);
    const first = await AfcClient.open(await connectService(usbmux, session, AFC_SERVICE));
    const second = await AfcClient.open(await connectService(usbmux, session, AFC_SERVICE));
    await session.lockdown.close();
    try {
      const mine = await first.open('/com.apple.itunes.lock_sync', AFC_MODE.readWrite);
      const theirs = await second.open('/com.apple.itunes.lock_sync', AFC_MODE.readWrite);
      assert.equal(await first.lock(mine, true), true);
      assert.equal(await second.lock(theirs, true), false, 'the second holder must wait');
      assert.equal(await first.lock(mine, false), true);
      assert.equal(await second.lock(theirs, true), true, 'free again once released');

      const plist = Buffer.from('<?xml version="1.0"?><plist version="1.0"><dict/></plist>');
      await first.mkdir('/iTunesRestore');
      await first.writeFile('/iTunesRestore/RestoreApplications.plist', plist);
      const written = path.join(device.dir, 'media', 'iTunesRestore', 'RestoreApplications.plist');
      assert.deepEqual(fs.readFileSync(written), plist);
      await first.remove('/iTunesRestore');
      assert.equal(fs.existsSync(written), false);
      await first.remove('/iTunesRestore');
      await assert.rejects(first.open('/no/such/folder/file', AFC_MODE.read), { code: 'PROTOCOL' });
    } finally {
      first.dispose();
      second.dispose();
    }
    await assert.rejects(first.mkdir('/after-dispose'), { code: 'DEVICE_DISCONNECTED' });
  } finally {
    await fixture.close();
  }
});
