/**
 * Configuration profiles and management state from SysSharedContainerDomain-systemgroup.com.apple.
 * configurationprofiles Library/ConfigurationProfiles/: CloudConfigurationDetails.plist (IsSupervised, the
 * organisation, ConfigurationURL of Automated Device Enrollment), MDM.plist (the enrollment: ServerURL;
 * encrypted backups only), profile-<hash>.stub (one per installed profile), EffectiveUserSettings.plist
 * (restrictedBool: forceEncryptedBackup, allowCloudBackup, allowEnterpriseBookBackup) and
 * MDMAppManagement.plist (ManagementFlags bit 4 = "prevent backup" of a managed app's data). A device with
 * none of these is simply not managed.
 */
import type { BackupRestrictions, CategoryResult, InstalledProfile, ManagementData } from '../../../../shared/categories.ts';
import type { BackupContents } from '../backup-reader.ts';
import { CategoryProblem, isDict, loadPlist, PartialResult, settle, type SourceFile } from './source.ts';
import { plistDate, setDefined, text } from './values.ts';

/** Domain of the configuration profile store. */
export const PROFILES_DOMAIN = 'SysSharedContainerDomain-systemgroup.com.apple.configurationprofiles';
const DIR = 'Library/ConfigurationProfiles';
const MDM_PAYLOAD = 'com.apple.mdm';
const RESTRICTIONS_PAYLOAD = 'com.apple.applicationaccess';
/** MDMAppManagement ManagementFlags bit: the app's data is kept out of backups. */
const PREVENT_BACKUP_FLAG = 4;

type Dict = Record<string, unknown>;

const file = (name: string, what: string, encryptedOnly = false): SourceFile => ({ domain: PROFILES_DOMAIN, relativePath: `${DIR}/${name}`, what, encryptedOnly });

/** Reads the management state and installed profiles. */
export function readManagement(contents: BackupContents): Promise<CategoryResult<'management'>> {
  return settle('management', emptyManagement, async () => {
    const problems: string[] = [];
    let loaded = 0;
    const load = async (source: SourceFile): Promise<Dict> => {
      try {
        const plist = await loadPlist(contents, source);
        loaded += 1;
        return plist;
      } catch (error) {
        if (!(error instanceof CategoryProblem)) throw error;
        if (error.status === 'unreadable') problems.push(error.message);
        return {};
      }
    };
    const cloud = await load(file('CloudConfigurationDetails.plist', 'the cloud configuration'));
    const mdm = await load(file('MDM.plist', 'the MDM enrollment', true));
    const settings = await load(file('EffectiveUserSettings.plist', 'the restrictions in effect'));
    const appManagement = await load(file('MDMAppManagement.plist', 'the managed apps list'));
    const stubs = contents.domainEntries(PROFILES_DOMAIN).filter((e) => e.kind === 'file' && /^Library\/ConfigurationProfiles\/profile-[^/]+\.stub$/.test(e.relativePath));
    const stubPlists: Dict[] = [];
    for (const stub of stubs) stubPlists.push(await load({ domain: stub.domain, relativePath: stub.relativePath, what: 'a configuration profile' }));
    // Nothing readable but damaged files: saying "not managed" would be a guess.
    if (loaded === 0 && problems.length) throw new CategoryProblem('unreadable', problems.join(' '));
    const profiles = stubPlists.filter((stub) => Object.keys(stub).length > 0).map(profileOf)
      .sort((a, b) => Number(b.mdmEnrollment) - Number(a.mdmEnrollment) || a.name.localeCompare(b.name));

    const mdmServer = text(mdm.ServerURL);
    const mdmProfileIncluded = Object.keys(mdm).length > 0 || profiles.some((p) => p.mdmEnrollment);
    const organizationName = text(cloud.OrganizationName);
    const data: ManagementData = {
      supervised: cloud.IsSupervised === true,
      mdmEnrolled: mdmProfileIncluded || cloud.IsMDMUnremovable === true || text(cloud.ConfigurationURL) !== undefined || Object.keys(appManagement).length > 0,
      mdmProfileIncluded,
      automatedEnrollment: cloud.ConfigurationWasApplied === true && organizationName !== undefined,
      profiles,
      restrictions: restrictionsOf(settings, stubPlists, appManagement),
    };
    const organization = organizationName === undefined ? undefined : setDefined<NonNullable<ManagementData['organization']>>({ name: organizationName }, {
      department: text(cloud.OrganizationDepartment), email: text(cloud.OrganizationEmail), phone: text(cloud.OrganizationPhone),
    });
    setDefined(data, { mdmServer, organization });
    return problems.length ? new PartialResult(data, problems.join(' ')) : data;
  });
}

/** Management data of a device that is not managed. */
function emptyManagement(): ManagementData {
  return {
    supervised: false, mdmEnrolled: false, mdmProfileIncluded: false, automatedEnrollment: false, profiles: [],
    restrictions: { forceEncryptedBackup: false, cloudBackupDisabled: false, appsExcludedFromBackup: [], enterpriseBooksExcluded: false },
  };
}

function payloadsOf(stub: Dict): Dict[] {
  return Array.isArray(stub.PayloadContent) ? stub.PayloadContent.filter(isDict) : [];
}

function profileOf(stub: Dict): InstalledProfile {
  const payloadTypes = [...new Set(payloadsOf(stub).map((p) => text(p.PayloadType)).filter((t): t is string => t !== undefined))];
  const identifier = text(stub.PayloadIdentifier) ?? text(stub.PayloadUUID) ?? 'unknown';
  const profile: InstalledProfile = {
    identifier, name: text(stub.PayloadDisplayName) ?? identifier, removalDisallowed: stub.PayloadRemovalDisallowed === true,
    payloadTypes, mdmEnrollment: payloadTypes.includes(MDM_PAYLOAD),
  };
  return setDefined(profile, { organization: text(stub.PayloadOrganization), description: text(stub.PayloadDescription), installed: plistDate(stub.InstallDate) });
}

/**
 * The restrictions in effect (EffectiveUserSettings), else those the installed restrictions payloads set,
 * plus the managed apps whose data is kept out of backups.
 */
function restrictionsOf(settings: Dict, stubs: Dict[], appManagement: Dict): BackupRestrictions {
  const effective = isDict(settings.restrictedBool) ? settings.restrictedBool : {};
  const payloads = stubs.flatMap(payloadsOf).filter((p) => p.PayloadType === RESTRICTIONS_PAYLOAD);
  const value = (key: string): boolean | undefined => {
    const setting = effective[key];
    if (isDict(setting) && typeof setting.value === 'boolean') return setting.value;
    return payloads.map((p) => p[key]).find((v): v is boolean => typeof v === 'boolean');
  };
  const apps = isDict(appManagement.metadataByBundleID) ? appManagement.metadataByBundleID : {};
  const excluded = Object.entries(apps)
    .filter(([, meta]) => isDict(meta) && typeof meta.ManagementFlags === 'number' && (meta.ManagementFlags & PREVENT_BACKUP_FLAG) !== 0)
    .map(([bundleId]) => bundleId).sort();
  return {
    forceEncryptedBackup: value('forceEncryptedBackup') === true,
    cloudBackupDisabled: value('allowCloudBackup') === false,
    appsExcludedFromBackup: excluded,
    enterpriseBooksExcluded: value('allowEnterpriseBookBackup') === false,
  };
}
