/**
 * Fault matrix: usbmuxd restarted (the device process, which is usbmuxd, SIGTERMed: it closes every
 * connection in order) at several points of a backup, then started again on the same state. The host
 * notices at once and fails clearly, never hangs; previous backup intact, next backup complete.
 */
import { test } from 'node:test';
import { peerToolsMissing } from '../helpers/fixture.ts';
import { deviceStopMatrix } from './device-stop-matrix.ts';

test('usbmuxd restarted at several points of a backup: clear error, previous backup intact, next backup complete', { skip: peerToolsMissing, timeout: 300_000 }, async () => {
  await deviceStopMatrix('SIGTERM', 'usbmuxd restarted (SIGTERM + start)');
});
