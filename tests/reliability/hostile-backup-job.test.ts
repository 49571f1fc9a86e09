/**
 * Hostile device, whole stack: a scripted device behind a fake usbmuxd runs a real backup job (usbmux,
 * lockdown, notification proxy, AFC sync lock, installation proxy, DeviceLink) and misbehaves at every step
 * in turn: it closes the connection there, or goes silent there and the person presses Cancel. Each time the
 * job must end with a clear error (CANCELLED promptly after Cancel, never a hang), the previous backup must
 * be byte-identical, no staging folder left, nothing written outside the backup root, and no unhandled error.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { EventHub } from '../../electron/engine/api/events.ts';
import { runBackup } from '../../electron/engine/backup/backup.ts';
import { JobManager } from '../../electron/engine/jobs/job-manager.ts';
import { parseUsbmuxAddress } from '../../electron/engine/usbmux/address.ts';
import { UsbmuxClient } from '../../electron/engine/usbmux/client.ts';
import { fingerprint } from '../helpers/fingerprint.ts';
import { codeOf, failureOf, guardProcess, sentinelRoot } from '../helpers/hostile-kit.ts';
import { tally } from '../helpers/reliability-tally.ts';
import { END_OF_BATCH, finishedStatus, startScriptedDevice, uploadFile, type LinkPeer, type StepFault } from '../helpers/scripted-device.ts';

const UDID = '00008110-001C2D3E4F5A6B7C';
const area = 'hostile device';
const sandbox = sentinelRoot('cradle-hostile-job-');
after(() => sandbox.remove());

/** The device's backup: one batch of files (Status.plist finished, a payload), a space query, then a successful Response. */
async function honestBackup(peer: LinkPeer): Promise<void> {
  await peer.send(['DLMessageUploadFiles', {}, 50, 3000]);
  const files = [uploadFile(`${UDID}/Status.plist`, finishedStatus()), uploadFile(`${UDID}/ab/ab${'0'.repeat(38)}`, Buffer.alloc(3000, 7))];
  await peer.raw(Buffer.concat([...files, END_OF_BATCH]));
  await peer.receive();
  await peer.send(['DLMessageGetFreeDiskSpace']);
  await peer.receive();
  await peer.send(['DLMessageProcessMessage', { MessageName: 'Response', ErrorCode: 0 }]);
}

/** Runs one backup job against a device that faults at step `faultAt` (or never); cancels once it is reached when asked. */
async function backupWith(fault: StepFault, faultAt: number, cancel: boolean) {
  let reached: () => void = () => {};
  const faulted = new Promise<void>((resolve) => (reached = resolve));
  const device = await startScriptedDevice(sandbox.dir, {
    udid: UDID,
    backup: honestBackup,
    fault: (step) => {
      if (step !== faultAt) return 'ok';
      setImmediate(reached);
      return fault;
    },
  });
  const jobs = new JobManager(new EventHub());
  try {
    const usbmux = new UsbmuxClient(parseUsbmuxAddress(device.address));
    const [listed] = await usbmux.listDevices();
    assert.ok(listed, 'the scripted device is listed');
    const job = jobs.start('backup', UDID, (context) => runBackup({ usbmux, device: listed, folder: sandbox.root }, context));
    if (!cancel) return { error: await failureOf(job.result), steps: [...device.steps], cancelMs: 0 };
    await faulted;
    const cancelledAt = Date.now();
    jobs.cancel(job.jobId);
    const error = await failureOf(job.result);
    return { error, steps: [...device.steps], cancelMs: Date.now() - cancelledAt };
  } finally {
    await jobs.close();
    await device.close();
  }
}

const live = () => path.join(sandbox.root, UDID);
const leftovers = () => fs.readdirSync(sandbox.root).filter((name) => name !== UDID);
const same = (a: Map<string, string>, b: Map<string, string>) => a.size === b.size && [...a].every(([file, sha]) => b.get(file) === sha);

test('a scripted device backs up through the whole stack (the baseline every fault is measured against)', { timeout: 30_000 }, async () => {
  const { error, steps } = await backupWith('ok', -1, false);
  assert.equal(error, undefined, codeOf(error));
  assert.ok(fs.existsSync(path.join(live(), 'Status.plist')));
  assert.ok(steps.length > 15, `steps: ${steps.join(', ')}`);
  assert.ok(sandbox.untouched());
});

test('a device that closes the connection at every step in turn: a clear error, the previous backup intact', { timeout: 120_000 }, async () => {
  const guard = guardProcess();
  const { steps } = await backupWith('ok', -1, false);
  let good = fingerprint(live());
  let dataLost = 0;
  let cases = 0;
  try {
    for (let step = 0; step < steps.length; step += 1) {
      const { error } = await backupWith('close', step, false);
      cases += 1;
      // A close after the final Response may still let the backup finish: the new backup is then the one to keep.
      if (error === undefined) good = fingerprint(live());
      else {
        assert.ok(['DEVICE_DISCONNECTED', 'PROTOCOL', 'TIMEOUT', 'BACKUP_INCOMPLETE'].includes(codeOf(error)), `step ${step} (${steps[step]}): ${codeOf(error)}`);
        if (!same(good, fingerprint(live()))) dataLost += 1;
      }
      assert.deepEqual(leftovers(), [], `step ${step}: nothing left beside the backup`);
      assert.ok(sandbox.untouched(), `step ${step}: nothing written outside the backup root`);
    }
    assert.deepEqual(guard.failures, []);
  } finally {
    guard.stop();
    tally(area, 'backup job: device closes the connection at every step', { cases, faults: cases, dataLost });
  }
  assert.equal(dataLost, 0);
});

test('a device that goes silent at every step in turn: Cancel ends the job promptly, the previous backup intact', { timeout: 180_000 }, async () => {
  const guard = guardProcess();
  const { steps } = await backupWith('ok', -1, false);
  let good = fingerprint(live());
  let dataLost = 0;
  let cases = 0;
  const slow: string[] = [];
  try {
    for (let step = 0; step < steps.length; step += 1) {
      const { error, cancelMs } = await backupWith('silent', step, true);
      cases += 1;
      if (error === undefined) {
        good = fingerprint(live());
        continue;
      }
      assert.equal(codeOf(error), 'CANCELLED', `step ${step} (${steps[step]})`);
      // The device's own timeouts are 15 s and more: a cancel that waited for one of them did not cancel.
      if (cancelMs > 5000) slow.push(`${steps[step]} (${cancelMs} ms)`);
      if (!same(good, fingerprint(live()))) dataLost += 1;
      assert.deepEqual(leftovers(), [], `step ${step}: nothing left beside the backup`);
      assert.ok(sandbox.untouched());
    }
    assert.deepEqual(guard.failures, []);
  } finally {
    guard.stop();
    tally(area, 'backup job: device silent at every step, then Cancel', { cases, faults: cases, dataLost });
  }
  assert.deepEqual(slow, [], 'Cancel waited for a device timeout');
  assert.equal(dataLost, 0);
});
