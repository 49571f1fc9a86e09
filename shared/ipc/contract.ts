/**
 * The whole surface between renderer and main: invoke channels with zod request schemas and response
 * types, and event channels with payload types. The preload, main's handler wrapper and the loopback
 * bridge are all derived from this file.
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import type { AppInfo } from '../app-info.ts';
import type { DeviceListItem, DevicesChanged, DeviceSummary } from '../devices.ts';
import type { EncryptionStatus } from '../backup.ts';
import type { JobEvent, JobInfo } from '../jobs.ts';
import type { BackupSummary } from '../library.ts';
import type { DomainItem, FileDetails, FilePreview, OpenedBackup, Page, TreeItem } from '../browse.ts';
import type { CloneStatus, RestorePreflight } from '../restore.ts';
import { CATEGORY_NAMES, type AnyCategoryResult, type BackupOverview, type GoldenReview, type RevealedSecret, type ThreadMessages } from '../categories.ts';
import { MAX_FLEET_CONCURRENCY, type FleetBackupStatus } from '../fleet.ts';
import { DAILY_TIME, MAX_AUTO_BACKUP_HOURS, MAX_KEEP_VERSIONS, type AppSettings } from '../settings.ts';
import type { Result } from './result.ts';
import type { EventChannel, InvokeChannel } from './channels.ts';

// zod/mini (a tenth of zod's start-up cost) with the English messages the full zod loads by itself.
z.config(en());

/** Declares an invoke channel: its request schema now, its response type as a type parameter. */
function invoke<Response>() {
  return <Request extends z.ZodMiniType>(request: Request) => ({ request, response: undefined as unknown as Response });
}

/** Declares an event channel by its payload type. */
function event<Payload>() {
  return { payload: undefined as unknown as Payload };
}

/** A string of `min` to `max` characters. */
const text = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));
/** A whole number from `min` (to `max`). */
const whole = (min: number, max?: number) => z.int().check(z.minimum(min), ...(max === undefined ? [] : [z.maximum(max)]));

/** A device's UDID: 24–40 characters of hex and dashes, as usbmuxd reports it. */
const udid = z.string().check(z.regex(/^[0-9A-Fa-f-]{24,40}$/, 'not a device UDID'));
const byDevice = z.strictObject({ udid });
/** A backup password: never logged, never in argv, never in a temp file. */
const password = text(1, 1024);
/** A backup's library id (the renderer never sends a path). */
const backupId = z.string().check(z.regex(/^[0-9a-f]{16}$/, 'not a backup id'));
const byBackup = z.strictObject({ id: backupId });
const fileID = z.string().check(z.regex(/^[0-9a-f]{40}$/, 'not a file id'));
/** A domain + path inside a backup, as the manifest names it (checked again before anything is written). */
const restoreOptions = z.strictObject({ settings: z.boolean(), system: z.boolean(), remove: z.boolean(), reboot: z.boolean() });
const backupItem = z.strictObject({ domain: text(1, 1024), relativePath: text(0, 4096) });

