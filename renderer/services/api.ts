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

function getApi(): CradleApi {
  api ??= window.cradle ?? connectBridge(window.location);
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
