/**
 * Reliability tally: the counts behind docs/RELIABILITY.md. Reliability tests record what they ran
 * (cases, faults injected, inputs fuzzed, data lost) as JSON lines in the file named by
 * CRADLE_RELIABILITY_LOG; `npm test` and `npm run soak` set it and print the matrix at the end.
 */
import fs from 'node:fs';

/** One row of the matrix: what a test ran and what it found. */
export interface TallyCounts {
  /** Distinct scenarios checked (e.g. "cable pulled at 2 MB"). */
  cases?: number;
  /** Faults actually injected (a cut, a kill, a full disk…). */
  faults?: number;
  /** Inputs fed to a parser or a channel (fuzzing). */
  inputs?: number;
  /** Previous backups or files found damaged or lost afterwards (must stay 0: the test fails otherwise). */
  dataLost?: number;
}

/** Records counts for one matrix row (`area` groups rows, `name` says what was done). */
export function tally(area: string, name: string, counts: TallyCounts): void {
  const file = process.env.CRADLE_RELIABILITY_LOG;
  if (!file) return;
  const row = { area, name, cases: 0, faults: 0, inputs: 0, dataLost: 0, ...counts };
  fs.appendFileSync(file, `${JSON.stringify(row)}\n`);
}

/** True under `npm run soak` (CRADLE_SOAK=1): reliability tests run their long versions. */
export const soaking = process.env.CRADLE_SOAK === '1';

/** A size for the run: `ci` in `npm test`, `soak` under `npm run soak`. */
export function scaled(ci: number, soak: number): number {
  return soaking ? soak : ci;
}
