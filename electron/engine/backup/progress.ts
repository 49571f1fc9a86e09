/**
 * Progress a person can trust: bytes and files as they move, a rate over the last seconds of data (right
 * from the first second the bytes flow, never diluted by the device's preparation before), a fraction that
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
/** The rate is the bytes moved over the last this many milliseconds. */
const RATE_WINDOW_MS = 5000;
/** Below this much time with data, there is no rate yet (nor an ETA). */
const MIN_RATE_SPAN_MS = 200;
/** Points of the window are kept at most this often. */
const SAMPLE_EVERY_MS = 100;

/** Bytes done at a moment. */
interface Sample {
  at: number;
  bytes: number;
}

/** Tracks one transfer. */
export class ProgressTracker {
  private bytesDone = 0;
  private filesDone = 0;
  private estimatedTotal: number | undefined;
  private fraction = 0;
  /** Points of the rate window, oldest first: from the first bytes, the last one at or before the window's start. */
  private samples: Sample[] = [];
  private lastEmitAt = 0;
  private currentFile: string | undefined;
  private finished = false;

  constructor(
    private readonly emit: (progress: JobProgress) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts bytes moved. */
  addBytes(bytes: number): void {
    const now = this.now();
    // The window starts when the bytes start: this chunk arrived over time the tracker did not see.
    if (this.samples.length === 0) this.samples.push({ at: now, bytes: this.bytesDone });
    this.bytesDone += bytes;
    this.sample(now);
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
    const rate = this.rate(this.now());
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
      bytesPerSecond: Math.round(rate),
      ...(remaining !== undefined && rate > 0 ? { etaSeconds: Math.ceil(remaining / rate) } : {}),
      ...(this.currentFile ? { currentFile: this.currentFile } : {}),
    };
  }

  /** Emits the final state (fraction 1). */
  finish(): void {
    this.finished = true;
    this.fraction = 1;
    this.emit({ ...this.snapshot(), fraction: 1, etaSeconds: 0 });
  }

  /** Keeps a point at most every SAMPLE_EVERY_MS, and of those older than the window only the newest. */
  private sample(now: number): void {
    const last = this.samples[this.samples.length - 1]!;
    if (now - last.at >= SAMPLE_EVERY_MS) this.samples.push({ at: now, bytes: this.bytesDone });
    while (this.samples.length > 2 && this.samples[1]!.at <= now - RATE_WINDOW_MS) this.samples.shift();
  }

  /**
   * Bytes per second from the window's oldest point (the newest at or before its start, or the first bytes)
   * to now; 0 before MIN_RATE_SPAN_MS of data. A pause with no data lowers it, as it should.
   */
  private rate(now: number): number {
    const oldest = this.samples[0];
    if (!oldest || now - oldest.at < MIN_RATE_SPAN_MS) return 0;
    return ((this.bytesDone - oldest.bytes) * 1000) / (now - oldest.at);
  }

  private maybeEmit(): void {
    const now = this.now();
    if (now - this.lastEmitAt < EMIT_EVERY_MS) return;
    this.lastEmitAt = now;
    this.emit(this.snapshot());
  }
}
