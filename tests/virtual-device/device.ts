/**
 * The state of one virtual device: identity, device key, lockdown values, paired hosts and settings,
 * persisted in `<state>/devices/<udid>/device.plist` so a restart keeps its pairing and settings.
 */
import { createPublicKey, generateKeyPair } from 'node:crypto';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { personaOf, populateProfile, profileValues } from './content/index.ts';
import { deviceIdentity, modelFor, type DeviceModel } from './identity.ts';
import { decodePlist, encodeBinary } from './plist.ts';
import { createDeviceStore } from './store.ts';
import type { DeviceStore, LockdownValues, Profile, TrustMode, VirtualDevice } from './types.ts';

/** What the device remembers about a host it paired with (the Pair request's record plus its escrow bag). */
export interface HostPairing {
  HostID: string;
  SystemBUID: string;
  HostCertificate: Buffer;
  RootCertificate: Buffer;
  DeviceCertificate: Buffer;
  EscrowBag: Buffer;
  WiFiMACAddress?: string;
}

/** State of the "Trust This Computer?" prompt in trust mode `pending`. */
export type TrustPrompt = 'none' | 'showing' | 'accepted' | 'denied';

/** How to create (or reload) one device. */
export interface DeviceSetup {
  stateDir: string;
  index: number;
  seed: string;
  profile: Profile;
  dataMb?: number;
  files?: number;
  trustMode: TrustMode;
  kdf: { dpic: number; iter: number };
  throttleBytesPerSecond?: number;
}

const STATE_VERSION = 1;

/**
 * A virtual device: implements {@link VirtualDevice} and adds what transport and control need.
 * Events: `changed` (any status change), `paired` (hostId), `passcode` (the passcode was entered),
 * `reboot` (the transport then detaches and re-attaches the device).
 */
export class DeviceState extends EventEmitter implements VirtualDevice {
  /** usbmuxd DeviceID; a replug assigns a new one, as usbmuxd does. */
  deviceId: number;
  /** USB location (the port the cable is in): stable across replugs. */
  readonly locationId: number;
  /** Whether the device is plugged in (listed by usbmuxd). */
  attached = true;
  trustMode: TrustMode;
  trustPrompt: TrustPrompt = 'none';
  kdf: { dpic: number; iter: number };
  throttleBytesPerSecond?: number;
  private lockedValue = false;

  constructor(
    readonly udid: string,
    readonly model: DeviceModel,
    readonly profile: Profile,
    readonly dir: string,
    readonly values: LockdownValues,
    readonly store: DeviceStore,
    readonly privateKeyPem: string,
    /** Paired hosts by HostID. */
    readonly hosts: Map<string, HostPairing>,
    private password: string | null,
    setup: DeviceSetup,
  ) {
    super();
    this.deviceId = setup.index + 1;
    this.locationId = 0x14100000 + (setup.index + 1) * 0x10000;
    this.trustMode = setup.trustMode;
    this.kdf = setup.kdf;
    this.throttleBytesPerSecond = setup.throttleBytesPerSecond;
    this.syncDerivedValues();
  }

  get locked(): boolean {
    return this.lockedValue;
  }

  set locked(locked: boolean) {
    this.lockedValue = locked;
  }

  get findMy(): boolean {
    return this.domain('com.apple.fmip').IsAssociated === true;
  }

  set findMy(on: boolean) {
    this.domain('com.apple.fmip').IsAssociated = on;
  }

  get backupPassword(): string | null {
    return this.password;
  }

  set backupPassword(password: string | null) {
    this.password = password;
    this.syncDerivedValues();
  }

  /** Device name as lockdown reports it. */
  get name(): string {
    return String(this.domain('').DeviceName ?? '');
  }

  /** A lockdown domain's values, created empty when missing. */
  domain(name: string): Record<string, unknown> {
    return (this.values[name] ??= {});
  }

  changed(): void {
    this.syncDerivedValues();
    this.save();
    this.emit('changed');
  }

  reboot(): void {
    this.emit('reboot');
  }

