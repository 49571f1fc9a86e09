/**
 * Secure defaults for every web contents: no navigation, no new windows (https links go to the OS
 * browser), no webviews, no permission grants.
 */
import { app, session, shell } from 'electron';
import { isSafeExternalUrl } from './sender-check.ts';

/** Applies the policy to the default session and to every web contents created from now on. */
export function applySecurityPolicy(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
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
