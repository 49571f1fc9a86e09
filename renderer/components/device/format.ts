/**
 * Dates as the device page shows them (sizes: shared/format.ts).
 */

/** An ISO date as the person's locale writes it, e.g. "3 May 2025 at 14:05". */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
