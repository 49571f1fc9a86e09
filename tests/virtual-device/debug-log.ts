/**
 * Optional trace of what hosts ask the virtual device, on stderr when `CRADLE_VDEV_DEBUG=1`.
 * Only request names and paths are logged, never values a host sends (they can hold passwords).
 */

const enabled = process.env.CRADLE_VDEV_DEBUG === '1';

/** Writes one trace line when tracing is on. */
export function trace(scope: string, message: string): void {
  if (enabled) process.stderr.write(`[vdev ${scope}] ${message}\n`);
}
