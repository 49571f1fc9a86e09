/**
 * The sidebar: Devices (live), Backups and Clone, with the app's status at the bottom.
 */
import { Archive, Settings } from 'lucide-react';
import type { ReactNode } from 'react';
import { deviceIdentity, deviceLabel, sameNamedDevices, type DeviceListItem } from '../../shared/devices.ts';
import { selectUsbmuxd } from '../store/app-slice.ts';
import { selectDevices } from '../store/devices-slice.ts';
import { useStore } from '../store/index.ts';
import { activeJob, type JobView } from '../store/jobs-reducer.ts';
import { selectDestination } from '../store/navigation-slice.ts';
import { CloneSidebarItem } from './clone/clone-sidebar-item.tsx';
import { AllDevicesItem } from './devices-overview/all-devices-item.tsx';
import { DeviceIcon } from './device-icon.tsx';
import { JobsButton } from './jobs-popover.tsx';

const STATE_BADGES: Record<DeviceListItem['state'], string | undefined> = {
  connected: undefined,
  'trust-needed': 'Trust needed',
  locked: 'Locked',
  busy: 'Busy',
  disconnected: 'Disconnected',
};

/** What a busy device is doing, in the badge's few words. */
function jobBadge(job: JobView): string {
  if (job.kind !== 'pair' && job.prompt?.prompt === 'passcode') return 'Needs passcode';
  // 0 % says nothing "Backing up" does not; the percentage appears once there is one.
  const percent = job.progress?.fraction ? ` ${Math.round(job.progress.fraction * 100)} %` : '';
  switch (job.kind) {
    case 'backup':
      return `Backing up${percent}`;
    case 'restore':
      return `Restoring${percent}`;
    case 'pair':
      return 'Pairing';
    default:
      return 'Busy';
  }
}

/** A device's row: icon and name; under it the badge, and for devices of the same name their model and serial digits. */
function DeviceRow({ device, devices }: { device: DeviceListItem; devices: readonly DeviceListItem[] }) {
  const selected = useStore((state) => state.destination.kind === 'device' && state.destination.udid === device.udid);
  const job = useStore((state) => activeJob(state.jobs, device.udid));
  const navigate = useStore((state) => state.navigate);
  const badge = device.state === 'busy' && job ? jobBadge(job) : STATE_BADGES[device.state];
  const twins = sameNamedDevices(device, devices);
  const identity = twins.length > 0 ? deviceIdentity(device, twins) : undefined;
  const label = deviceLabel(device, devices);
  return (
    <li>
      <button
        type="button"
        className="sidebar-item"
        aria-current={selected ? 'page' : undefined}
        aria-label={badge ? `${label}, ${badge}` : label}
        title={label}
        onClick={() => navigate({ kind: 'device', udid: device.udid })}
      >
        <DeviceIcon deviceClass={device.deviceClass} productType={device.productType} size={16} />
        <span className="sidebar-label">
          <span className="sidebar-device-name">{device.name ?? device.udid}</span>
          {(identity || badge) && (
            // Under the name, so the name keeps the row's width: the model gives way first, the serial digits
            // (what tells same-named devices apart) and the badge never.
            <span className="sidebar-device-second">
              {identity && (
                <span className="sidebar-device-identity">
                  {identity.model && <span className="sidebar-device-model">{`${identity.model} · `}</span>}
                  <span className="sidebar-device-serial">{identity.serial}</span>
                </span>
              )}
              {badge && <span className={`badge badge-${device.state}`}>{badge}</span>}
            </span>
          )}
        </span>
      </button>
    </li>
  );
}

/** The sidebar of the window; `toggle` hides it. */
export function Sidebar({ toggle }: { toggle?: ReactNode }) {
  const devices = useStore(selectDevices);
  const destination = useStore(selectDestination);
  const navigate = useStore((state) => state.navigate);
  return (
    <nav className="sidebar" aria-label="Sidebar">
      {toggle}
      <h2 className="sidebar-heading" id="sidebar-devices">Devices</h2>
      <ul className="sidebar-list" aria-labelledby="sidebar-devices">
        <AllDevicesItem />
        {devices.length === 0 && <li className="sidebar-none">No devices connected</li>}
        {devices.map((device) => (
          <DeviceRow key={device.udid} device={device} devices={devices} />
        ))}
      </ul>
      <h2 className="sidebar-heading" id="sidebar-library">Backups</h2>
      <ul className="sidebar-list" aria-labelledby="sidebar-library">
        <li>
          <button
            type="button"
            className="sidebar-item"
            aria-current={destination.kind === 'backups' || destination.kind === 'backup' ? 'page' : undefined}
            onClick={() => navigate({ kind: 'backups' })}
          >
            <Archive size={16} aria-hidden="true" />
            <span className="sidebar-label">All backups</span>
          </button>
        </li>
      </ul>
      <CloneSidebarItem />
      <JobsButton />
      <button
        type="button"
        className="sidebar-item sidebar-settings"
        aria-current={destination.kind === 'settings' ? 'page' : undefined}
        onClick={() => navigate({ kind: 'settings' })}
      >
        <Settings size={16} aria-hidden="true" />
        <span className="sidebar-label">Settings</span>
      </button>
      <SidebarStatus />
    </nav>
  );
}

function SidebarStatus() {
  const version = useStore((state) => state.appInfo?.version);
  const usbmuxd = useStore(selectUsbmuxd);
  return (
    <footer className="sidebar-status" data-testid="app-status">
      <span>Cradle {version ?? '…'}</span>
      {usbmuxd && (
        <span title={usbmuxd.address} className={usbmuxd.reachable ? 'status-ok' : 'status-warn'}>
          {usbmuxd.reachable ? 'Device service ready' : 'Device service not found'}
        </span>
      )}
    </footer>
  );
}
