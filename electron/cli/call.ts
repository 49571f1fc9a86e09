/**
 * The CLI calls the engine through the same dispatcher as the app: the same validation, the same errors.
 */
import { CradleError } from '../../shared/errors.ts';
import type { InvokeChannel } from '../../shared/ipc/channels.ts';
import type { RequestOf, ResponseOf } from '../../shared/ipc/contract.ts';
import { dispatch } from '../engine/api/dispatch.ts';
import type { Engine } from '../engine/api/handlers.ts';

/** Calls a channel; a failure is thrown as the CradleError it carried. */
export async function call<C extends InvokeChannel>(engine: Engine, channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  const result = await dispatch(engine.handlers, channel, request);
  if (!result.ok) throw new CradleError(result.error.code, result.error.message, result.error.details);
  return result.value as ResponseOf<C>;
}
