/**
 * Configuration profiles and management: the MCInstall GetProfileList answer (profilesFor) and the files in
 * SysSharedContainerDomain-systemgroup.com.apple.configurationprofiles Library/ConfigurationProfiles/.
 * ProfileTruth.plist's layout is modelled (nobody has published it); the other files use Apple's keys.
 */
import { createHash } from 'node:crypto';
import type { Profile } from '../types.ts';
import { catalogFor } from './catalog.ts';
import { putPlist, type ContentContext } from './context.ts';
import { personaOf } from './persona.ts';
import { stableUuid } from './random.ts';
import { REFERENCE_TIME, dateOf } from './time.ts';

/** Domain of configuration profiles and management state. */
export const PROFILES_DOMAIN = 'SysSharedContainerDomain-systemgroup.com.apple.configurationprofiles';
const DIR = 'Library/ConfigurationProfiles';

interface InstalledProfile {
  identifier: string;
  name: string;
  description: string;
  removalDisallowed: boolean;
  /** The MDM enrollment: only encrypted backups carry it. */
  enrollment?: boolean;
  payloads: Array<Record<string, unknown>>;
}

function installedProfiles(profile: Profile): InstalledProfile[] {
  const persona = personaOf(profile);
  const org = persona.organization;
  if (!org) return [];
  const wifi = persona.networks.filter((n) => n.addReason === 'Profile').map((n) => ({
    PayloadType: 'com.apple.wifi.managed', SSID_STR: n.ssid, AutoJoin: true, HIDDEN_NETWORK: false,
    EncryptionType: n.security === 'Open' ? 'None' : 'WPA2', ...(n.security === 'WPA2 Enterprise' ? { EAPClientConfiguration: { AcceptEAPTypes: [25] } } : {}),
  }));
  const reverse = org.domain.split('.').reverse().join('.');
  if (profile === 'golden') {
    return [
      { identifier: `${reverse}.wifi`, name: `${org.name} Wi-Fi`, description: 'Joins the staff network automatically.', removalDisallowed: false, payloads: wifi },
      { identifier: `${reverse}.restrictions`, name: 'Classroom Restrictions', description: 'Keeps the shared iPad set up for lessons.', removalDisallowed: false,
        payloads: [{ PayloadType: 'com.apple.applicationaccess', allowAppRemoval: false, allowExplicitContent: false }] },
    ];
  }
  return [
    { identifier: `${reverse}.mdm`, name: 'MDM Profile', description: `Lets ${org.name} manage this iPhone.`, removalDisallowed: true, enrollment: true,
      payloads: [{ PayloadType: 'com.apple.mdm', ServerURL: `https://${org.mdmHost}/mdm/server`, CheckInURL: `https://${org.mdmHost}/mdm/checkin`,
        Topic: `com.apple.mgmt.External.${stableUuid('topic', org.domain).toLowerCase()}`, AccessRights: 8191, CheckOutWhenRemoved: true },
      { PayloadType: 'com.apple.security.scep', URL: `https://${org.mdmHost}/scep`, Name: 'Device Identity' }] },
    { identifier: `${reverse}.restrictions`, name: 'Restrictions', description: 'Force encrypted backups; prevent backup of managed app data; iCloud Backup off.',
      removalDisallowed: true, payloads: [{ PayloadType: 'com.apple.applicationaccess', forceEncryptedBackup: true, allowCloudBackup: false, allowEnterpriseBookBackup: false }] },
    { identifier: `${reverse}.wifi`, name: `${org.name} Wi-Fi`, description: 'Corporate and guest Wi-Fi.', removalDisallowed: true, payloads: wifi },
  ];
}

function metadataOf(p: InstalledProfile, organization: string): Record<string, unknown> {
  return {
    PayloadDisplayName: p.name, PayloadDescription: p.description, PayloadOrganization: organization,
    PayloadRemovalDisallowed: p.removalDisallowed, PayloadUUID: stableUuid('profile', p.identifier), PayloadVersion: 1,
  };
}

function stubName(identifier: string): string {
  return `profile-${createHash('sha256').update(identifier).digest('hex')}.stub`;
}

/** Stub file names of MDM enrollment profiles (every profile): only encrypted backups carry them. */
export function enrollmentStubNames(): string[] {
  return (['personal', 'golden', 'managed'] as const).flatMap((p) => installedProfiles(p).filter((x) => x.enrollment).map((x) => stubName(x.identifier)));
}

