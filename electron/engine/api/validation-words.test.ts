import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dispatch } from './dispatch.ts';
import type { HandlerTable } from './handlers.ts';

/** No handler may run for a malformed request: an empty table proves it. */
const noHandlers = {} as HandlerTable;

async function refusal(channel: string, payload: unknown): Promise<{ message: string; details: unknown }> {
  const result = await dispatch(noHandlers, channel, payload);
  assert.equal(result.ok, false);
  if (result.ok) throw new Error('accepted');
  assert.equal(result.error.code, 'VALIDATION');
  return { message: result.error.message, details: result.error.details };
}

test('a malformed request says which value and what it must be, never the channel or a schema', async () => {
  const cases: [string, unknown, string][] = [
    ['devices:summary', { udid: 'BOGUS' }, '“BOGUS” is not a device UDID: 24 to 40 characters of 0–9, A–F and dashes, as `cradle devices` lists them.'],
    ['devices:summary', {}, 'udid is missing: it must be a device UDID: 24 to 40 characters of 0–9, A–F and dashes, as `cradle devices` lists them.'],
    ['devices:summary', { udid: '00008101-000000000000000C', extra: 1 }, 'The request has a field Cradle does not know: “extra”.'],
    ['devices:rename', { udid: '00008101-000000000000000C', name: 'x'.repeat(65) }, `“${'x'.repeat(57)}…” is not a name of 1 to 64 characters.`],
    ['jobs:cancel', {}, 'jobId is missing: it must be a job id.'],
  ];
  for (const [channel, payload, words] of cases) {
    const { message, details } = await refusal(channel, payload);
    assert.equal(message, words, channel);
    assert.doesNotMatch(JSON.stringify(details), /pattern|\^|regex/i);
  }
  // A field whose value is one of a list keeps zod's list of choices, after the field's name.
  const { message } = await refusal('browse:category', { id: '0123456789abcdef', name: 'bogus' });
  assert.match(message, /^name “bogus” is refused: Invalid option: expected one of "contacts"\|/);
  // Keys that are Object's own never pick up its properties as words.
  const proto = await refusal('devices:summary', { udid: 'BOGUS', constructor: 1 });
  assert.doesNotMatch(proto.message, /function|native code/);
});
