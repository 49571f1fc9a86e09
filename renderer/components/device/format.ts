/**
 * Numbers and dates as the device page shows them: sizes in decimal units, as Apple's devices count them.
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

/** An ISO date as the person's locale writes it, e.g. "3 May 2025 at 14:05". */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
