/**
 * The engine's implementation of every invoke channel of shared/ipc/contract.ts. Electron's main
 * process and the loopback bridge serve this same table.
 */
import type { InvokeChannel } from '../../../shared/ipc/channels.ts';
import type { ParsedRequestOf, ResponseOf } from '../../../shared/ipc/contract.ts';
import { probeUsbmuxd } from '../usbmux/probe.ts';
import { CRADLE_NAME, CRADLE_VERSION } from '../version.ts';
import { EventHub } from './events.ts';

/** One handler per invoke channel; handlers throw CradleError, the dispatcher turns it into an envelope. */
export type HandlerTable = {
  [C in InvokeChannel]: (request: ParsedRequestOf<C>) => Promise<ResponseOf<C>>;
};

/** What the handlers need from their host (the app or the bridge). */
export interface EngineHost {
  /** Runtime versions beyond Node's, e.g. Electron's and Chrome's inside the app. */
  runtimeVersions?: { electron?: string; chrome?: string };
}

/** The engine as the app and the bridge see it: a handler table and an event hub. */
export interface Engine {
  handlers: HandlerTable;
  events: EventHub;
  /** Stops background work (device watching, jobs) before exit. */
  close(): Promise<void>;
}

/** Builds the engine's handler table. */
export function createEngine(host: EngineHost = {}): Engine {
  const events = new EventHub();
  const handlers: HandlerTable = {
    'app:info': async () => ({
      name: CRADLE_NAME,
      version: CRADLE_VERSION,
      platform: process.platform,
      arch: process.arch,
      versions: { node: process.versions.node, ...host.runtimeVersions },
      usbmuxd: await probeUsbmuxd(),
    }),
  };
  return { handlers, events, close: async () => {} };
}
