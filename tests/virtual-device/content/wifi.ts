/**
 * Wi-Fi: SystemPreferencesDomain SystemConfiguration/com.apple.wifi.plist and
 * com.apple.wifi.known-networks.plist (encrypted backups only; passwords live in the keychain), and the
 * network preferences (in every backup).
 */
import { putPlist, type ContentContext } from './context.ts';
import { REFERENCE_TIME, dateOf } from './time.ts';

/** Writes the Wi-Fi plists for the profile's known networks. */
export function writeWifi(context: ContentContext): void {
  const rng = context.rng('wifi');
  const meta = { encryptedOnly: true, protectionClass: 3 };
  const networks = context.persona.networks.map((network, i) => ({
    network, bssid: Array.from({ length: 6 }, () => rng.hex(2)).join(':'), joined: REFERENCE_TIME - rng.int(1, 120) * 3600 * (i + 1),
    added: REFERENCE_TIME - rng.int(30, 700) * 86400,
  }));
  putPlist(context, 'SystemPreferencesDomain', 'SystemConfiguration/com.apple.wifi.plist', {
    Version: 14, KeepWiFiPoweredAirplaneMode: false, AllowEnable: 1,
    'List of known networks': networks.map(({ network, bssid, joined }) => ({
      SSID_STR: network.ssid, SSID: Buffer.from(network.ssid, 'utf8'), BSSID: bssid, enabled: true, HIDDEN_NETWORK: false,
      lastJoined: dateOf(joined), lastAutoJoined: dateOf(joined), SecurityMode: network.security === 'Open' ? 'Open' : network.security === 'WPA2 Enterprise' ? 'WPA2 Enterprise' : 'WPA2 Personal',
      networkUsage: rng.int(1, 400),
    })),
  }, meta);
  putPlist(context, 'SystemPreferencesDomain', 'SystemConfiguration/com.apple.wifi.known-networks.plist', Object.fromEntries(
    networks.map(({ network, bssid, joined, added }) => [`wifi.network.ssid.${network.ssid}`, {
      SSID: Buffer.from(network.ssid, 'utf8'), AddReason: network.addReason === 'Profile' ? 'Profile' : 'Manual', AddedAt: dateOf(added),
      JoinedByUserAt: dateOf(joined), UpdatedAt: dateOf(joined), Hidden: false,
      SupportedSecurityTypes: network.security === 'Open' ? 0 : network.security === 'WPA2 Enterprise' ? 16 : 12,
      __OSSpecific__: { BSSID: bssid, networkUsage: rng.int(1, 400), TemporarilyDisabled: false },
    }])), meta);
  putPlist(context, 'SystemPreferencesDomain', 'SystemConfiguration/preferences.plist', {
    System: { System: { ComputerName: context.persona.deviceName, HostName: context.persona.deviceName.replace(/[^A-Za-z0-9]+/g, '-') } },
  });
}
