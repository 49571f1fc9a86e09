/**
 * The IPC sender check: the request must come from our window's top frame showing our page.
 */
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import { isTrustedRendererUrl } from './sender-check.ts';
import { RENDERER_URL } from './window.ts';

/** True when the event comes from `window`'s main frame on the Cradle renderer page. */
export function isTrustedSender(event: IpcMainInvokeEvent, window: BrowserWindow): boolean {
  const frame = event.senderFrame;
  return (
    !window.isDestroyed() &&
    event.sender.id === window.webContents.id &&
    frame !== null &&
    frame === event.sender.mainFrame &&
    isTrustedRendererUrl(frame.url, RENDERER_URL)
  );
}
