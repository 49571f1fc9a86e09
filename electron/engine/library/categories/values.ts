/**
 * Turning database and plist values into the shared types' values: iOS dates (Core Data seconds since
 * 2001, sms.db nanoseconds since 2001 on iOS 11+), text that may arrive as a BLOB, numbers.
 */

/** Unix seconds of 2001-01-01T00:00:00Z, the epoch of Core Data and most iOS databases. */
export const APPLE_EPOCH = 978_307_200;

/** Dates after this many seconds since 2001 are nonsense (year 2100), as are dates before 1900. */
const LATEST = 3_124_137_600;
const EARLIEST = -3_187_296_000;

/** ISO date of a Core Data timestamp (seconds since 2001; text is accepted, as AddressBook stores it). */
export function appleDate(value: unknown): string | undefined {
  const seconds = toNumber(value);
  if (seconds === undefined || seconds < EARLIEST || seconds > LATEST) return undefined;
  return new Date((seconds + APPLE_EPOCH) * 1000).toISOString();
}

/**
 * ISO date of an sms.db timestamp: nanoseconds since 2001 since iOS 11, seconds before. A value too large
 * to be seconds is nanoseconds.
 */
export function messageDate(value: unknown): string | undefined {
  const raw = toNumber(value);
  if (raw === undefined || raw === 0) return undefined;
  return appleDate(Math.abs(raw) > 1e11 ? raw / 1e9 : raw);
}

/** ISO date of a plist date (or undefined). */
export function plistDate(value: unknown): string | undefined {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : undefined;
}

/** A number from a column that may hold an integer, a real, a bigint or numeric text. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** Trimmed non-empty text from a TEXT column, a UTF-8 BLOB (CallHistory addresses) or a number. */
export function text(value: unknown): string | undefined {
  let result: string | undefined;
  if (typeof value === 'string') result = value;
  else if (Buffer.isBuffer(value)) result = value.toString('utf8');
  else if (typeof value === 'number' || typeof value === 'bigint') result = String(value);
  result = result?.replace(/\0+$/, '').trim();
  return result ? result : undefined;
}

/**
 * Sets the fields of `values` that are defined: optional fields of the shared types stay absent rather
 * than present with undefined (they cross IPC and JSON that way).
 */
export function setDefined<T extends object>(target: T, values: Partial<T>): T {
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
  return target;
}

/** True for 1, true, '1' (SQLite and plist booleans). */
export function flag(value: unknown): boolean {
  return value === true || value === 1 || value === 1n || value === '1';
}

/** "YYYY-MM-DD" of an ISO date. */
export function dayOf(iso: string | undefined): string | undefined {
  return iso?.slice(0, 10);
}

/** Sorts by an ISO date, newest first; undated items last. */
export function newestFirst<T>(items: T[], dateOf: (item: T) => string | undefined): T[] {
  return items.sort((a, b) => (dateOf(b) ?? '').localeCompare(dateOf(a) ?? ''));
}

/** A C0 control character other than tab, line feed and carriage return, or DEL. */
function isControl(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f;
}

/** Whether text holds control characters (binary data decoded as text does). */
export function hasControlCharacters(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (isControl(value.charCodeAt(i))) return true;
  return false;
}

/** The text without control characters (tab and line breaks are kept). */
export function withoutControlCharacters(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) if (!isControl(value.charCodeAt(i))) out += value[i];
  return out;
}
