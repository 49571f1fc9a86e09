/**
 * Secure defaults for every web contents: no navigation, no new windows (https links go to the OS
 * browser), no webviews, no permission grants, no request to the network.
 */
import { app, session, shell } from 'electron';
import { isRemoteUrl, isSafeExternalUrl } from './sender-check.ts';

/** Applies the policy to the default session and to every web contents created from now on. */
export function applySecurityPolicy(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  // The renderer is a local page: a request to the network is a bug or an injected resource (CSP says so too).
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => callback({ cancel: isRemoteUrl(details.url) }));
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isSafeExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}
