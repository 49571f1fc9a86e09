/**
 * Profiles & Management: whether the device is supervised and enrolled in MDM (and by whom), the
 * restrictions that change backups and restores, and every configuration profile with its payloads.
 */
import type { ManagementData } from '../../../../shared/categories.ts';
import { FactList } from '../../device/fact-list.tsx';
import { formatDate } from '../../device/format.ts';

const yesNo = (value: boolean) => (value ? 'Yes' : 'No');

/** The Profiles & Management category. */
export function ManagementView({ data }: { data: ManagementData }) {
  const { restrictions, organization } = data;
  return (
    <>
      <FactList
        facts={[
          { label: 'Supervised', value: yesNo(data.supervised) },
          { label: 'Enrolled in MDM', value: yesNo(data.mdmEnrolled), note: data.mdmServer },
          { label: 'Automated Device Enrollment', value: yesNo(data.automatedEnrollment) },
          { label: 'MDM profile in this backup', value: data.mdmEnrolled ? yesNo(data.mdmProfileIncluded) : undefined, note: data.mdmEnrolled && !data.mdmProfileIncluded ? 'Only encrypted backups hold it.' : undefined },
          { label: 'Organization', value: organization ? [organization.name, organization.department].filter(Boolean).join(', ') : undefined, note: [organization?.email, organization?.phone].filter(Boolean).join(' · ') || undefined },
          { label: 'Encrypted backups required', value: yesNo(restrictions.forceEncryptedBackup) },
          { label: 'iCloud Backup', value: restrictions.cloudBackupDisabled ? 'Turned off by the organization' : 'Allowed' },
          { label: 'Apps kept out of backups', value: restrictions.appsExcludedFromBackup.length ? restrictions.appsExcludedFromBackup.join(', ') : 'None' },
          { label: 'Managed books kept out', value: yesNo(restrictions.enterpriseBooksExcluded) },
        ]}
      />
      <h3 className="list-heading">Configuration profiles</h3>
      {data.profiles.length === 0 ? (
        <p className="muted">No configuration profiles are installed.</p>
      ) : (
        <ul className="plain-list profile-list">
          {data.profiles.map((profile) => (
            <li key={profile.identifier} className="profile-row">
              <span className="profile-name">
                {profile.name}
                {profile.mdmEnrollment && <span className="badge">MDM enrollment</span>}
                {profile.removalDisallowed && <span className="badge">Can’t be removed</span>}
              </span>
              <span className="muted">{[profile.organization, profile.identifier, profile.installed && `installed ${formatDate(profile.installed)}`].filter(Boolean).join(' · ')}</span>
              {profile.description && <span>{profile.description}</span>}
              <span className="muted">Payloads: {profile.payloadTypes.join(', ') || 'none'}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
