/**
 * Fault matrix: the device process SIGKILLed (device and usbmuxd crash at once) at several points of a
 * backup, then started again on the same state. Clear error, previous backup intact and restorable by
 * idevicebackup2, the next backup holds exactly the device's content.
 */
import { test } from 'node:test';
import { peerToolsMissing } from '../helpers/fixture.ts';
import { deviceStopMatrix } from './device-stop-matrix.ts';

test('device process killed at several points of a backup: clear error, previous backup intact, next backup complete', { skip: peerToolsMissing, timeout: 300_000 }, async () => {
  await deviceStopMatrix('SIGKILL', 'device process killed (SIGKILL)');
});