/** MCInstall GetProfileList answer for the profile. */
export function profilesFor(profile: Profile): Record<string, unknown> {
  const organization = personaOf(profile).organization?.name ?? '';
  const profiles = installedProfiles(profile);
  return {
    OrderedIdentifiers: profiles.map((p) => p.identifier),
    ProfileMetadata: Object.fromEntries(profiles.map((p) => [p.identifier, metadataOf(p, organization)])),
    ProfileManifest: Object.fromEntries(profiles.map((p) => [p.identifier, { Description: p.name, IsActive: true }])),
    Status: 'Acknowledged',
  };
}

/** Writes the configuration profile store: stubs, truth, cloud configuration and MDM state. */
export function writeConfigurationProfiles(context: ContentContext): void {
  const persona = context.persona;
  const org = persona.organization;
  const supervised = context.profile === 'managed';
  const installed = REFERENCE_TIME - 250 * 86400;
  const profiles = installedProfiles(context.profile);
  const stubs: Record<string, unknown> = {};
  for (const p of profiles) {
    const stub = stubName(p.identifier);
    stubs[p.identifier] = { StubFileName: stub, InstallDate: dateOf(installed), IsManagedByMDM: supervised && !p.enrollment };
    putPlist(context, PROFILES_DOMAIN, `${DIR}/${stub}`, {
      ...metadataOf(p, org?.name ?? ''), PayloadIdentifier: p.identifier, PayloadType: 'Configuration', InstallDate: dateOf(installed),
      PayloadContent: p.payloads.map((payload, i) => ({ ...payload, PayloadIdentifier: `${p.identifier}.${i}`, PayloadUUID: stableUuid(p.identifier, String(i)), PayloadVersion: 1 })),
    }, p.enrollment ? { encryptedOnly: true } : {});
  }
  putPlist(context, PROFILES_DOMAIN, `${DIR}/ProfileTruth.plist`, { Version: 1, OrderedIdentifiers: profiles.map((p) => p.identifier), Profiles: stubs });
  putPlist(context, PROFILES_DOMAIN, `${DIR}/CloudConfigurationDetails.plist`, org ? {
    AllowPairing: !supervised, AwaitDeviceConfigured: false, CloudConfigurationUIComplete: true, ConfigurationWasApplied: true,
    IsMDMUnremovable: supervised, IsMandatory: supervised, IsSupervised: supervised, OrganizationName: org.name,
    OrganizationDepartment: org.department, OrganizationEmail: `it@${org.domain}`, OrganizationPhone: '+1 206 555 0100',
    OrganizationMagic: stableUuid('magic', org.domain), SkipSetup: ['AppleID', 'Siri', 'Privacy', 'Diagnostics', 'ScreenTime'],
    ...(supervised ? { ConfigurationURL: `https://${org.mdmHost}/enroll`, PostSetupProfileWasInstalled: true } : {}),
  } : { CloudConfigurationUIComplete: true, ConfigurationWasApplied: false });
  if (!supervised || !org) return;
  const mdm = profiles.find((p) => p.enrollment)?.payloads[0] ?? {};
  putPlist(context, PROFILES_DOMAIN, `${DIR}/MDM.plist`, {
    ...mdm, IdentityCertificateUUID: stableUuid('identity', org.domain), ServerCapabilities: ['com.apple.mdm.per-user-connections', 'com.apple.mdm.bootstraptoken'],
    SignMessage: false, UseDevelopmentAPNS: false, ManagingProfileIdentifier: profiles.find((p) => p.enrollment)?.identifier ?? '',
  }, { encryptedOnly: true });
  putPlist(context, PROFILES_DOMAIN, `${DIR}/MDMAppManagement.plist`, {
    metadataByBundleID: Object.fromEntries(catalogFor(context.profile).map((app) => [app.bundleId, {
      // ManagementFlags: 1 = remove with MDM profile, 4 = prevent backup of the app's data.
      ManagementFlags: app.managedNoBackup ? 5 : 1, Status: 'Managed', IsBackupDisabled: app.managedNoBackup === true,
    }])),
  });
  putPlist(context, PROFILES_DOMAIN, `${DIR}/EffectiveUserSettings.plist`, {
    restrictedBool: { forceEncryptedBackup: { value: true }, allowCloudBackup: { value: false }, allowEnterpriseBookBackup: { value: false } },
  });
}
