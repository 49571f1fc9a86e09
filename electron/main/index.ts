/**
 * Electron's main process: wires the engine, IPC, security policy, the window, the tray and the
 * notifications. Nothing else.
 */
import { app, BrowserWindow, dialog, safeStorage, shell } from 'electron';
import { join } from 'node:path';
import { createEngine } from '../engine/api/handlers.ts';
import { showBackupFeedback } from './backup-feedback.ts';
import { showFleetFeedback } from './fleet-feedback.ts';
import { keepsRunning } from './fleet-notices.ts';
import { registerIpc } from './ipc.ts';
import { applySecurityPolicy } from './security.ts';
import { createTray } from './tray.ts';
import { createMainWindow } from './window.ts';
import { WindowKeeper } from './window-keeper.ts';

const engine = createEngine({
  runtimeVersions: { electron: process.versions.electron, chrome: process.versions.chrome },
  watchDevices: true,
  settingsFile: join(app.getPath('userData'), 'settings.json'),
  // Remembered backup passwords are sealed by safeStorage, whose key the OS keychain holds.
  secretsFile: join(app.getPath('userData'), 'secrets.json'),
  secretCipher: {
    isAvailable: () => safeStorage.isEncryptionAvailable(),
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (sealed) => safeStorage.decryptString(sealed),
  },
  chooseFolder: async (title) => {
    const parent = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
    const options = { title, properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
    const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    return result.canceled ? undefined : result.filePaths[0];
  },
  // The engine passes only folders of its library (checked in library/listed-backup.ts).
  trashItem: (path) => shell.trashItem(path),
  showInFolder: (path) => shell.showItemInFolder(path),
  // The tray icon keeps Cradle running with its window closed, so automatic backups go on.
  runsInBackground: true,
});

if (!app.requestSingleInstanceLock()) app.quit();

void app.whenReady().then(() => {
  applySecurityPolicy();
  const fleet = showFleetFeedback(engine, { window: () => keeper.current(), showWindow: () => keeper.show() });
  const keeper = new WindowKeeper(
    () => {
      const window = createMainWindow();
      const unregister = registerIpc(engine, window);
      window.on('closed', unregister);
      window.on('closed', showBackupFeedback(engine, window, fleet.isFleetJob));
      return window;
    },
    () => keepsRunning(engine.settings.get().autoBackup, fleet.queueBusy()),
  );
  keeper.open();
  createTray(engine, { showWindow: () => keeper.show(), quit: () => app.quit() });
  app.on('second-instance', () => keeper.show());
  app.on('activate', () => keeper.show());
});
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => void engine.close());
