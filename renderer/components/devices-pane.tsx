/**
 * The Devices pane: until a device is connected, what to do to connect one.
 */
import { Cable } from 'lucide-react';
import { selectUsbmuxd } from '../store/app-slice.ts';
import { useStore } from '../store/index.ts';
import { EmptyState } from './empty-state.tsx';

/** The main pane when Devices (or a device) is selected. */
export function DevicesPane() {
  const usbmuxd = useStore(selectUsbmuxd);
  const appInfoError = useStore((state) => state.appInfoError);
  return (
    <EmptyState icon={<Cable size={48} />} title="Connect an iPhone or iPad with a USB cable">
      <p>Unlock it and tap Trust when it asks whether to trust this computer.</p>
      {usbmuxd && !usbmuxd.reachable && (
        <div className="notice" role="status" data-testid="usbmuxd-hint">
          <p>
            <strong>Cradle can’t reach the device service (usbmuxd).</strong> {usbmuxd.hint}
          </p>
          <details>
            <summary>Details</summary>
            <p>
              Address: <code>{usbmuxd.address}</code>
              {usbmuxd.source === 'env' ? ' (from USBMUXD_SOCKET_ADDRESS)' : ' (default)'}
            </p>
            {usbmuxd.error && <p>{usbmuxd.error}</p>}
          </details>
          <p className="muted">
            No iPhone at hand? A built-in virtual iPhone for trying Cradle is on its way; it is not part of this
            version yet.
          </p>
        </div>
      )}
      {appInfoError && (
        <div className="notice" role="alert">
          {appInfoError.message}
        </div>
      )}
    </EmptyState>
  );
}
