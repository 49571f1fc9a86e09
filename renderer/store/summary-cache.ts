/**
 * The device summaries the renderer has read, and when to read them again. Pure, so it is tested in Node.
 */
import type { DeviceListItem, DeviceState, DeviceSummary } from '../../shared/devices.ts';
import type { ErrorPayload } from '../../shared/errors.ts';

/** One device's summary as far as the renderer knows it. */
export interface SummaryEntry {
  status: 'loading' | 'ready' | 'error';
  /** The last summary read; kept while a newer one loads so the page does not flicker. */
  summary?: DeviceSummary;
  error?: ErrorPayload;
  /** The device changed since (reconnected, trusted, unlocked): read it again when it can be read. */
  stale: boolean;
  /** Which request this entry waits for; older answers are dropped. */
  request: number;
}

/** Summaries by UDID. */
export type SummaryCache = Readonly<Record<string, SummaryEntry>>;

/** Whether a device in this state answers a summary request (a running job does not stop it). */
export function isReadable(state: DeviceState): boolean {
  return state === 'connected' || state === 'busy';
}

/**
 * Marks summaries stale when their device left, came back, or became readable or unreadable:
 * after Trust or an unlock the summary must be read again, and one read before may be an error.
 */
export function markStale(cache: SummaryCache, before: readonly DeviceListItem[], after: readonly DeviceListItem[]): SummaryCache {
  let next: Record<string, SummaryEntry> | undefined;
  for (const [udid, entry] of Object.entries(cache)) {
    if (entry.stale) continue;
    const was = before.find((device) => device.udid === udid);
    const now = after.find((device) => device.udid === udid);
    const changed = !was || !now || isReadable(was.state) !== isReadable(now.state);
    if (!changed) continue;
    next ??= { ...cache };
    next[udid] = { ...entry, stale: true };
  }
  return next ?? cache;
}

/** Marks one device's summary stale: a job changed what it says (a backup's date, encryption). */
export function markDeviceStale(cache: SummaryCache, udid: string): SummaryCache {
  const entry = cache[udid];
  return entry && !entry.stale ? { ...cache, [udid]: { ...entry, stale: true } } : cache;
}

/** Whether a page showing this device should (re)read its summary now. */
export function needsSummary(entry: SummaryEntry | undefined, device: DeviceListItem | undefined): boolean {
  if (!device || !isReadable(device.state)) return false;
  return entry === undefined || (entry.stale && entry.status !== 'loading');
}
