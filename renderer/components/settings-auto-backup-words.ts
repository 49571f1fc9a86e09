/**
 * Settings › Automatic backups in words: the "at most once every" choices and the daily times offered.
 * Pure, so it is tested in Node.
 */
import { DAILY_TIME, MAX_AUTO_BACKUP_HOURS } from '../../shared/settings.ts';

/** The intervals offered, in hours: 1 h, 6 h, 12 h, 24 h, 7 days. */
export const INTERVAL_CHOICES: readonly number[] = [1, 6, 12, 24, 24 * 7];

/** An interval in words: "hour", "6 hours", "day", "7 days". */
export function intervalWords(hours: number): string {
  if (hours === 1) return 'hour';
  if (hours === 24) return 'day';
  if (hours % 24 === 0) return `${hours / 24} days`;
  return `${hours} hours`;
}

/** The choices to list: the offered ones, and the one in force when it is another (set elsewhere). */
export function intervalChoices(current: number): number[] {
  const valid = Number.isInteger(current) && current >= 1 && current <= MAX_AUTO_BACKUP_HOURS;
  return !valid || INTERVAL_CHOICES.includes(current) ? [...INTERVAL_CHOICES] : [...INTERVAL_CHOICES, current].sort((a, b) => a - b);
}

/** The "HH:MM" a time field gives, or undefined when it is not a whole time of day. */
export function dailyTime(value: string): string | undefined {
  return DAILY_TIME.test(value) ? value : undefined;
}
