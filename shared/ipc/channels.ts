/**
 * The names of every IPC channel, free of schemas so the preload can import them without zod.
 * contract.ts must define exactly these (a type test there keeps both lists equal).
 */

/** Request/response channels, `domain:verb`. */
export const INVOKE_CHANNELS = [
  'app:info',
  'devices:list',
  'devices:summary',
  'devices:pair',
  'devices:unpair',
  'devices:rename',
  'backup:start',
  'encryption:status',
  'encryption:change',
  'encryption:forgetPassword',
  'library:list',
  'library:archive',
  'library:delete',
  'library:showInFolder',
  'library:addLocation',
  'library:removeLocation',
  'library:verify',
  'browse:open',
  'browse:unlock',
  'browse:close',
  'browse:domains',
  'browse:list',
  'browse:search',
  'browse:details',
  'browse:preview',
  'browse:export',
  'browse:overview',
  'browse:category',
  'browse:thread',
  'browse:thumbnail',
  'browse:revealPassword',
  'browse:exportCategory',
  'browse:goldenReview',
  'restore:preflight',
  'restore:start',
  'clone:start',
  'clone:stop',
  'clone:retry',
  'clone:status',
  'clone:exportReport',
  'fleet:backup',
  'fleet:stop',
  'fleet:retry',
  'fleet:status',
  'settings:get',
  'settings:chooseBackupFolder',
  'settings:useDefaultBackupFolder',
  'settings:setKeepVersions',
  'settings:setAutoBackup',
  'settings:setDeviceAutoBackup',
  'jobs:list',
  'jobs:cancel',
] as const;

/** Main → renderer event channels. */
export const EVENT_CHANNELS = ['devices:changed', 'jobs:event', 'clone:changed', 'fleet:changed'] as const;

/** An invoke channel name. */
export type InvokeChannel = (typeof INVOKE_CHANNELS)[number];

/** An event channel name. */
export type EventChannel = (typeof EVENT_CHANNELS)[number];

/** Whether a string names an invoke channel (the preload and the bridge refuse anything else). */
export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && (INVOKE_CHANNELS as readonly string[]).includes(name);
}

/** Whether a string names an event channel. */
export function isEventChannel(name: unknown): name is EventChannel {
  return typeof name === 'string' && (EVENT_CHANNELS as readonly string[]).includes(name);
}
