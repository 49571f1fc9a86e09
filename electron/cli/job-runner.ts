/**
 * Follows one engine job from the CLI: prompts and progress as words (or JSON lines with --json), Ctrl+C
 * cancels it, and a failure is thrown as its CradleError.
 */
import { formatBytes } from '../../shared/format.ts';
import { CradleError } from '../../shared/errors.ts';
import type { JobEvent, JobProgress } from '../../shared/jobs.ts';
import type { Engine } from '../engine/api/handlers.ts';

/** Starts a job with `start` and follows it to its end; resolves with the job's summary. */
export async function followJob(engine: Engine, json: boolean, start: () => Promise<{ jobId: string }>): Promise<Record<string, unknown> | undefined> {
  let jobId: string | undefined;
  const early: JobEvent[] = [];
  let settle: (event: JobEvent) => void = () => {};
  const ended = new Promise<JobEvent>((resolve) => (settle = resolve));
  const bar = !json && process.stderr.isTTY ? new ProgressLine() : undefined;
  const handle = (event: JobEvent) => {
    if (json) process.stdout.write(`${JSON.stringify(event)}\n`);
    else if (event.type === 'prompt') {
      bar?.clear();
      process.stderr.write(`${event.message}\n`);
    } else if (event.type === 'progress') bar?.draw(event.progress);
    if (event.type === 'done' || event.type === 'failed' || event.type === 'cancelled') {
      bar?.clear();
      settle(event);
    }
  };
  // Subscribed before the job starts, so none of its events can be missed.
  const unsubscribe = engine.events.subscribe((channel, payload) => {
    if (channel !== 'jobs:event') return;
    const event = payload as JobEvent;
    if (jobId === undefined) early.push(event);
    else if (event.jobId === jobId) handle(event);
  });
  const cancel = () => {
    if (jobId) engine.jobs.cancel(jobId);
  };
  process.on('SIGINT', cancel);
  try {
    jobId = (await start()).jobId;
    for (const event of early.filter((e) => e.jobId === jobId)) handle(event);
    const end = await ended;
    if (end.type === 'failed') throw new CradleError(end.error.code, end.error.message, end.error.details);
    if (end.type === 'cancelled') throw new CradleError('CANCELLED', 'Cancelled.');
    return end.type === 'done' ? end.summary : undefined;
  } finally {
    unsubscribe();
    process.off('SIGINT', cancel);
  }
}

/** A one-line progress bar on a terminal. */
class ProgressLine {
  draw(progress: JobProgress): void {
    const fraction = progress.fraction ?? 0;
    const width = 30;
    const filled = Math.round(fraction * width);
    const rate = progress.bytesPerSecond ? `${formatBytes(progress.bytesPerSecond)}/s` : '';
    const eta = progress.etaSeconds !== undefined ? `${Math.floor(progress.etaSeconds / 60)}:${String(progress.etaSeconds % 60).padStart(2, '0')} left` : '';
    const text = `[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${Math.floor(fraction * 100)}%  ${formatBytes(progress.bytesDone)}  ${progress.filesDone} files  ${rate}  ${eta}`;
    process.stderr.write(`\r${text.slice(0, (process.stderr.columns || 100) - 1)}\x1b[K`);
  }

  clear(): void {
    process.stderr.write('\r\x1b[K');
  }
}
