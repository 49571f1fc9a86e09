/**
 * The Devices pane: the selected device's page; otherwise the overview of every connected device, or what
 * to do to connect one.
 */
import { Cable } from 'lucide-react';
import { selectUsbmuxd } from '../store/app-slice.ts';
import { selectDevices } from '../store/devices-slice.ts';
import { useStore } from '../store/index.ts';
import { selectDestination } from '../store/navigation-slice.ts';
import { DevicePage } from './device/device-page.tsx';
import { DevicesOverview } from './devices-overview/devices-overview.tsx';
import { EmptyState } from './empty-state.tsx';

/** The main pane when Devices (or a device) is selected. */
export function DevicesPane() {
  const destination = useStore(selectDestination);
  const count = useStore((state) => selectDevices(state).length);
  if (destination.kind === 'device') return <DevicePage key={destination.udid} udid={destination.udid} />;
  if (count > 0) return <DevicesOverview />;
  return <ConnectDevice />;
}

function ConnectDevice() {
  const usbmuxd = useStore(selectUsbmuxd);
  const appInfoError = useStore((state) => state.appInfoError);
  // The browser mode runs only from a checkout (`npm run demo`, `npm run dev-web`): there the virtual iPhone is at hand.
  const inCheckout = useStore((state) => state.appInfo !== undefined && state.appInfo.versions.electron === undefined);
  const unreachable = usbmuxd !== undefined && !usbmuxd.reachable;
  return (
    <EmptyState icon={<Cable size={48} />} title={unreachable ? 'Cradle can’t reach the device service' : 'Connect an iPhone or iPad with a USB cable'}>
      {unreachable ? (
        <div className="notice" role="status" data-testid="usbmuxd-hint">
          <p>
            <strong>Devices are reached through usbmuxd, which is not answering.</strong> {usbmuxd.hint}
          </p>
          <details>
            <summary>Details</summary>
            <p>
              Address: <code>{usbmuxd.address}</code>
              {usbmuxd.source === 'env' ? ' (from USBMUXD_SOCKET_ADDRESS)' : ' (default)'}
            </p>
            {usbmuxd.error && <p>{usbmuxd.error}</p>}
          </details>
          {inCheckout && (
            <p className="muted">
              No iPhone at hand? Run <code>npm run demo</code> to try Cradle with a virtual iPhone.
            </p>
          )}
        </div>
      ) : (
        <p>Unlock it and tap Trust when it asks whether to trust this computer.</p>
      )}
      {appInfoError && (
        <div className="notice" role="alert">
          {appInfoError.message}
        </div>
      )}
    </EmptyState>
  );
}
