/**
 * Persistent app settings in a JSON file (written to a temp file and renamed, so a crash never leaves
 * half a file). A missing or unreadable file means defaults; the CLI runs without a file.
 */
import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { storedSettingsSchema, type StoredSettings } from '../../../shared/settings.ts';

/** Reads and writes the settings file. */
export class SettingsStore {
  private current: StoredSettings;

  constructor(private readonly file?: string) {
    this.current = file ? load(file) : {};
  }

  /** The settings now. */
  get(): StoredSettings {
    return { ...this.current };
  }

  /** Changes settings and saves them. */
  async update(change: Partial<StoredSettings>): Promise<StoredSettings> {
    const next: StoredSettings = { ...this.current, ...change };
    for (const key of Object.keys(next) as (keyof StoredSettings)[]) if (next[key] === undefined) delete next[key];
    this.current = storedSettingsSchema.parse(next);
    if (this.file) {
      await mkdir(dirname(this.file), { recursive: true });
      await writeFile(`${this.file}.tmp`, `${JSON.stringify(this.current, null, 2)}\n`);
      await rename(`${this.file}.tmp`, this.file);
    }
    return this.get();
  }
}

function load(file: string): StoredSettings {
  try {
    const parsed = storedSettingsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}
