/**
 * Home Screen layout from HomeDomain Library/SpringBoard/IconState.plist: `buttonBar` (the dock) and
 * `iconLists` (pages), whose items are bundle ids, folders (dictionaries with `displayName` and their own
 * `iconLists` pages) or, since iOS 14, widgets (dictionaries with a `gridSize` or `elements`).
 */
import type { CategoryResult, HomeScreenApp, HomeScreenIcon } from '../../../../shared/categories.ts';
import type { BackupContents } from '../backup-reader.ts';
import { loadAppNames, type AppNames } from './app-names.ts';
import { isDict, loadPlist, settle, type SourceFile } from './source.ts';
import { text } from './values.ts';

/** Where the Home Screen layout is. */
export const ICON_STATE: SourceFile = { domain: 'HomeDomain', relativePath: 'Library/SpringBoard/IconState.plist', what: 'the Home Screen layout' };

/** Reads the dock and the pages of icons, with app names. */
export function readHomeScreen(contents: BackupContents): Promise<CategoryResult<'home-screen'>> {
  return settle('home-screen', () => ({ dock: [], pages: [] }), async () => {
    const state = await loadPlist(contents, ICON_STATE);
    const names = await loadAppNames(contents);
    const dock = listOf(state.buttonBar).flatMap((item) => iconsOf(item, names));
    const pages = listOf(state.iconLists).map((page) => listOf(page).flatMap((item) => iconsOf(item, names))).filter((page) => page.length > 0);
    return { dock, pages };
  });
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function iconsOf(item: unknown, names: AppNames): HomeScreenIcon[] {
  if (typeof item === 'string') return [{ type: 'app', bundleId: item, name: names.nameOf(item) }];
  if (!isDict(item)) return [];
  if (item.listType === 'folder' || Array.isArray(item.iconLists)) {
    const pages = listOf(item.iconLists)
      .map((page) => listOf(page).flatMap((inner) => iconsOf(inner, names)).filter((icon): icon is HomeScreenApp => icon.type === 'app'))
      .filter((page) => page.length > 0);
    return [{ type: 'folder', name: text(item.displayName) ?? 'Folder', pages }];
  }
  if (item.gridSize !== undefined || Array.isArray(item.elements) || item.iconType === 'custom') {
    const first = listOf(item.elements).find(isDict);
    const owner = text(item.containerBundleIdentifier) ?? (first ? text(first.containerBundleIdentifier) : undefined);
    const widget: HomeScreenIcon = { type: 'widget', name: owner ? `${names.nameOf(owner)} widget` : 'Widget' };
    const size = text(item.gridSize);
    if (size) widget.size = size;
    return [widget];
  }
  const bundleId = text(item.displayIdentifier) ?? text(item.bundleIdentifier);
  return bundleId ? [{ type: 'app', bundleId, name: names.nameOf(bundleId) }] : [];
}
