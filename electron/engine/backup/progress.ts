/**
 * Progress a person can trust: bytes and files as they move, a rate smoothed over time, a fraction that
 * never goes backwards, and an ETA from bytes. The device's own percentage jumps and can go back, so it
 * is only used to estimate the total; events are throttled to about ten a second.
 */
import type { JobProgress } from '../../../shared/jobs.ts';

const EMIT_EVERY_MS = 100;
const RATE_HALF_LIFE_MS = 2000;

/** Tracks one transfer. */
export class ProgressTracker {
  private bytesDone = 0;
  private filesDone = 0;
  private estimatedTotal: number | undefined;
  private fraction = 0;
  private rate = 0;
  private lastSampleAt: number;
  private lastSampleBytes = 0;
  private lastEmitAt = 0;
  private currentFile: string | undefined;

  constructor(
    private readonly emit: (progress: JobProgress) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.lastSampleAt = now();
  }

  /** Counts bytes moved. */
  addBytes(bytes: number): void {
    this.bytesDone += bytes;
    this.maybeEmit();
  }

  /** Counts a finished file. */
  addFile(path: string): void {
    this.filesDone += 1;
    this.currentFile = path;
    this.maybeEmit();
  }

  /** Learns from the device's overall percentage: the total is about bytesDone / percent. */
  devicePercent(percent: number): void {
    if (percent > 0 && percent <= 100 && this.bytesDone > 0) {
      const estimate = this.bytesDone / (percent / 100);
      this.estimatedTotal = this.estimatedTotal === undefined ? estimate : 0.7 * this.estimatedTotal + 0.3 * estimate;
    }
    this.maybeEmit();
  }

  /** The current progress. */
  snapshot(): JobProgress {
    this.sampleRate();
    const total = this.estimatedTotal === undefined ? undefined : Math.max(this.estimatedTotal, this.bytesDone);
    if (total) this.fraction = Math.max(this.fraction, Math.min(0.99, this.bytesDone / total));
    const remaining = total === undefined ? undefined : total - this.bytesDone;
    return {
      bytesDone: this.bytesDone,
      ...(total === undefined ? {} : { bytesTotal: Math.round(total) }),
      filesDone: this.filesDone,
      fraction: this.fraction,
      bytesPerSecond: Math.round(this.rate),
      ...(remaining !== undefined && this.rate > 0 ? { etaSeconds: Math.ceil(remaining / this.rate) } : {}),
      ...(this.currentFile ? { currentFile: this.currentFile } : {}),
    };
  }

  /** Emits the final state (fraction 1). */
  finish(): void {
    this.fraction = 1;
    this.emit({ ...this.snapshot(), fraction: 1, etaSeconds: 0 });
  }

  private sampleRate(): void {
    const now = this.now();
    const elapsed = now - this.lastSampleAt;
    if (elapsed < 250) return;
    const instant = ((this.bytesDone - this.lastSampleBytes) * 1000) / elapsed;
    const weight = Math.pow(0.5, elapsed / RATE_HALF_LIFE_MS);
    this.rate = this.rate === 0 ? instant : weight * this.rate + (1 - weight) * instant;
    this.lastSampleAt = now;
    this.lastSampleBytes = this.bytesDone;
  }

  private maybeEmit(): void {
    const now = this.now();
    if (now - this.lastEmitAt < EMIT_EVERY_MS) return;
    this.lastEmitAt = now;
    this.emit(this.snapshot());
  }
}
