/**
 * Runs work on an appium-ios-device service so that nothing it does can crash the process: its internal
 * streams get error handlers, a closed connection fails the work at once (appium would wait for its
 * timeout), and its plain Errors become CradleErrors.
 */
import type { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import { CradleError } from '../../../shared/errors.ts';

/** An appium service: something with close() built on our stream. */
interface AppiumService {
  close(): void;
}

/**
 * Creates the service on `stream`, runs `work`, always closes.
 * @param internals the service's own streams (splitters, decoders) that must not emit unhandled errors.
 */
export async function useAppiumService<S extends AppiumService, T>(
  stream: Duplex,
  create: (stream: Duplex) => S,
  internals: (service: S) => (EventEmitter | undefined)[],
  work: (service: S) => Promise<T>,
  what: string,
): Promise<T> {
  stream.on('error', () => {});
  const service = create(stream);
  for (const emitter of internals(service)) emitter?.on('error', () => stream.destroy());
  let onClose: () => void = () => {};
  const closed = new Promise<never>((_, reject) => {
    onClose = () => reject(new CradleError('DEVICE_DISCONNECTED', `The device disconnected while Cradle was reading ${what}. Reconnect it and try again.`));
    stream.once('close', onClose);
  });
  // The loser of the race must not reject unhandled (appium's own timeout fires later).
  const pending = work(service);
  pending.catch(() => undefined);
  try {
    return await Promise.race([pending, closed]);
  } catch (error) {
    if (error instanceof CradleError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new CradleError(/timeout/i.test(message) ? 'TIMEOUT' : 'PROTOCOL', `The device did not answer Cradle's request for ${what}.`, message);
  } finally {
    stream.off('close', onClose);
    closed.catch(() => undefined);
    try {
      service.close();
    } catch {
      // Already closed.
    }
    stream.destroy();
  }
}
