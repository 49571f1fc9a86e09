/**
 * The result envelope every IPC call returns: a value, or an error payload. Nothing is thrown across IPC.
 */
import type { ErrorPayload } from '../errors.ts';

/** Success or failure of one IPC call. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

/** Wraps a value as a successful result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Wraps an error payload as a failed result. */
export function fail<T = never>(error: ErrorPayload): Result<T> {
  return { ok: false, error };
}
