/**
 * The main window: a Finder-like frame with the secure web preferences.
 */
import { BrowserWindow } from 'electron';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The renderer page's file URL (the sender check compares against it). */
export const RENDERER_URL = pathToFileURL(`${here}../renderer/index.html`).href;

/** Creates and shows the main window. */
export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1100,
    height: 720,
    minWidth: 760,
    minHeight: 480,
    title: 'Cradle',
    show: false,
    titleBarStyle: process.platform === 'darwin' ? 'hiddenInset' : 'default',
    webPreferences: {
      preload: `${here}../preload/index.cjs`,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(RENDERER_URL);
  return window;
}
