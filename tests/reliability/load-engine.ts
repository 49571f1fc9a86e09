/**
 * The engine as the app drives it, for the load tests: createEngine, requests through dispatch (validation
 * and envelope as over IPC), and jobs followed on `jobs:event` until they end.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createEngine, type Engine } from '../../electron/engine/api/handlers.ts';
import { dispatch } from '../../electron/engine/api/dispatch.ts';
import type { JobEvent } from '../../shared/jobs.ts';

/** How long one job may take before the test gives up on it. */
const JOB_TIMEOUT_MS = 600_000;

/** An engine pointed at a usbmuxd address and a backup folder. */
export interface LoadEngine {
  engine: Engine;
  /** One request as the renderer sends it; rejects with the error payload's code and message. */
  call<T>(channel: string, request: unknown): Promise<T>;
  /** Starts a job through `channel` and resolves with its `done` summary (rejects on failed/cancelled). */
  job<T>(channel: string, request: unknown): Promise<T>;
  close(): Promise<void>;
}

/** Creates the engine (USBMUXD_SOCKET_ADDRESS is read once, at creation, as in the app). */
export function startLoadEngine(address: string, dir: string): LoadEngine {
  const previous = process.env.USBMUXD_SOCKET_ADDRESS;
  process.env.USBMUXD_SOCKET_ADDRESS = address;
  const engine = createEngine({ backupFolder: path.join(dir, 'backups'), settingsFile: path.join(dir, 'settings.json') });
  if (previous === undefined) delete process.env.USBMUXD_SOCKET_ADDRESS;
  else process.env.USBMUXD_SOCKET_ADDRESS = previous;
  fs.mkdirSync(dir, { recursive: true });

  // Events can end a job before its id is known to the caller: keep the last event of every job.
  const ended = new Map<string, JobEvent>();
  const waiters = new Map<string, (event: JobEvent) => void>();
  const unsubscribe = engine.events.subscribe((channel, payload) => {
    if (channel !== 'jobs:event') return;
    const event = payload as JobEvent;
    if (event.type !== 'done' && event.type !== 'failed' && event.type !== 'cancelled') return;
    const waiter = waiters.get(event.jobId);
    if (waiter) waiter(event);
    else ended.set(event.jobId, event);
  });
  const call = async <T>(channel: string, request: unknown): Promise<T> => {
    const result = await dispatch(engine.handlers, channel, request);
    if (!result.ok) throw Object.assign(new Error(`${channel}: ${result.error.code} ${result.error.message}`), { code: result.error.code });
    return result.value as T;
  };
  const finished = (jobId: string): Promise<JobEvent> => {
    const known = ended.get(jobId);
    if (known) {
      ended.delete(jobId);
      return Promise.resolve(known);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(jobId);
        reject(new Error(`job ${jobId} did not end within ${JOB_TIMEOUT_MS} ms`));
      }, JOB_TIMEOUT_MS);
      waiters.set(jobId, (event) => {
        clearTimeout(timer);
        waiters.delete(jobId);
        resolve(event);
      });
    });
  };
  return {
    engine,
    call,
    async job<T>(channel: string, request: unknown): Promise<T> {
      const { jobId } = await call<{ jobId: string }>(channel, request);
      const event = await finished(jobId);
      if (event.type === 'failed') throw Object.assign(new Error(`${channel}: ${event.error.code} ${event.error.message}`), { code: event.error.code });
      if (event.type !== 'done') throw new Error(`${channel}: ${event.type}`);
      return (event.summary ?? {}) as T;
    },
    async close() {
      unsubscribe();
      await engine.close();
    },
  };
}
