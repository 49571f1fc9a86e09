/**
 * The General tab: the software and how the device is backed up.
 */
import type { DeviceSummary } from '../../../shared/devices.ts';
import { BackupsSection } from './backups-section.tsx';
import { FactList } from './fact-list.tsx';

/** Props of {@link GeneralTab}. */
export interface GeneralTabProps {
  summary: DeviceSummary;
  noun: string;
}

/** Software and backups. */
export function GeneralTab({ summary, noun }: GeneralTabProps) {
  return (
    <>
      <section aria-labelledby="general-software" className="tab-section">
        <h2 id="general-software">Software</h2>
        <FactList facts={[{ label: 'iOS', value: `${summary.iosVersion} (${summary.buildVersion})` }]} />
      </section>
      <BackupsSection summary={summary} noun={noun} />
    </>
  );
}
