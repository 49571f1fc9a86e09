/**
 * Devices as the interface lists them. The full summary arrives with the devices feature.
 */

/** The state badge of a device row. */
export type DeviceState = 'connected' | 'trust-needed' | 'locked' | 'busy' | 'disconnected';

/** One device in the sidebar. */
export interface DeviceListItem {
  udid: string;
  connection: 'usb' | 'network';
  name?: string;
  productType?: string;
  state: DeviceState;
}

/** Payload of `devices:changed`: the whole current list. */
export interface DevicesChanged {
  devices: DeviceListItem[];
}

/** A configuration profile installed on a device. */
export interface ConfigurationProfile {
  identifier: string;
  displayName: string;
  organization?: string;
  description?: string;
  /** False when the profile forbids removal (typically MDM-installed). */
  removable: boolean;
}

/** Everything the device page and `cradle info` show about one device. */
export interface DeviceSummary {
  udid: string;
  name: string;
  productType: string;
  /** Marketing name, e.g. "iPhone 15 Pro". */
  model: string;
  deviceClass: string;
  iosVersion: string;
  buildVersion: string;
  serialNumber: string;
  phoneNumber?: string;
  imei?: string;
  wifiAddress?: string;
  capacityBytes?: number;
  freeBytes?: number;
  battery?: { percent: number; charging: boolean };
  backup: {
    /** Local backups are encrypted (the "Encrypt local backup" box). */
    encrypted: boolean;
    /** A profile forces encrypted backups. */
    encryptionRequired: boolean;
    iCloudBackup: boolean;
  };
  findMy: boolean;
  supervised: boolean;
  profiles: ConfigurationProfile[];
  /** ISO date of the last local backup, once the library knows it. */
  lastBackupDate?: string;
}
