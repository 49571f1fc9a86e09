/**
 * Whether a usbmuxd answers at the configured address, with what to do when none does.
 */
import type { UsbmuxdStatus } from '../../../shared/app-info.ts';
import { CradleError } from '../../../shared/errors.ts';
import { formatUsbmuxAddress, resolveUsbmuxAddress, usbmuxdHint, type UsbmuxAddress } from './address.ts';
import { usbmuxRequest } from './request.ts';

/**
 * Asks usbmuxd for its device list; reachable when a well-formed reply comes back.
 * A malformed USBMUXD_SOCKET_ADDRESS is reported as unreachable with what to fix, not thrown.
 */
export async function probeUsbmuxd(given?: UsbmuxAddress, timeoutMs = 2000): Promise<UsbmuxdStatus> {
  let address: UsbmuxAddress;
  try {
    address = given ?? resolveUsbmuxAddress();
  } catch (error) {
    const hint = error instanceof CradleError ? error.message : String(error);
    return { address: process.env.USBMUXD_SOCKET_ADDRESS ?? '', source: 'env', reachable: false, hint };
  }
  const status = { address: formatUsbmuxAddress(address), source: address.source };
  try {
    const reply = await usbmuxRequest(address, { MessageType: 'ListDevices' }, { timeoutMs });
    if (!Array.isArray(reply.DeviceList)) {
      throw new CradleError('PROTOCOL', 'usbmuxd answered without a device list.', reply);
    }
    return { ...status, reachable: true };
  } catch (error) {
    const reason = error instanceof CradleError ? `${error.message} ${String(error.details ?? '')}`.trim() : String(error);
    return { ...status, reachable: false, hint: usbmuxdHint(), error: reason };
  }
}
