/**
 * The engine's outgoing events (`devices:changed`, `jobs:event`), fanned out to whoever listens:
 * the Electron window in the app, WebSocket clients in the browser bridge, the CLI's printer.
 */
import type { EventChannel } from '../../../shared/ipc/channels.ts';
import type { EventOf } from '../../../shared/ipc/contract.ts';

/** A listener of every event channel. */
export type EventListener = <E extends EventChannel>(channel: E, payload: EventOf<E>) => void;

/** A typed fan-out of engine events. */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  /** Delivers an event to every listener; one failing listener does not stop the others. */
  emit<E extends EventChannel>(channel: E, payload: EventOf<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(channel, payload);
      } catch {
        // A listener's failure (a closed window or socket) must not break the engine.
      }
    }
  }

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
