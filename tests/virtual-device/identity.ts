/**
 * Identity of a virtual device: UDID, model and the lockdown values a real device of that model reports.
 * Everything is derived from the device index and a seed, so a restart with the same seed gives the same
 * devices (and their pair records stay valid).
 */
import { createHash } from 'node:crypto';
import type { LockdownValues } from './types.ts';

/** A hardware model the virtual device can pose as. */
export interface DeviceModel {
  productType: string;
  deviceClass: 'iPhone' | 'iPad';
  hardwareModel: string;
  hardwarePlatform: string;
  chipId: number;
  modelNumber: string;
  productVersion: string;
  buildVersion: string;
  /** usbmuxd ProductID of the USB interface. */
  usbProductId: number;
  /** Devices from 2018 on (A12 and later) have the 25-character UDID `CCCCCCCC-EEEEEEEEEEEEEEEE`. */
  newStyleUdid: boolean;
  totalDiskCapacity: number;
}

/** Models the virtual device can be (a profile's model first, then the others in turn by device index). */
export const MODELS: readonly DeviceModel[] = [
  {
    productType: 'iPhone15,2', deviceClass: 'iPhone', hardwareModel: 'D73AP', hardwarePlatform: 't8120',
    chipId: 0x8120, modelNumber: 'MQ0T3', productVersion: '17.5.1', buildVersion: '21F90',
    usbProductId: 0x12a8, newStyleUdid: true, totalDiskCapacity: 128_000_000_000,
  },
  {
    productType: 'iPad13,18', deviceClass: 'iPad', hardwareModel: 'J271AP', hardwarePlatform: 't8101',
    chipId: 0x8101, modelNumber: 'MPQ03', productVersion: '17.5.1', buildVersion: '21F90',
    usbProductId: 0x12ab, newStyleUdid: true, totalDiskCapacity: 64_000_000_000,
  },
  {
    productType: 'iPhone10,4', deviceClass: 'iPhone', hardwareModel: 'D201AP', hardwarePlatform: 't8015',
    chipId: 0x8015, modelNumber: 'MQ6H2', productVersion: '16.7.8', buildVersion: '20H343',
    usbProductId: 0x12a8, newStyleUdid: false, totalDiskCapacity: 64_000_000_000,
  },
  {
    productType: 'iPhone14,7', deviceClass: 'iPhone', hardwareModel: 'D27AP', hardwarePlatform: 't8110',
    chipId: 0x8110, modelNumber: 'MPUF3', productVersion: '17.5.1', buildVersion: '21F90',
    usbProductId: 0x12a8, newStyleUdid: true, totalDiskCapacity: 128_000_000_000,
  },
  {
    productType: 'iPad13,4', deviceClass: 'iPad', hardwareModel: 'J517AP', hardwarePlatform: 't8103',
    chipId: 0x8103, modelNumber: 'MHQR3', productVersion: '17.5.1', buildVersion: '21F90',
    usbProductId: 0x12ab, newStyleUdid: true, totalDiskCapacity: 256_000_000_000,
  },
];

/**
 * The model of device `index`: device 0 is the profile's own model (when known), the others take the
 * remaining models in turn, so several devices cover both UDID styles and both device classes.
 */
export function modelFor(index: number, preferredProductType?: string): DeviceModel {
  const preferred = MODELS.find((model) => model.productType === preferredProductType);
  if (!preferred) return MODELS[index % MODELS.length]!;
  if (index === 0) return preferred;
  const others = MODELS.filter((model) => model !== preferred);
  return others[(index - 1) % others.length]!;
}

/** What a device index and seed produce. */
export interface DeviceIdentity {
  udid: string;
  model: DeviceModel;
  /** Lockdown values before keys and profile overrides are applied. */
  values: LockdownValues;
}

