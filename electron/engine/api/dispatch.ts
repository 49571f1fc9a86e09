/**
 * The one wrapper every IPC request goes through, in the app and in the bridge: channel check, zod
 * validation, the handler, and a result envelope. Nothing is thrown back to the caller.
 */
import { CradleError, toErrorPayload } from '../../../shared/errors.ts';
import { isInvokeChannel } from '../../../shared/ipc/channels.ts';
import { invokeContract } from '../../../shared/ipc/contract.ts';
import type { Result } from '../../../shared/ipc/result.ts';
import type { HandlerTable } from './handlers.ts';
import { validationPayload } from './validation-words.ts';

/** Validates and runs one request against the handler table. */
export async function dispatch(handlers: HandlerTable, channel: unknown, payload: unknown): Promise<Result<unknown>> {
  try {
    if (!isInvokeChannel(channel)) {
      throw new CradleError('UNKNOWN_CHANNEL', 'Cradle received a request it does not know.', { channel });
    }
    const parsed = invokeContract[channel].request.safeParse(payload);
    if (!parsed.success) return { ok: false, error: validationPayload(payload, parsed.error.issues) };
    const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    return { ok: false, error: toErrorPayload(error) };
  }
}