/** Every invoke channel. */
export const invokeContract = {
  'app:info': invoke<AppInfo>()(z.strictObject({})),
  'devices:list': invoke<DeviceListItem[]>()(z.strictObject({})),
  'devices:summary': invoke<DeviceSummary>()(byDevice),
  /** Starts pairing as a job; its prompts ("Tap Trust…") arrive on jobs:event. */
  'devices:pair': invoke<{ jobId: string }>()(byDevice),
  'devices:unpair': invoke<void>()(byDevice),
  'devices:rename': invoke<void>()(z.strictObject({ udid, name: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)) })),
  /** Starts a backup into the configured backup folder; progress arrives on jobs:event. */
  'backup:start': invoke<{ jobId: string }>()(z.strictObject({ udid, full: z.optional(z.boolean()) })),
  'encryption:status': invoke<EncryptionStatus>()(byDevice),
  /** Turns backup encryption on/off or changes the password, as a job (the device may ask for its passcode). */
  'encryption:change': invoke<{ jobId: string }>()(
    z.discriminatedUnion('action', [
      z.strictObject({ udid, action: z.literal('on'), newPassword: password, remember: z.optional(z.boolean()) }),
      // Without oldPassword, the remembered one is used.
      z.strictObject({ udid, action: z.literal('off'), oldPassword: z.optional(password) }),
      z.strictObject({ udid, action: z.literal('change'), oldPassword: z.optional(password), newPassword: password, remember: z.optional(z.boolean()) }),
    ]),
  ),
  /** Forgets a remembered backup password. */
  'encryption:forgetPassword': invoke<void>()(byDevice),
  /** The backups in every library location (the backup folder and the added ones), newest first. */
  'library:list': invoke<BackupSummary[]>()(z.strictObject({})),
  /** Archives a backup as Finder does: a dated copy next to it, never overwritten; answers the archive. */
  'library:archive': invoke<BackupSummary>()(byBackup),
  /** Moves a backup of the library to the OS's Trash (the desktop app only). */
  'library:delete': invoke<void>()(byBackup),
  /** Shows a backup's folder in the OS's file manager (the desktop app only). */
  'library:showInFolder': invoke<void>()(byBackup),
  /** Adds a location through the host's folder dialog (the renderer never sends a path). */
  'library:addLocation': invoke<AppSettings>()(z.strictObject({})),
  /** Removes an added location, named by its path as settings list it (checked against them). */
  'library:removeLocation': invoke<AppSettings>()(z.strictObject({ path: text(1, 4096) })),
  /** Verifies a backup as a job; the report is the job's done summary (a VerifyReport). */
  'library:verify': invoke<{ jobId: string }>()(byBackup),
  /** Opens a backup for browsing; encrypted ones stay locked unless the password is remembered. */
  'browse:open': invoke<OpenedBackup>()(byBackup),
  'browse:unlock': invoke<OpenedBackup>()(z.strictObject({ id: backupId, password, remember: z.optional(z.boolean()) })),
  'browse:close': invoke<void>()(byBackup),
  'browse:domains': invoke<DomainItem[]>()(byBackup),
  /** The children of a folder ('' = the domain root), folders first, a page at a time. */
  'browse:list': invoke<Page<TreeItem>>()(
    z.strictObject({
      id: backupId,
      domain: text(1, 1024),
      relativePath: text(0, 4096),
      offset: z.optional(whole(0)),
      limit: z.optional(whole(1, 2000)),
      order: z.optional(z.strictObject({ key: z.enum(['name', 'size', 'date']), ascending: z.boolean() })),
    }),
  ),
  'browse:search': invoke<Page<TreeItem>>()(z.strictObject({ id: backupId, query: text(1, 256), limit: z.optional(whole(1, 2000)) })),
  'browse:details': invoke<FileDetails>()(z.strictObject({ id: backupId, fileID })),
  'browse:preview': invoke<FilePreview>()(z.strictObject({ id: backupId, fileID })),
  /** Exports files/folders with their original names into a folder the host asks for; a job (ExportSummary when done). */
  'browse:export': invoke<{ jobId: string } | undefined>()(z.strictObject({ id: backupId, items: z.array(backupItem).check(z.minLength(1), z.maxLength(10_000)) })),
  /** The summary page: every category with its count and what needs an encrypted backup. */
  'browse:overview': invoke<BackupOverview>()(byBackup),
  'browse:category': invoke<AnyCategoryResult>()(z.strictObject({ id: backupId, name: z.enum(CATEGORY_NAMES) })),
  /** The messages of one thread (MessageThread.id). */
  'browse:thread': invoke<ThreadMessages>()(z.strictObject({ id: backupId, threadId: z.int() })),
  /** A photo's thumbnail (MediaItem.id); null when none can be made (videos, HEIC). */
  'browse:thumbnail': invoke<{ mime: string; base64: string; source: 'exif' | 'original' } | null>()(z.strictObject({ id: backupId, fileID })),
  /** One keychain secret, revealed on request (PasswordItem.id). */
  'browse:revealPassword': invoke<RevealedSecret>()(z.strictObject({ id: backupId, itemId: text(1, 200) })),
  /** Saves a category in the format people expect (vCard, CSV, original photos) into a folder the host asks for; a job. */
  'browse:exportCategory': invoke<{ jobId: string } | undefined>()(z.strictObject({ id: backupId, name: z.enum(['contacts', 'calls', 'messages', 'photos']) })),
  /** What the backup would carry onto every device cloned from it. */
  'browse:goldenReview': invoke<GoldenReview>()(byBackup),
  /** Every check of restoring a backup onto a device, run before anything is sent (the password checked on the computer). */
  'restore:preflight': invoke<RestorePreflight>()(z.strictObject({ udid, backupId, password: z.optional(password) })),
  /** Restores as a job (it runs the pre-flight again first); serious warnings must be confirmed. */
  'restore:start': invoke<{ jobId: string }>()(z.strictObject({ udid, backupId, options: restoreOptions, password: z.optional(password), confirmed: z.boolean() })),
  /** Clones a golden backup onto devices (and, with watch, every device that gets connected). */
  'clone:start': invoke<CloneStatus>()(
    z.strictObject({
      backupId,
      udids: z.array(udid).check(z.maxLength(200)),
      watch: z.boolean(),
      concurrency: whole(1, MAX_FLEET_CONCURRENCY),
      namePattern: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(64))),
      options: restoreOptions,
      password: z.optional(password),
      confirmed: z.boolean(),
    }),
  ),
  'clone:stop': invoke<CloneStatus | null>()(z.strictObject({})),
  'clone:retry': invoke<CloneStatus>()(byDevice),
  'clone:status': invoke<CloneStatus | null>()(z.strictObject({})),
  /** Saves the clone report (serial, UDID, name, result, duration, error) into a folder the host asks for. */
  'clone:exportReport': invoke<{ path: string } | undefined>()(z.strictObject({ format: z.enum(['csv', 'json']) })),
  /** Backs up these devices (Back Up Selected / Back Up All), at most the set number at once; one failing never stops the others. */
  'fleet:backup': invoke<FleetBackupStatus>()(z.strictObject({ udids: z.array(udid).check(z.minLength(1), z.maxLength(200)) })),
  /** Devices not started yet are left out; running backups finish. */
  'fleet:stop': invoke<FleetBackupStatus | null>()(z.strictObject({})),
  'fleet:retry': invoke<FleetBackupStatus>()(byDevice),
  'fleet:status': invoke<FleetBackupStatus | null>()(z.strictObject({})),
  'settings:get': invoke<AppSettings>()(z.strictObject({})),
  /** Opens the native folder dialog in the app (the renderer never sends a path). */
  'settings:chooseBackupFolder': invoke<AppSettings>()(z.strictObject({})),
  'settings:useDefaultBackupFolder': invoke<AppSettings>()(z.strictObject({})),
  /** How many earlier backups of each device to keep as versions (0 = none). */
  'settings:setKeepVersions': invoke<AppSettings>()(z.strictObject({ count: whole(0, MAX_KEEP_VERSIONS) })),
  /** Automatic backups: on connect (the default for devices), at most once per interval, a daily time (null: none), devices at once. */
  'settings:setAutoBackup': invoke<AppSettings>()(
    z.strictObject({
      onConnect: z.optional(z.boolean()),
      intervalHours: z.optional(whole(1, MAX_AUTO_BACKUP_HOURS)),
      dailyAt: z.optional(z.nullable(z.string().check(z.regex(DAILY_TIME)))),
      concurrency: z.optional(whole(1, MAX_FLEET_CONCURRENCY)),
    }),
  ),
  /** One device's "Back up automatically when this device connects" (null: follow the default). */
  'settings:setDeviceAutoBackup': invoke<AppSettings>()(z.strictObject({ udid, on: z.nullable(z.boolean()) })),
  'jobs:list': invoke<JobInfo[]>()(z.strictObject({})),
  'jobs:cancel': invoke<void>()(z.strictObject({ jobId: z.uuid() })),
} satisfies Record<InvokeChannel, { request: z.ZodMiniType; response: unknown }>;

/** Every event channel. */
export const eventContract = {
  'devices:changed': event<DevicesChanged>(),
  'jobs:event': event<JobEvent>(),
  'clone:changed': event<CloneStatus>(),
  'fleet:changed': event<FleetBackupStatus>(),
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