/** Derives the identity of device `index` (0-based) of `model` from `seed`. */
export function deviceIdentity(index: number, seed: string, model: DeviceModel): DeviceIdentity {
  const bytes = (label: string, length: number): Buffer => {
    const out = Buffer.alloc(length);
    for (let block = 0, offset = 0; offset < length; block += 1) {
      const digest = createHash('sha256').update(`${seed}\0${index}\0${label}\0${block}`).digest();
      offset += digest.copy(out, offset);
    }
    return out;
  };
  const ecid = Number(bytes('ecid', 8).readBigUInt64BE() & 0xf_ffff_ffff_ffffn);
  const udid = model.newStyleUdid
    ? `0000${model.chipId.toString(16).toUpperCase()}-${ecid.toString(16).toUpperCase().padStart(16, '0')}`
    : bytes('udid', 20).toString('hex');
  const wifi = bytes('wifi', 6);
  // Unicast and globally administered, like the addresses Apple assigns.
  wifi[0] = wifi[0]! & 0xfc;
  const bluetooth = Buffer.from(wifi);
  bluetooth[5] = (bluetooth[5]! + 1) & 0xff;
  const serial = serialNumber(bytes('serial', 12), model.newStyleUdid ? 10 : 12);
  const phone = model.deviceClass === 'iPhone';
  const general: Record<string, unknown> = {
    ActivationState: 'Activated',
    ActivationStateAcknowledged: true,
    BasebandVersion: phone ? '3.60.02' : '',
    BluetoothAddress: mac(bluetooth),
    BoardId: 12,
    BuildVersion: model.buildVersion,
    CPUArchitecture: model.chipId >= 0x8020 ? 'arm64e' : 'arm64',
    ChipID: model.chipId,
    DeviceClass: model.deviceClass,
    DeviceColor: '1',
    DeviceName: model.deviceClass,
    DieID: ecid,
    FirmwareVersion: 'iBoot-10151.122.1',
    HardwareModel: model.hardwareModel,
    HardwarePlatform: model.hardwarePlatform,
    HasSiDP: true,
    HostAttached: true,
    ModelNumber: model.modelNumber,
    PartitionType: 'GUID_partition_scheme',
    PasswordProtected: true,
    ProductName: 'iPhone OS',
    ProductType: model.productType,
    ProductVersion: model.productVersion,
    ProductionSOC: true,
    ProtocolVersion: '2',
    RegionInfo: 'LL/A',
    SerialNumber: serial,
    SupportedDeviceFamilies: [1, 2],
    TelephonyCapability: phone,
    TimeZone: 'Europe/Berlin',
    TimeZoneOffsetFromUTC: 3600,
    TrustedHostAttached: true,
    UniqueChipID: ecid,
    UniqueDeviceID: udid,
    Uses24HourClock: true,
    WiFiAddress: mac(wifi),
  };
  if (phone) {
    const digits = (label: string, length: number): string =>
      [...bytes(label, length)].map((b) => String(b % 10)).join('');
    const imei = `35${digits('imei', 12)}`;
    general.InternationalMobileEquipmentIdentity = imei + luhn(imei);
    general.MobileEquipmentIdentifier = imei.slice(0, 14);
    general.IntegratedCircuitCardIdentity = `8949${digits('iccid', 15)}`;
    general.PhoneNumber = `+49 151 ${digits('phone', 8)}`;
    general.SIMStatus = 'kCTSIMSupportSIMStatusReady';
  }
  return {
    udid,
    model,
    values: {
      '': general,
      'com.apple.disk_usage': {
        TotalDiskCapacity: model.totalDiskCapacity,
        TotalSystemCapacity: 12_000_000_000,
        TotalSystemAvailable: 1_000_000_000,
        TotalDataCapacity: model.totalDiskCapacity - 12_000_000_000,
        TotalDataAvailable: Math.round((model.totalDiskCapacity - 12_000_000_000) * 0.6),
        AmountDataReserved: 200_000_000,
      },
      'com.apple.mobile.battery': {
        BatteryCurrentCapacity: 40 + (bytes('battery', 1)[0]! % 60),
        BatteryIsCharging: true,
        ExternalChargeCapable: true,
        ExternalConnected: true,
        FullyCharged: false,
        GasGaugeCapability: true,
        HasBattery: true,
      },
      'com.apple.mobile.backup': { WillEncrypt: false, CloudBackupEnabled: false, RequiresEncrypt: false },
      'com.apple.fmip': { IsAssociated: false },
      'com.apple.mobile.chaperone': { DeviceIsChaperoned: false },
      'com.apple.iTunes': { DBVersion: 5, MinITunesVersion: '12.5.2', MinMacOSVersion: '10.12.0', SupportsAntiPhishing: true },
      'com.apple.mobile.iTunes': { MinITunesVersion: '12.5.2', MinMacOSVersion: '10.12.0' },
      'com.apple.international': { Language: 'en', Locale: 'en_US', Keyboard: 'en_US' },
      'com.apple.PurpleBuddy': { SetupDone: true, SetupFinishedAllSteps: true },
      'com.apple.mobile.wireless_lockdown': { EnableWifiConnections: false },
      'com.apple.mobile.restriction': { ProhibitAppInstall: false },
    },
  };
}

function mac(bytes: Buffer): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(':');
}

function serialNumber(bytes: Buffer, length: number): string {
  // Apple serials avoid vowels-looking letters O and I.
  const alphabet = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  return [...bytes.subarray(0, length)].map((b) => alphabet[b % alphabet.length]).join('');
}

function luhn(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}
