/**
 * Electron's main process: wires the engine, IPC, security policy and the window. Nothing else.
 */
import { app, BrowserWindow, dialog, safeStorage, shell } from 'electron';
import { join } from 'node:path';
import { createEngine } from '../engine/api/handlers.ts';
import { showBackupFeedback } from './backup-feedback.ts';
import { registerIpc } from './ipc.ts';
import { applySecurityPolicy } from './security.ts';
import { createMainWindow } from './window.ts';

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
});

if (!app.requestSingleInstanceLock()) app.quit();

app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());

void app.whenReady().then(() => {
  applySecurityPolicy();
  const open = () => {
    const window = createMainWindow();
    const unregister = registerIpc(engine, window);
    window.on('closed', unregister);
    window.on('closed', showBackupFeedback(engine, window));
  };
  open();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => void engine.close());
