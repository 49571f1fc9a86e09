/**
 * The loopback bridge's wire format: JSON messages over one WebSocket, the token as a subprotocol.
 * Shared by the bridge server (Node) and its browser client (renderer), so both read it the same way.
 */
import { fail, ok, type Result } from './result.ts';

/** The WebSocket path of the bridge. */
export const BRIDGE_PATH = '/bridge';

/** The token travels as the subprotocol `cradle-token.<token>` (browsers cannot set other headers). */
export const TOKEN_PROTOCOL_PREFIX = 'cradle-token.';

/** A request from the browser: which channel, with what payload, under which id. */
export interface BridgeRequest {
  id: number;
  channel: string;
  payload: unknown;
}

/** A message from the bridge: the reply to a request, or an event. */
export type BridgeMessage = { id: number | null; result: Result<unknown> } | { event: string; payload: unknown };

/** Parses a browser request; a malformed one becomes a VALIDATION failure. */
export function parseBridgeRequest(text: string): Result<BridgeRequest> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const message = value as Partial<BridgeRequest> | undefined;
  if (!message || typeof message !== 'object' || typeof message.id !== 'number' || typeof message.channel !== 'string') {
    return fail({ code: 'VALIDATION', message: 'The bridge received a malformed message.' });
  }
  return ok({ id: message.id, channel: message.channel, payload: message.payload });
}
