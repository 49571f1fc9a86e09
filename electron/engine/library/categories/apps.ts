/**
 * Apps: those Manifest.plist's Applications lists and those whose data the backup holds (AppDomain-<id>),
 * with the size of their data: the app's container, its extensions (AppDomainPlugin-<id>.…) and its app
 * groups (AppDomainGroup-group.<id>…). Backups never hold the apps themselves (PROTOCOLS.md §6).
 */
import type { AppInfo, CategoryResult } from '../../../../shared/categories.ts';
import type { BackupContents, BackupEntry } from '../backup-reader.ts';
import { loadAppNames } from './app-names.ts';
import { isDict, settle } from './source.ts';

const APP_DOMAIN = 'AppDomain-';
const PLUGIN_DOMAIN = 'AppDomainPlugin-';
const GROUP_DOMAIN = 'AppDomainGroup-';

/** Bundle ids of the apps a backup knows, from Manifest.plist and the app domains present. */
export function appBundleIds(contents: BackupContents): string[] {
  const ids = new Set(isDict(contents.manifestPlist.Applications) ? Object.keys(contents.manifestPlist.Applications) : []);
  for (const domain of contents.domains().keys()) {
    if (domain.startsWith(APP_DOMAIN)) ids.add(domain.slice(APP_DOMAIN.length));
  }
  return [...ids];
}

/** Reads the apps, by name; `sizes: false` skips the data sizes (the summary needs only the count). */
export function readApps(contents: BackupContents, options: { sizes?: boolean } = {}): Promise<CategoryResult<'apps'>> {
  return settle('apps', () => ({ apps: [] }), async () => {
    const ids = appBundleIds(contents);
    const names = await loadAppNames(contents);
    const totals = options.sizes === false ? new Map<string, { bytes: number; files: number }>() : dataTotals(contents, ids);
    const apps = ids.map((bundleId): AppInfo => {
      const app: AppInfo = { bundleId, name: names.nameOf(bundleId), dataSize: totals.get(bundleId)?.bytes ?? 0, fileCount: totals.get(bundleId)?.files ?? 0 };
      const version = names.versionOf(bundleId);
      if (version) app.version = version;
      return app;
    });
    return { apps: apps.sort((a, b) => a.name.localeCompare(b.name) || a.bundleId.localeCompare(b.bundleId)) };
  });
}

/** Bytes and files of app data per bundle id (sizes are the manifest's, a hint only for live databases). */
function dataTotals(contents: BackupContents, ids: string[]): Map<string, { bytes: number; files: number }> {
  const totals = new Map<string, { bytes: number; files: number }>();
  // Longest ids first, so an extension of "com.example.app.pro" is not given to "com.example.app".
  const byLength = [...ids].sort((a, b) => b.length - a.length);
  const owners = new Map<string, string | undefined>();
  for (const entry of contents.entries()) {
    if (entry.kind !== 'file') continue;
    let owner = owners.get(entry.domain);
    if (!owners.has(entry.domain)) {
      owner = ownerOf(entry, byLength);
      owners.set(entry.domain, owner);
    }
    if (owner === undefined) continue;
    const total = totals.get(owner) ?? { bytes: 0, files: 0 };
    total.bytes += contents.details(entry).size;
    total.files += 1;
    totals.set(owner, total);
  }
  return totals;
}

function ownerOf(entry: BackupEntry, idsLongestFirst: string[]): string | undefined {
  const domain = entry.domain;
  if (domain.startsWith(APP_DOMAIN)) return domain.slice(APP_DOMAIN.length);
  if (domain.startsWith(PLUGIN_DOMAIN)) {
    const plugin = domain.slice(PLUGIN_DOMAIN.length);
    return idsLongestFirst.find((id) => plugin.startsWith(`${id}.`));
  }
  if (domain.startsWith(GROUP_DOMAIN)) {
    const group = domain.slice(GROUP_DOMAIN.length).replace(/^group\./, '');
    return idsLongestFirst.find((id) => group === id || group.startsWith(`${id}.`));
  }
  return undefined;
}
