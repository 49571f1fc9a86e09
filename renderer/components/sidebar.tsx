/**
 * The sidebar: Devices (live) and Backups, with the app's status at the bottom.
 */
import { Archive, Smartphone, Tablet } from 'lucide-react';
import type { DeviceListItem } from '../../shared/devices.ts';
import { selectUsbmuxd } from '../store/app-slice.ts';
import { selectDevices } from '../store/devices-slice.ts';
import { useStore } from '../store/index.ts';
import { selectDestination } from '../store/navigation-slice.ts';

const STATE_BADGES: Record<DeviceListItem['state'], string | undefined> = {
  connected: undefined,
  'trust-needed': 'Trust needed',
  locked: 'Locked',
  busy: 'Busy',
  disconnected: 'Disconnected',
};

/** The sidebar of the window. */
export function Sidebar() {
  const devices = useStore(selectDevices);
  const destination = useStore(selectDestination);
  const navigate = useStore((state) => state.navigate);
  return (
    <nav className="sidebar" aria-label="Sidebar">
      <h2 className="sidebar-heading" id="sidebar-devices">Devices</h2>
      <ul className="sidebar-list" aria-labelledby="sidebar-devices">
        {devices.length === 0 && <li className="sidebar-none">No devices connected</li>}
        {devices.map((device) => {
          const Icon = device.productType?.startsWith('iPad') ? Tablet : Smartphone;
          const badge = STATE_BADGES[device.state];
          const selected = destination.kind === 'device' && destination.udid === device.udid;
          return (
            <li key={device.udid}>
              <button
                type="button"
                className="sidebar-item"
                aria-current={selected ? 'page' : undefined}
                onClick={() => navigate({ kind: 'device', udid: device.udid })}
              >
                <Icon size={16} aria-hidden="true" />
                <span className="sidebar-label">{device.name ?? device.udid}</span>
                {badge && <span className="badge">{badge}</span>}
              </button>
            </li>
          );
        })}
      </ul>
      <h2 className="sidebar-heading" id="sidebar-library">Backups</h2>
      <ul className="sidebar-list" aria-labelledby="sidebar-library">
        <li>
          <button
            type="button"
            className="sidebar-item"
            aria-current={destination.kind === 'backups' ? 'page' : undefined}
            onClick={() => navigate({ kind: 'backups' })}
          >
            <Archive size={16} aria-hidden="true" />
            <span className="sidebar-label">All backups</span>
          </button>
        </li>
      </ul>
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
