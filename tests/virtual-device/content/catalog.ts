/**
 * The App Store apps each profile has installed (the same list feeds installation_proxy Browse, the app
 * containers in the store and the Home Screen layout).
 */
import type { Profile } from '../types.ts';

/** One installed app. */
export interface AppFact {
  bundleId: string;
  name: string;
  executable: string;
  version: string;
  shortVersion: string;
  /** App Store item id (iTunesMetadata itemId). */
  itemId: number;
  artist: string;
  genre: string;
  /** App group container ids (AppDomainGroup-…). */
  groups: string[];
  /** Extension bundle ids (AppDomainPlugin-…). */
  plugins: string[];
  /** Installed and managed by MDM with "prevent backup": its data is excluded from backups. */
  managedNoBackup?: boolean;
}

const app = (bundleId: string, name: string, version: string, itemId: number, artist: string, genre: string,
  extra: Partial<AppFact> = {}): AppFact => ({
  bundleId, name, executable: name.replace(/[^A-Za-z]/g, ''), version, shortVersion: version.split('.').slice(0, 3).join('.'),
  itemId, artist, genre, groups: [], plugins: [], ...extra,
});

const WHATSAPP = app('net.whatsapp.WhatsApp', 'WhatsApp', '24.10.79', 310633997, 'WhatsApp Inc.', 'Social Networking', {
  groups: ['group.net.whatsapp.WhatsApp.shared'], plugins: ['net.whatsapp.WhatsApp.ShareExtension', 'net.whatsapp.WhatsApp.Intents'],
});
const SPOTIFY = app('com.spotify.client', 'Spotify', '8.9.38.494', 324684580, 'Spotify', 'Music', {
  groups: ['group.com.spotify.client'], plugins: ['com.spotify.client.WidgetExtension'],
});
const INSTAGRAM = app('com.burbn.instagram', 'Instagram', '330.0.0.40.92', 389801252, 'Instagram, Inc.', 'Photo & Video', {
  plugins: ['com.burbn.instagram.shareextension'],
});
const GOOGLE_MAPS = app('com.google.Maps', 'Google Maps', '6.114.0', 585027354, 'Google LLC', 'Navigation');
const DUOLINGO = app('com.duolingo.DuolingoMobile', 'Duolingo', '7.33.0', 570060128, 'Duolingo', 'Education');
const STRAVA = app('com.strava.stravaride', 'Strava', '360.0.1', 426826309, 'Strava Inc.', 'Health & Fitness', {
  groups: ['group.com.strava.stravaride'],
});
const PAGES = app('com.apple.Pages', 'Pages', '14.0', 361309726, 'Apple', 'Productivity', { groups: ['group.com.apple.iWork.Pages'] });
const KEYNOTE = app('com.apple.Keynote', 'Keynote', '14.0', 361285480, 'Apple', 'Productivity');
const NUMBERS = app('com.apple.Numbers', 'Numbers', '14.0', 361304891, 'Apple', 'Productivity');
const TEAMS = app('com.microsoft.skype.teams', 'Microsoft Teams', '6.9.2', 1113153706, 'Microsoft Corporation', 'Business', {
  groups: ['group.com.microsoft.skype.teams'],
});
const ZOOM = app('us.zoom.videomeetings', 'Zoom', '6.0.11', 546505307, 'Zoom', 'Business');
const CHROME = app('com.google.chrome.ios', 'Chrome', '125.0.6422.80', 535886823, 'Google LLC', 'Utilities');
const OUTLOOK = app('com.microsoft.Office.Outlook', 'Outlook', '4.2420.0', 951937596, 'Microsoft Corporation', 'Productivity', {
  groups: ['group.com.microsoft.Office.Outlook'], plugins: ['com.microsoft.Office.Outlook.ShareExtension'],
});
const AUTHENTICATOR = app('com.microsoft.azureauthenticator', 'Authenticator', '6.8.9', 983156458, 'Microsoft Corporation', 'Productivity');
const FIELD_SERVICE = app('com.contoso.FieldService', 'Field Service', '3.4.1', 1538776320, 'Contoso Ltd.', 'Business', {
  groups: ['group.com.contoso.FieldService'], managedNoBackup: true,
});

/** Apps installed on a profile's device. */
export function catalogFor(profile: Profile): AppFact[] {
  if (profile === 'personal') return [WHATSAPP, SPOTIFY, INSTAGRAM, GOOGLE_MAPS, DUOLINGO, STRAVA];
  if (profile === 'golden') return [PAGES, KEYNOTE, NUMBERS, TEAMS, ZOOM, CHROME];
  return [OUTLOOK, TEAMS, AUTHENTICATOR, ZOOM, FIELD_SERVICE];
}
