/**
 * The renderer's only door to Cradle's engine: `window.cradle` in the app (the preload), the loopback
 * bridge in a browser. Components and store slices call these functions, never window.cradle.
 */
import type { EventChannel, InvokeChannel } from '../../shared/ipc/channels.ts';
import type { CradleApi, EventOf, RequestOf, ResponseOf } from '../../shared/ipc/contract.ts';
import type { Result } from '../../shared/ipc/result.ts';
import { connectBridge } from './bridge-client.ts';

declare global {
  interface Window {
    cradle?: CradleApi;
  }
}

let api: CradleApi | undefined;
let connected = false;
const connectionListeners = new Set<() => void>();

function announceConnection(): void {
  connected = true;
  for (const listener of connectionListeners) listener();
}

function getApi(): CradleApi {
  if (api) return api;
  if (window.cradle) {
    api = window.cradle;
    // The preload's IPC is there from the start and never drops.
    queueMicrotask(announceConnection);
  } else {
    api = connectBridge(window.location, announceConnection);
  }
  return api;
}

/** Calls an invoke channel; the result is an envelope, never a thrown error. */
export function invoke<C extends InvokeChannel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>> {
  return getApi().invoke(channel, request);
}

/** Subscribes to an event channel; returns the unsubscribe function. */
export function subscribe<E extends EventChannel>(channel: E, listener: (payload: EventOf<E>) => void): () => void {
  return getApi().on(channel, listener);
}

/**
 * Runs `listener` on every connection to the engine, the first one included (at once when already
 * connected): events sent while the window was not listening are lost, so this is where it catches up.
 */
export function onConnected(listener: () => void): () => void {
  connectionListeners.add(listener);
  getApi();
  if (connected) listener();
  return () => connectionListeners.delete(listener);
}
