/**
 * Where backups live by default: the standard MobileSync folder on macOS and Windows (shared with Finder
 * and iTunes), and ~/.local/share/cradle/backups on Linux. CRADLE_BACKUP_DIR overrides it.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The default backup folder for this OS. */
export function defaultBackupFolder(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.CRADLE_BACKUP_DIR) return env.CRADLE_BACKUP_DIR;
  const home = env.HOME ?? homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'MobileSync', 'Backup');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Apple Computer', 'MobileSync', 'Backup');
  return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'cradle', 'backups');
}
