/**
 * Waits for the engine's jobs in E2E tests: what the test set up through the engine (pairing, a golden
 * backup) must have finished well before the page is driven.
 */
import assert from 'node:assert/strict';
import type { Engine } from '../../electron/engine/api/handlers.ts';
import type { JobEvent } from '../../shared/jobs.ts';

/** Listens to `engine`'s job events; the function it returns resolves once a job ended, and fails unless it is done. */
export function jobWaiter(engine: Engine): (jobId: string) => Promise<void> {
  const ended = new Map<string, JobEvent>();
  const waiting = new Map<string, (event: JobEvent) => void>();
  engine.events.subscribe((channel, payload) => {
    const event = payload as JobEvent;
    if (channel !== 'jobs:event' || (event.type !== 'done' && event.type !== 'failed' && event.type !== 'cancelled')) return;
    ended.set(event.jobId, event);
    waiting.get(event.jobId)?.(event);
  });
  return async (jobId) => {
    const event = ended.get(jobId) ?? (await new Promise<JobEvent>((resolve) => waiting.set(jobId, resolve)));
    assert.equal(event.type, 'done', JSON.stringify(event));
  };
}
