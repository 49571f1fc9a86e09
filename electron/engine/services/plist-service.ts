/**
 * appium-ios-device's plist service over one of our streams, with its internals exposed for error
 * handling. Deep imports: the package's index pulls in far more than we use.
 */
import type { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import { PlistService } from 'appium-ios-device/build/lib/plist-service/index.js';

/** Creates appium's PlistService on a stream. */
export function createPlistService(stream: Duplex): PlistService {
  return new PlistService(stream);
}

/** The streams inside a PlistService that can emit errors. */
export function plistServiceInternals(service: PlistService): (EventEmitter | undefined)[] {
  return [service._splitter, service._decoder, service._encoder];
}
