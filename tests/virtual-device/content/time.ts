/**
 * Dates of generated content: fixed, not the wall clock, so a device regenerates identically.
 */

/** "Now" for generated content: 2025-06-01T09:00:00Z. Everything happened before it. */
export const REFERENCE_TIME = 1_748_768_400;

/** Unix seconds of 2001-01-01T00:00:00Z, the epoch of Core Data and most iOS databases. */
export const APPLE_EPOCH = 978_307_200;

/** Seconds since 2001 (Core Data timestamps, AddressBook, Calendar, Safari, CallHistory). */
export function appleSeconds(unix: number): number {
  return unix - APPLE_EPOCH;
}

/** Nanoseconds since 2001 as SQLite integer (sms.db dates since iOS 11). */
export function appleNanos(unix: number, extraNanos = 0): bigint {
  return BigInt(Math.floor(unix - APPLE_EPOCH)) * 1_000_000_000n + BigInt(extraNanos);
}

/** A Date from unix seconds (plists). */
export function dateOf(unix: number): Date {
  return new Date(unix * 1000);
}

/** EXIF-style local time text "YYYY:MM:DD HH:MM:SS" (UTC is good enough for generated photos). */
export function exifDate(unix: number): string {
  return new Date(unix * 1000).toISOString().slice(0, 19).replace(/-/g, ':').replace('T', ' ');
}
