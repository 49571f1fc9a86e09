/**
 * How the CLI reports: JSON for scripts, words for people, and exit codes by error kind.
 */
import { toErrorPayload, type ErrorCode } from '../../shared/errors.ts';

/** Exit codes of the CLI (documented in README.md). */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  noUsbmuxd: 3,
  deviceNotFound: 4,
  notTrusted: 5,
  locked: 6,
  cancelled: 7,
  password: 8,
} as const;

const EXIT_BY_CODE: Partial<Record<ErrorCode, number>> = {
  USBMUXD_UNAVAILABLE: EXIT.noUsbmuxd,
  DEVICE_NOT_FOUND: EXIT.deviceNotFound,
  DEVICE_DISCONNECTED: EXIT.deviceNotFound,
  NOT_PAIRED: EXIT.notTrusted,
  PAIRING_DENIED: EXIT.notTrusted,
  PAIRING_PENDING: EXIT.notTrusted,
  DEVICE_LOCKED: EXIT.locked,
  CANCELLED: EXIT.cancelled,
  VALIDATION: EXIT.usage,
  WRONG_PASSWORD: EXIT.password,
  PASSWORD_REQUIRED: EXIT.password,
};

/** Prints an error (JSON on stderr with --json) and returns the exit code for it. */
export function reportError(error: unknown, json: boolean): number {
  const payload = toErrorPayload(error);
  process.stderr.write(json ? `${JSON.stringify({ error: payload })}\n` : `cradle: ${payload.message}\n`);
  return EXIT_BY_CODE[payload.code] ?? EXIT.failed;
}

/** Prints a value as JSON on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
