/**
 * The whole surface between renderer and main: invoke channels with zod request schemas and response
 * types, and event channels with payload types. The preload, main's handler wrapper and the loopback
 * bridge are all derived from this file.
 */
import { z } from 'zod';
import type { AppInfo } from '../app-info.ts';
import type { DeviceListItem, DevicesChanged, DeviceSummary } from '../devices.ts';
import type { EncryptionStatus } from '../backup.ts';
import type { JobEvent, JobInfo } from '../jobs.ts';
import type { BackupSummary } from '../library.ts';
import type { AppSettings } from '../settings.ts';
import type { Result } from './result.ts';
import type { EventChannel, InvokeChannel } from './channels.ts';

/** Declares an invoke channel: its request schema now, its response type as a type parameter. */
function invoke<Response>() {
  return <Request extends z.ZodType>(request: Request) => ({ request, response: undefined as unknown as Response });
}

/** Declares an event channel by its payload type. */
function event<Payload>() {
  return { payload: undefined as unknown as Payload };
}

/** A device's UDID: 24–40 characters of hex and dashes, as usbmuxd reports it. */
const udid = z.string().regex(/^[0-9A-Fa-f-]{24,40}$/, 'not a device UDID');
const byDevice = z.strictObject({ udid });
/** A backup password: never logged, never in argv, never in a temp file. */
const password = z.string().min(1).max(1024);

/** Every invoke channel. */
export const invokeContract = {
  'app:info': invoke<AppInfo>()(z.strictObject({})),
  'devices:list': invoke<DeviceListItem[]>()(z.strictObject({})),
  'devices:summary': invoke<DeviceSummary>()(byDevice),
  /** Starts pairing as a job; its prompts ("Tap Trust…") arrive on jobs:event. */
  'devices:pair': invoke<{ jobId: string }>()(byDevice),
  'devices:unpair': invoke<void>()(byDevice),
  'devices:rename': invoke<void>()(z.strictObject({ udid, name: z.string().trim().min(1).max(64) })),
  /** Starts a backup into the configured backup folder; progress arrives on jobs:event. */
  'backup:start': invoke<{ jobId: string }>()(z.strictObject({ udid, full: z.boolean().optional() })),
  'encryption:status': invoke<EncryptionStatus>()(byDevice),
  /** Turns backup encryption on/off or changes the password, as a job (the device may ask for its passcode). */
  'encryption:change': invoke<{ jobId: string }>()(
    z.discriminatedUnion('action', [
      z.strictObject({ udid, action: z.literal('on'), newPassword: password, remember: z.boolean().optional() }),
      // Without oldPassword, the remembered one is used.
      z.strictObject({ udid, action: z.literal('off'), oldPassword: password.optional() }),
      z.strictObject({ udid, action: z.literal('change'), oldPassword: password.optional(), newPassword: password, remember: z.boolean().optional() }),
    ]),
  ),
  /** Forgets a remembered backup password. */
  'encryption:forgetPassword': invoke<void>()(byDevice),
  /** The backups in the backup folder, newest first. */
  'library:list': invoke<BackupSummary[]>()(z.strictObject({})),
  'settings:get': invoke<AppSettings>()(z.strictObject({})),
  /** Opens the native folder dialog in the app (the renderer never sends a path). */
  'settings:chooseBackupFolder': invoke<AppSettings>()(z.strictObject({})),
  'settings:useDefaultBackupFolder': invoke<AppSettings>()(z.strictObject({})),
  'jobs:list': invoke<JobInfo[]>()(z.strictObject({})),
  'jobs:cancel': invoke<void>()(z.strictObject({ jobId: z.string().uuid() })),
} satisfies Record<InvokeChannel, { request: z.ZodType; response: unknown }>;

/** Every event channel. */
export const eventContract = {
  'devices:changed': event<DevicesChanged>(),
  'jobs:event': event<JobEvent>(),
} satisfies Record<EventChannel, { payload: unknown }>;

// Both lists must name the same channels as channels.ts, in both directions.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const invokeNamesMatch: Same<keyof typeof invokeContract, InvokeChannel> = true;
const eventNamesMatch: Same<keyof typeof eventContract, EventChannel> = true;
void invokeNamesMatch;
void eventNamesMatch;

/** The request an invoke channel takes (before validation). */
export type RequestOf<C extends InvokeChannel> = z.input<(typeof invokeContract)[C]['request']>;

/** The request after validation. */
export type ParsedRequestOf<C extends InvokeChannel> = z.output<(typeof invokeContract)[C]['request']>;

/** The value an invoke channel answers with. */
export type ResponseOf<C extends InvokeChannel> = (typeof invokeContract)[C]['response'];

/** The payload of an event channel. */
export type EventOf<E extends EventChannel> = (typeof eventContract)[E]['payload'];

/** The API the preload exposes as `window.cradle` (and the bridge client imitates). */
export interface CradleApi {
  invoke<C extends InvokeChannel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>>;
  /** Subscribes to an event channel; returns the unsubscribe function. */
  on<E extends EventChannel>(channel: E, listener: (payload: EventOf<E>) => void): () => void;
}
