/**
 * Home Screen and system settings: HomeDomain Library/SpringBoard/IconState.plist (pages of bundle ids,
 * folders, dock), wallpaper thumbnails and the global and SpringBoard preferences.
 */
import { catalogFor } from './catalog.ts';
import { putFile, putPlist, type ContentContext } from './context.ts';
import { standalonePhoto } from './media.ts';
import { REFERENCE_TIME } from './time.ts';

const UTILITIES = ['com.apple.calculator', 'com.apple.compass', 'com.apple.VoiceMemos', 'com.apple.measure', 'com.apple.Magnifier'];

/** Writes IconState.plist, wallpapers and preferences. */
export function writeSpringBoard(context: ContentContext): void {
  const iPad = context.persona.deviceClass === 'iPad';
  const firstPage = [
    'com.apple.mobilecal', 'com.apple.mobileslideshow', 'com.apple.camera', 'com.apple.mobilemail', 'com.apple.mobilenotes',
    'com.apple.reminders', 'com.apple.mobiletimer', 'com.apple.weather', 'com.apple.Maps', 'com.apple.AppStore', 'com.apple.Preferences',
    ...(iPad ? ['com.apple.DocumentsApp'] : ['com.apple.Health', 'com.apple.Passbook']),
    { displayName: 'Utilities', listType: 'folder', iconLists: [UTILITIES] },
  ];
  const dock = iPad
    ? ['com.apple.mobilesafari', 'com.apple.MobileSMS', 'com.apple.mobilemail', 'com.apple.Music', ...catalogFor(context.profile).slice(0, 2).map((a) => a.bundleId)]
    : ['com.apple.mobilephone', 'com.apple.mobilesafari', 'com.apple.MobileSMS', 'com.apple.Music'];
  const apps = catalogFor(context.profile).map((a) => a.bundleId).filter((id) => !dock.includes(id));
  putPlist(context, 'HomeDomain', 'Library/SpringBoard/IconState.plist', { buttonBar: dock, iconLists: [firstPage, apps] });
  const created = REFERENCE_TIME - 200 * 86400;
  const [w, h] = iPad ? [410, 295] : [195, 422];
  putFile(context, 'HomeDomain', 'Library/SpringBoard/LockBackgroundThumbnail.jpg', standalonePhoto(context, w, h, created, 'wallpaper', 'lock'));
  putFile(context, 'HomeDomain', 'Library/SpringBoard/HomeBackgroundThumbnail.jpg', standalonePhoto(context, w, h, created, 'wallpaper', 'home'));
  putPlist(context, 'HomeDomain', 'Library/Preferences/.GlobalPreferences.plist', {
    AppleLanguages: ['en-US'], AppleLocale: 'en_US', AppleICUForce24HourTime: false, AppleTemperatureUnit: 'Fahrenheit',
  });
  putPlist(context, 'HomeDomain', 'Library/Preferences/com.apple.springboard.plist', {
    SBAutoLockTime: 120, SBShowBatteryPercentage: true, SBHomeScreenLayoutStyle: iPad ? 1 : 0, SBSearchDisabledDomains: [],
  });
}
