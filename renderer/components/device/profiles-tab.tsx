/**
 * The Profiles tab: installed configuration profiles and the restrictions that matter for backups.
 */
import { FileBadge } from 'lucide-react';
import type { DeviceSummary } from '../../../shared/devices.ts';

/** Props of {@link ProfilesTab}. */
export interface ProfilesTabProps {
  summary: DeviceSummary;
  noun: string;
}

/** Profiles and restrictions. */
export function ProfilesTab({ summary, noun }: ProfilesTabProps) {
  // Only what the summary knows to be enforced; more restrictions arrive with the profiles' payloads.
  const restrictions = summary.backup.encryptionRequired ? ['Backups must be encrypted'] : [];
  return (
    <>
      <section aria-labelledby="profiles-installed" className="tab-section">
        <h2 id="profiles-installed">Configuration profiles</h2>
        {summary.profiles.length === 0 ? (
          <p className="muted">No configuration profiles are installed on this {noun}.</p>
        ) : (
          <ul className="profile-list">
            {summary.profiles.map((profile) => (
              <li key={profile.identifier} className="profile">
                <FileBadge size={20} aria-hidden="true" className="profile-icon" />
                <div>
                  <p className="profile-name">
                    {profile.displayName}
                    {!profile.removable && <span className="badge">Can’t be removed</span>}
                  </p>
                  {profile.organization && <p className="muted">{profile.organization}</p>}
                  {profile.description && <p>{profile.description}</p>}
                  <p className="muted identifier">{profile.identifier}</p>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
      {restrictions.length > 0 && (
        <section aria-labelledby="profiles-restrictions" className="tab-section">
          <h2 id="profiles-restrictions">Restrictions that matter here</h2>
          <ul className="restriction-list">
            {restrictions.map((restriction) => (
              <li key={restriction}>{restriction}</li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
