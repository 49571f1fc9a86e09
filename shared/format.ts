/**
 * Sizes as Cradle writes them everywhere (app and CLI): decimal units, as Apple's devices and Finder count.
 */

const SIZE_UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'];

/** A byte count as "128 GB" or "69.6 GB". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < SIZE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits).replace(/\.0$/, '')} ${SIZE_UNITS[unit]}`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function ago(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'} ago`;
}

/** How long ago a date was, in words: "just now", "5 minutes ago", "2 days ago", "3 months ago". */
export function ageWords(iso: string, now: number): string {
  const elapsed = now - Date.parse(iso);
  if (Number.isNaN(elapsed)) return '';
  if (elapsed < MINUTE) return 'just now';
  if (elapsed < HOUR) return ago(Math.floor(elapsed / MINUTE), 'minute');
  if (elapsed < DAY) return ago(Math.floor(elapsed / HOUR), 'hour');
  if (elapsed < 14 * DAY) return ago(Math.floor(elapsed / DAY), 'day');
  if (elapsed < 60 * DAY) return ago(Math.floor(elapsed / (7 * DAY)), 'week');
  if (elapsed < 365 * DAY) return ago(Math.floor(elapsed / (30 * DAY)), 'month');
  return ago(Math.floor(elapsed / (365 * DAY)), 'year');
}
