/**
 * The browser's stand-in for the preload: the same CradleApi, spoken over the loopback bridge's
 * WebSocket. Used when the renderer runs in a plain browser (dev:web, E2E tests). A dropped connection is
 * retried, and `onOpen` runs after every (re)connection so the page can catch up on what it missed.
 */
import { BRIDGE_PATH, TOKEN_PROTOCOL_PREFIX, type BridgeMessage } from '../../shared/ipc/bridge-protocol.ts';
import type { CradleApi } from '../../shared/ipc/contract.ts';
import type { Result } from '../../shared/ipc/result.ts';

type Pending = (result: Result<unknown>) => void;

/** Waits between reconnection attempts, growing to the last value. */
const RETRY_DELAYS_MS = [500, 1000, 2000, 5000];

const closedResult: Result<never> = {
  ok: false,
  error: { code: 'DEVICE_DISCONNECTED', message: 'The connection to Cradle was lost. Cradle keeps trying to reconnect.' },
};

/** Connects to the bridge that served this page, with the token from the page's `#token=` fragment. */
export function connectBridge(location: Location, onOpen: () => void): CradleApi {
  const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: never) => void>>();
  let nextId = 1;
  let attempts = 0;
  let socket: WebSocket;
  // Settles when the first attempt opens or fails, so early calls neither hang nor fail needlessly.
  let settleFirstAttempt = (): void => undefined;
  const firstAttempt = new Promise<void>((resolve) => {
    settleFirstAttempt = resolve;
  });

  const connect = (): void => {
    socket = new WebSocket(`ws://${location.host}${BRIDGE_PATH}`, [`${TOKEN_PROTOCOL_PREFIX}${token}`]);
    socket.addEventListener('open', () => {
      attempts = 0;
      settleFirstAttempt();
      onOpen();
    });
    socket.addEventListener('close', () => {
      settleFirstAttempt();
      for (const resolve of pending.values()) resolve(closedResult);
      pending.clear();
      const delay = RETRY_DELAYS_MS[Math.min(attempts, RETRY_DELAYS_MS.length - 1)];
      attempts += 1;
      setTimeout(connect, delay);
    });
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as BridgeMessage;
      if ('event' in message) {
        for (const listener of listeners.get(message.event) ?? []) listener(message.payload as never);
      } else if (message.id !== null) {
        pending.get(message.id)?.(message.result);
        pending.delete(message.id);
      }
    });
  };
  connect();

  return {
    async invoke(channel, request) {
      await firstAttempt;
      if (socket.readyState !== WebSocket.OPEN) return closedResult;
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve as Pending);
        socket.send(JSON.stringify({ id, channel, payload: request }));
      });
    },
    on(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(channel, set);
      return () => set.delete(listener as (payload: never) => void);
    },
  };
}
