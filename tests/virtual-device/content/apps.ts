/**
 * Installed apps: the installation_proxy view (appsFor) and their data containers in the store
 * (AppDomain-<bundleId>, AppDomainGroup-<group>, AppDomainPlugin-<extension>).
 */
import { encodeBinary } from '../plist.ts';
import type { Profile } from '../types.ts';
import { catalogFor, type AppFact } from './catalog.ts';
import { putDirectory, putFile, putPlist, type ContentContext, type FileMeta } from './context.ts';
import { personaOf } from './persona.ts';
import { Rng, stableUuid } from './random.ts';
import { REFERENCE_TIME, dateOf } from './time.ts';

/** Container path of an app (installation_proxy "Container"). */
export function containerPath(app: AppFact): string {
  return `/private/var/mobile/Containers/Data/Application/${stableUuid('container', app.bundleId)}`;
}

/** `sinf` box shaped like App Store DRM info: frma, schm "itun", schi with opaque key material. */
function sinf(app: AppFact): Buffer {
  const rng = new Rng('sinf', app.bundleId);
  const box = (type: string, body: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(body.length + 8, 0);
    head.write(type, 4, 'latin1');
    return Buffer.concat([head, body]);
  };
  const schi = box('schi', Buffer.concat(['user', 'key ', 'iviv', 'righ', 'name', 'priv'].map((t) => box(t, rng.bytes(t === 'priv' ? 440 : 16)))));
  return box('sinf', Buffer.concat([box('frma', Buffer.from('game')), box('schm', Buffer.from('\0\0\0\0itun\0\0\0\0', 'latin1')), schi, box('sign', rng.bytes(128))]));
}

function iTunesMetadata(app: AppFact, profile: Profile): Buffer {
  const owner = personaOf(profile).owner;
  const purchased = new Date((REFERENCE_TIME - 300 * 86400) * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const downloadInfo: Record<string, unknown> = { purchaseDate: purchased };
  // Apps bought with an Apple Account carry it; apps assigned to the device by MDM (VPP) carry none.
  if (owner) downloadInfo.accountInfo = { AppleID: owner.email, FirstName: owner.first, LastName: owner.last, DSPersonID: 16_000_000_000 + app.itemId % 1_000_000 };
  return encodeBinary({
    artistName: app.artist, bundleDisplayName: app.name, bundleShortVersionString: app.shortVersion, bundleVersion: app.version,
    fileExtension: '.app', genre: app.genre, itemId: app.itemId, itemName: app.name, kind: 'software', playlistName: app.artist,
    releaseDate: '2024-05-14T07:00:00Z', softwareVersionBundleId: app.bundleId, 'com.apple.iTunesStore.downloadInfo': downloadInfo,
    'is-purchased-redownload': false, rating: { label: '4+', rank: 100, system: 'itunes-games' },
  });
}

/** installation_proxy Browse entries (ApplicationType "User") for the profile's apps. */
export function appsFor(profile: Profile): Record<string, unknown>[] {
  return catalogFor(profile).map((app) => ({
    CFBundleIdentifier: app.bundleId, CFBundleVersion: app.version, CFBundleShortVersionString: app.shortVersion,
    CFBundleDisplayName: app.name, CFBundleName: app.executable, CFBundleExecutable: app.executable, ApplicationType: 'User',
    Path: `/private/var/containers/Bundle/Application/${stableUuid('bundle', app.bundleId)}/${app.executable}.app`,
    Container: containerPath(app), MinimumOSVersion: '15.0', UIDeviceFamily: [1, 2],
    GroupContainers: Object.fromEntries(app.groups.map((g) => [g, `/private/var/mobile/Containers/Shared/AppGroup/${stableUuid('group', g)}`])),
    SignerIdentity: 'Apple iPhone OS Application Signing', iTunesMetadata: iTunesMetadata(app, profile), ApplicationSINF: sinf(app),
  }));
}

/** Containers holding generic app data (bulk content goes there): every app whose data is backed up. */
export function bulkAppDomains(profile: Profile): string[] {
  return catalogFor(profile).filter((app) => !app.managedNoBackup).map((app) => `AppDomain-${app.bundleId}`);
}

/** Creates the data containers of every installed app. */
export function writeAppContainers(context: ContentContext): void {
  for (const app of catalogFor(context.profile)) {
    const rng = context.rng(`app:${app.bundleId}`);
    const meta: FileMeta = { lastModified: REFERENCE_TIME - rng.int(1, 60) * 86400, ...(app.managedNoBackup ? { excludedFromBackup: true } : {}) };
    const domain = `AppDomain-${app.bundleId}`;
    // Folders are created explicitly so every entry of a managed app carries its flags.
    for (const folder of ['', 'Documents', 'Library', 'Library/Preferences', 'Library/Application Support', `Library/Application Support/${app.executable}`]) {
      putDirectory(context, domain, folder, meta);
    }
    putPlist(context, domain, `Library/Preferences/${app.bundleId}.plist`, {
      LaunchCount: rng.int(3, 900), LastLaunchDate: dateOf(REFERENCE_TIME - rng.int(1, 5000) * 60), OnboardingCompleted: true,
      InstallationID: stableUuid(context.udid, 'install', app.bundleId), AppVersion: app.shortVersion,
      NotificationsPromptShown: true, ...(app.managedNoBackup ? { ServerURL: `https://fieldservice.${context.persona.organization?.domain ?? 'example'}/api` } : {}),
    }, meta);
    putFile(context, domain, `Library/Application Support/${app.executable}/state.json`, Buffer.from(JSON.stringify({
      version: app.shortVersion, userId: stableUuid(context.udid, 'user', app.bundleId), lastSync: new Date((REFERENCE_TIME - 7200) * 1000).toISOString(),
      featureFlags: { darkMode: rng.chance(0.5), newOnboarding: true }, recent: Array.from({ length: rng.int(3, 12) }, (_, i) => `item-${rng.hex(8)}-${i}`),
    }, null, 2)), meta);
    if (app.managedNoBackup) {
      putDirectory(context, domain, 'Documents/Jobs', meta);
      for (let job = 1; job <= 12; job++) {
        putFile(context, domain, `Documents/Jobs/JOB-${String(24000 + job)}.json`, Buffer.from(JSON.stringify({
          id: 24000 + job, customer: `Customer ${rng.int(100, 999)}`, status: rng.pick(['open', 'scheduled', 'done']), notes: 'Replace filter; check pressure.',
        })), meta);
      }
    }
    for (const group of app.groups) {
      const groupDomain = `AppDomainGroup-${group}`;
      for (const folder of ['', 'Library', 'Library/Preferences']) putDirectory(context, groupDomain, folder, meta);
      putPlist(context, groupDomain, `Library/Preferences/${group}.plist`, { SharedSessionID: stableUuid(context.udid, group), LastWidgetRefresh: dateOf(REFERENCE_TIME - 1800) }, meta);
    }
    for (const plugin of app.plugins) {
      putPlist(context, `AppDomainPlugin-${plugin}`, `Library/Preferences/${plugin}.plist`, { ExtensionLaunchCount: rng.int(0, 40) }, meta);
    }
  }
}
