/**
 * Whether an IPC message comes from our own window and page (not from a navigated-away page or an
 * embedded frame). Kept free of `electron` so it can be tested in plain Node.
 */

/** True when `frameUrl` is the renderer page Cradle loaded (same file/origin and path). */
export function isTrustedRendererUrl(frameUrl: string | undefined, rendererUrl: string): boolean {
  if (!frameUrl) return false;
  try {
    const frame = new URL(frameUrl);
    const expected = new URL(rendererUrl);
    return frame.protocol === expected.protocol && frame.host === expected.host && frame.pathname === expected.pathname;
  } catch {
    return false;
  }
}

/** True for links the app may hand to the OS browser: parsed https URLs only. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/** True for URLs that reach the network (http, https, WebSocket, ftp); unparsable ones count as remote. */
export function isRemoteUrl(url: string): boolean {
  try {
    return ['http:', 'https:', 'ws:', 'wss:', 'ftp:'].includes(new URL(url).protocol);
  } catch {
    return true;
  }
}
