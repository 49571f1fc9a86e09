/**
 * Progress a person can trust: bytes and files as they move, a rate smoothed over time, a fraction that
 * does not go backwards (unless an estimate proves badly wrong), and an ETA from bytes. The device's own
 * percentage jumps and can go back, so it only estimates the total: each upload batch announces its size
 * and the percentage reached after it. Events are throttled to about ten a second.
 */
import type { JobProgress } from '../../../shared/jobs.ts';

const EMIT_EVERY_MS = 100;
/** Batches that end before this many bytes say nothing useful about the total (Status.plist at "1 %"). */
const MIN_ESTIMATE_BYTES = 1024 * 1024;
/** A fraction only goes back when a new estimate puts it this much lower. */
const CORRECTION = 0.1;
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
  private finished = false;

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

  /** Knows the total up front (a restore sends a backup of known size). */
  expectTotal(bytes: number): void {
    if (bytes > 0) this.estimatedTotal = bytes;
  }

  /** Learns from an upload batch: after `batchBytes` more bytes the device will be at `percentAfter`. */
  uploadBatch(batchBytes: number, percentAfter: number): void {
    const after = this.bytesDone + batchBytes;
    if (!(percentAfter > 0 && percentAfter <= 100) || after < MIN_ESTIMATE_BYTES) return;
    const estimate = after / (percentAfter / 100);
    this.estimatedTotal = this.estimatedTotal === undefined ? estimate : 0.5 * this.estimatedTotal + 0.5 * estimate;
  }

  /** The current progress. */
  snapshot(): JobProgress {
    this.sampleRate();
    const total = this.estimatedTotal === undefined ? undefined : Math.max(this.estimatedTotal, this.bytesDone);
    if (total && !this.finished) {
      const raw = Math.min(0.99, this.bytesDone / total);
      if (raw >= this.fraction || this.fraction - raw > CORRECTION) this.fraction = raw;
    }
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
    this.finished = true;
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
