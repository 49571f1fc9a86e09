/**
 * One-shot usbmuxd requests: open a connection, send one packet, read the reply with the same tag, close.
 * libusbmuxd does the same: every operation is a new connection.
 */
import { connect, type Socket } from 'node:net';
import { CradleError } from '../../../shared/errors.ts';
import { formatUsbmuxAddress, type UsbmuxAddress } from './address.ts';
import { encodeUsbmuxPacket, UsbmuxPacketDecoder } from './packet.ts';

/** Options of a usbmuxd request. */
export interface UsbmuxRequestOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Opens a socket to usbmuxd; rejects with USBMUXD_UNAVAILABLE when nothing answers. */
export function openUsbmuxSocket(address: UsbmuxAddress, options: UsbmuxRequestOptions = {}): Promise<Socket> {
  const timeoutMs = options.timeoutMs ?? 5000;
  return new Promise((resolve, reject) => {
    const socket = address.kind === 'unix' ? connect(address.path) : connect(address.port, address.host);
    const fail = (reason: string) => {
      cleanup();
      socket.destroy();
      reject(
        new CradleError('USBMUXD_UNAVAILABLE', `No usbmuxd answers at ${formatUsbmuxAddress(address)}.`, reason),
      );
    };
    const onError = (error: Error) => fail(error.message);
    const onAbort = () => fail('cancelled');
    const timer = setTimeout(() => fail(`no connection within ${timeoutMs} ms`), timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      socket.off('error', onError);
      options.signal?.removeEventListener('abort', onAbort);
    };
    socket.once('error', onError);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      cleanup();
      resolve(socket);
    });
  });
}

/** Sends one request on a fresh connection and resolves with the reply dict. */
export async function usbmuxRequest(
  address: UsbmuxAddress,
  body: Record<string, unknown>,
  options: UsbmuxRequestOptions = {},
): Promise<Record<string, unknown>> {
  const socket = await openUsbmuxSocket(address, options);
  const timeoutMs = options.timeoutMs ?? 5000;
  const tag = 1;
  try {
    return await new Promise((resolve, reject) => {
      const decoder = new UsbmuxPacketDecoder();
      const timer = setTimeout(
        () => reject(new CradleError('TIMEOUT', `usbmuxd did not answer ${String(body.MessageType)} in time.`)),
        timeoutMs,
      );
      const finish = (error: Error | undefined, value?: Record<string, unknown>) => {
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(value!);
      };
      socket.on('data', (chunk: Buffer) => {
        try {
          const reply = decoder.push(chunk).find((packet) => packet.tag === tag);
          if (reply) finish(undefined, reply.body);
        } catch (error) {
          finish(error as Error);
        }
      });
      socket.on('error', (error) =>
        finish(new CradleError('USBMUXD_UNAVAILABLE', 'The connection to usbmuxd failed.', error.message)),
      );
      socket.on('close', () =>
        finish(new CradleError('USBMUXD_UNAVAILABLE', 'usbmuxd closed the connection without answering.')),
      );
      socket.write(encodeUsbmuxPacket(body, tag));
    });
  } finally {
    socket.destroy();
  }
}