  /** Writes the device's state file (atomically: a crash never leaves half a file). */
  save(): void {
    const state = {
      Version: STATE_VERSION,
      Profile: this.profile,
      PrivateKey: this.privateKeyPem,
      Values: this.values,
      Hosts: [...this.hosts.values()],
      ...(this.password === null ? {} : { BackupPassword: this.password }),
    };
    const file = path.join(this.dir, 'device.plist');
    fs.writeFileSync(`${file}.tmp`, encodeBinary(state));
    fs.renameSync(`${file}.tmp`, file);
  }

  private syncDerivedValues(): void {
    this.domain('com.apple.mobile.backup').WillEncrypt = this.password !== null;
  }
}

interface SavedState {
  Version: number;
  Profile: Profile;
  PrivateKey: string;
  Values: LockdownValues;
  Hosts: HostPairing[];
  BackupPassword?: string;
}

/** Creates device `setup.index`, or reloads it from the state folder when it was created before. */
export async function createVirtualDevice(setup: DeviceSetup): Promise<DeviceState> {
  const identity = deviceIdentity(setup.index, setup.seed, modelFor(setup.index, personaOf(setup.profile).productType));
  const dir = path.join(setup.stateDir, 'devices', identity.udid);
  fs.mkdirSync(dir, { recursive: true });
  const saved = readSavedState(path.join(dir, 'device.plist'));
  const store = createDeviceStore(path.join(dir, 'store'));
  if (saved) {
    return new DeviceState(
      identity.udid, identity.model, saved.Profile, dir, saved.Values, store, saved.PrivateKey,
      new Map(saved.Hosts.map((host) => [host.HostID, host])), saved.BackupPassword ?? null, setup,
    );
  }
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'pkcs1', format: 'pem' }) as string;
  const values = withProfile(identity.values, profileValues(setup.profile, identity.udid), identity.model);
  values['']!.DevicePublicKey = Buffer.from(publicKeyPem, 'utf8');
  const device = new DeviceState(
    identity.udid, identity.model, setup.profile, dir, values, store, privateKeyPem, new Map(), null, setup,
  );
  store.clear();
  populateProfile(store, setup.profile, { udid: identity.udid, dataMb: setup.dataMb, files: setup.files });
  store.save();
  device.save();
  return device;
}

function readSavedState(file: string): SavedState | undefined {
  if (!fs.existsSync(file)) return undefined;
  const state = decodePlist(fs.readFileSync(file)) as SavedState;
  if (state.Version !== STATE_VERSION) throw new Error(`${file}: unknown state version ${state.Version}`);
  return state;
}

/** Hardware identity comes from the model; a profile may not change it. */
const HARDWARE_KEYS = new Set([
  'UniqueDeviceID', 'ProductType', 'DeviceClass', 'HardwareModel', 'HardwarePlatform', 'ChipID', 'ModelNumber',
  'ProductVersion', 'BuildVersion', 'SerialNumber', 'UniqueChipID', 'DieID', 'WiFiAddress', 'BluetoothAddress',
  'CPUArchitecture', 'TelephonyCapability',
]);

/** Telephony values only phones have. */
const PHONE_KEYS = [
  'PhoneNumber', 'InternationalMobileEquipmentIdentity', 'MobileEquipmentIdentifier', 'IntegratedCircuitCardIdentity',
  'SIMStatus',
];

/** Applies a profile's values (names, backup policy, Find My, supervision…) to a model's identity. */
function withProfile(base: LockdownValues, overrides: LockdownValues, model: DeviceModel): LockdownValues {
  const merged: LockdownValues = {};
  for (const domain of new Set([...Object.keys(base), ...Object.keys(overrides)])) {
    const changes = Object.entries(overrides[domain] ?? {}).filter(([key]) => domain !== '' || !HARDWARE_KEYS.has(key));
    merged[domain] = { ...base[domain], ...Object.fromEntries(changes) };
  }
  const general = merged['']!;
  // A profile written for an iPhone may land on an iPad (second device): keep its name plausible.
  const other = model.deviceClass === 'iPad' ? 'iPhone' : 'iPad';
  if (typeof general.DeviceName === 'string') general.DeviceName = general.DeviceName.replace(other, model.deviceClass);
  if (model.deviceClass !== 'iPhone') for (const key of PHONE_KEYS) delete general[key];
  return merged;
}
