/**
 * Who each content profile is: the owner or organisation, the device, its networks and how much personal
 * data it holds. Everything else derives from these facts.
 */
import type { Profile } from '../types.ts';

/** A Wi-Fi network the device knows. */
export interface KnownNetwork {
  ssid: string;
  security: 'WPA2/WPA3 Personal' | 'WPA2 Enterprise' | 'Open';
  /** Pre-shared key (personal networks), kept only in the keychain. */
  password?: string;
  /** Which way it was added (known-networks AddReason). */
  addReason: 'Manual' | 'Profile' | 'Setup';
}

/** An account in Accounts3.sqlite. */
export interface AccountFact {
  type: 'com.apple.account.AppleAccount' | 'com.apple.account.IdentityServices' | 'com.apple.account.GameCenter'
    | 'com.apple.account.CloudKit' | 'com.apple.account.Google' | 'com.apple.account.Exchange' | 'com.apple.account.HolidayCalendar';
  description: string;
  username?: string;
  owningBundleId?: string;
}

/** Facts of one profile. */
export interface Persona {
  deviceName: string;
  productType: string;
  deviceClass: 'iPhone' | 'iPad';
  phoneNumber?: string;
  owner?: { first: string; last: string; email: string; phone: string };
  organization?: { name: string; department: string; domain: string; mdmHost: string };
  networks: KnownNetwork[];
  accounts: AccountFact[];
  /** Row counts of personal data. */
  amounts: { contacts: number; threads: number; calls: number; photos: number; videos: number; notes: number; events: number; historyItems: number; healthDays: number };
  cloudBackup: boolean;
}

const PERSONAL: Persona = {
  deviceName: "Anna's iPhone",
  productType: 'iPhone15,2',
  deviceClass: 'iPhone',
  phoneNumber: '+1 (415) 555-0134',
  owner: { first: 'Anna', last: 'Keller', email: 'anna.keller@icloud.com', phone: '+14155550134' },
  networks: [
    { ssid: 'Keller Home', security: 'WPA2/WPA3 Personal', password: 'sunflower-tiger-42', addReason: 'Manual' },
    { ssid: 'Blue Bottle Guest', security: 'Open', addReason: 'Manual' },
    { ssid: 'SFO FREE WIFI', security: 'Open', addReason: 'Manual' },
    { ssid: 'Office-5G', security: 'WPA2/WPA3 Personal', password: 'Welcome2Office!', addReason: 'Manual' },
  ],
  accounts: [
    { type: 'com.apple.account.AppleAccount', description: 'iCloud', username: 'anna.keller@icloud.com' },
    { type: 'com.apple.account.IdentityServices', description: 'iMessage', username: 'anna.keller@icloud.com', owningBundleId: 'com.apple.imessage' },
    { type: 'com.apple.account.GameCenter', description: 'Game Center', username: 'anna.keller@icloud.com', owningBundleId: 'com.apple.gamecenter' },
    { type: 'com.apple.account.CloudKit', description: 'CloudKit', username: 'anna.keller@icloud.com', owningBundleId: 'com.apple.cloudd' },
    { type: 'com.apple.account.Google', description: 'Gmail', username: 'anna.keller.sf@gmail.com', owningBundleId: 'com.apple.mobilemail' },
  ],
  amounts: { contacts: 120, threads: 8, calls: 150, photos: 24, videos: 2, notes: 14, events: 80, historyItems: 220, healthDays: 30 },
  cloudBackup: true,
};

const GOLDEN: Persona = {
  deviceName: 'Golden iPad',
  productType: 'iPad13,18',
  deviceClass: 'iPad',
  organization: { name: 'Northwind School District', department: 'IT Services', domain: 'northwind.example', mdmHost: 'mdm.northwind.example' },
  networks: [
    { ssid: 'Northwind-Staff', security: 'WPA2/WPA3 Personal', password: 'nw-staff-2025-secure', addReason: 'Profile' },
    { ssid: 'Northwind-Setup', security: 'WPA2/WPA3 Personal', password: 'setup-only-7781', addReason: 'Setup' },
  ],
  accounts: [],
  amounts: { contacts: 3, threads: 0, calls: 0, photos: 0, videos: 0, notes: 1, events: 6, historyItems: 12, healthDays: 0 },
  cloudBackup: false,
};

const MANAGED: Persona = {
  deviceName: 'Loaner 01',
  productType: 'iPhone14,7',
  deviceClass: 'iPhone',
  phoneNumber: '+1 (206) 555-0199',
  organization: { name: 'Contoso Ltd.', department: 'Field Operations', domain: 'contoso.example', mdmHost: 'mdm.contoso.example' },
  networks: [
    { ssid: 'Contoso-Corp', security: 'WPA2 Enterprise', addReason: 'Profile' },
    { ssid: 'Contoso-Guest', security: 'WPA2/WPA3 Personal', password: 'guest-Contoso-2025', addReason: 'Profile' },
  ],
  accounts: [
    { type: 'com.apple.account.Exchange', description: 'Contoso Exchange', username: 'loaner01@contoso.example', owningBundleId: 'com.apple.mobilemail' },
  ],
  amounts: { contacts: 40, threads: 3, calls: 30, photos: 6, videos: 0, notes: 3, events: 25, historyItems: 40, healthDays: 0 },
  cloudBackup: false,
};

/** The facts of a profile. */
export function personaOf(profile: Profile): Persona {
  return profile === 'personal' ? PERSONAL : profile === 'golden' ? GOLDEN : MANAGED;
}
