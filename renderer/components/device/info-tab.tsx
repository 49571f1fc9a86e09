/**
 * The Info tab: identifiers and the device's management state.
 */
import type { DeviceSummary } from '../../../shared/devices.ts';
import { FactList, onOff } from './fact-list.tsx';

/** Props of {@link InfoTab}. */
export interface InfoTabProps {
  summary: DeviceSummary;
}

/** Who manages the device: the organisations of profiles the person cannot remove (MDM-installed). */
function managedBy(summary: DeviceSummary): string | undefined {
  const organizations = summary.profiles.filter((profile) => !profile.removable).map((profile) => profile.organization ?? profile.displayName);
  return organizations.length ? [...new Set(organizations)].join(', ') : undefined;
}

/** Serial, UDID, phone identifiers, Find My, supervision and management. */
export function InfoTab({ summary }: InfoTabProps) {
  const manager = managedBy(summary);
  return (
    <section aria-label="Info" className="tab-section">
      <FactList
        facts={[
          { label: 'Model', value: `${summary.model} (${summary.productType})` },
          { label: 'Serial number', value: <span className="selectable">{summary.serialNumber}</span> },
          { label: 'UDID', value: <span className="selectable">{summary.udid}</span> },
          { label: 'Phone number', value: summary.phoneNumber },
          { label: 'IMEI', value: summary.imei },
          { label: 'Wi-Fi address', value: summary.wifiAddress },
          { label: 'Find My', value: onOff(summary.findMy) },
          { label: 'Supervised', value: summary.supervised ? 'Yes' : 'No' },
          { label: 'Managed', value: manager ? `Yes, by ${manager}` : 'No' },
        ]}
      />
    </section>
  );
}
