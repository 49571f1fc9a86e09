/**
 * Files slice of the backup browser: the domains, the subfolders of the tree read so far, the listing of
 * the folder (or search) on show a page at a time, and the selected file with its details and preview.
 * Answers that arrive after the person moved on are dropped (each listing has its key).
 */
import type { StateCreator } from 'zustand';
import type { DomainItem, FileDetails, FilePreview, TreeItem } from '../../shared/browse.ts';
import type { ErrorPayload } from '../../shared/errors.ts';
import { invoke } from '../services/api.ts';
import type { Loaded } from './browser-slice.ts';
import { nodeKey, type SubfolderIndex } from './browser-paths.ts';
import type { StoreState } from './index.ts';
import { addPage, emptyPages, folderKey, NAME_ORDER, PAGE_SIZE, searchKey, type ListPages, type SortOrder } from './list-pages.ts';

/** Most search results shown (the engine's limit per call). */
export const SEARCH_LIMIT = 2000;

/** The Files part of the open backup. */
export interface FilesState {
  domains?: Loaded<DomainItem[]>;
  subfolders: SubfolderIndex;
  listing?: ListPages;
  listingError?: ErrorPayload;
  /** The search on show ('' = the folder's listing). */
  search: string;
  /** How the list is sorted (the engine sorts folders; search results are sorted here). */
  order: SortOrder;
  /** How many entries matched the search (more than are shown when over SEARCH_LIMIT). */
  searchMatches?: number;
  selected?: TreeItem;
  details?: Loaded<FileDetails>;
  preview?: Loaded<FilePreview>;
}

/** Nothing read yet. */
export function emptyFiles(): FilesState {
  return { subfolders: {}, search: '', order: NAME_ORDER };
}

/** State and actions of the files slice. */
export interface FilesSlice {
  files: FilesState;
  loadDomains(): Promise<void>;
  /** Reads the subfolders of a domain ('' path) or folder for the tree, once. */
  loadSubfolders(domain: string, path: string): Promise<void>;
  /** Lists a folder (from its first page) and clears the search and the selection. */
  showFolder(domain: string, path: string): void;
  /** Fetches pages of the listing on show (those already there or on their way are skipped). */
  loadPages(pages: readonly number[]): Promise<void>;
  /** Sorts the list (a folder's listing is read again in the new order, from its first page). */
  sortFiles(order: SortOrder): void;
  /** Searches the whole backup by name ('' goes back to the folder). */
  searchFiles(query: string): Promise<void>;
  /** Selects a row and reads its details and preview (files only). */
  selectFile(item: TreeItem | undefined): Promise<void>;
}

/** Creates the files slice. */
export const createFilesSlice: StateCreator<StoreState, [], [], FilesSlice> = (set, get) => {
  const inFlight = new Set<string>();
  const backupId = () => get().browser?.id;
  const updateFiles = (id: string, change: (files: FilesState) => Partial<FilesState>) =>
    set((state) => (state.browser?.id === id ? { files: { ...state.files, ...change(state.files) } } : {}));
  const folderOnShow = () => {
    const view = get().browser?.view;
    return view?.kind === 'files' ? view : undefined;
  };

  const fetchPage = async (id: string, key: string, page: number) => {
    const folder = folderOnShow();
    const flight = `${id}\0${key}\0${page}`;
    if (!folder || inFlight.has(flight)) return;
    inFlight.add(flight);
    try {
      const { order } = get().files;
      const result = await invoke('browse:list', { id, domain: folder.domain, relativePath: folder.path, offset: page * PAGE_SIZE, limit: PAGE_SIZE, order });
      updateFiles(id, (files) => {
        if (files.listing?.key !== key) return {};
        return result.ok ? { listing: addPage(files.listing, result.value) } : { listingError: result.error };
      });
    } finally {
      inFlight.delete(flight);
    }
  };

  return {
    files: emptyFiles(),
    async loadDomains() {
      const id = backupId();
      if (!id) return;
      const result = await invoke('browse:domains', { id });
      updateFiles(id, () => ({ domains: result.ok ? { value: result.value } : { error: result.error } }));
    },
    async loadSubfolders(domain, path) {
      const id = backupId();
      const key = nodeKey(domain, path);
      if (!id || get().files.subfolders[key] || inFlight.has(`tree\0${key}`)) return;
      inFlight.add(`tree\0${key}`);
      try {
        // Folders come first in a listing, so one large page holds them all but in extreme folders.
        const result = await invoke('browse:list', { id, domain, relativePath: path, limit: 2000 });
        const folders = result.ok ? result.value.items.filter((item) => item.kind === 'directory') : [];
        updateFiles(id, (files) => ({ subfolders: { ...files.subfolders, [key]: folders } }));
      } finally {
        inFlight.delete(`tree\0${key}`);
      }
    },
    showFolder(domain, path) {
      const id = backupId();
      if (!id) return;
      const key = folderKey(domain, path, get().files.order);
      updateFiles(id, () => ({ listing: emptyPages(key), listingError: undefined, search: '', searchMatches: undefined, selected: undefined, details: undefined, preview: undefined }));
      void fetchPage(id, key, 0);
    },
    async loadPages(pages) {
      const id = backupId();
      const key = get().files.listing?.key;
      if (!id || !key || get().files.search) return;
      await Promise.all(pages.map((page) => fetchPage(id, key, page)));
    },
    sortFiles(order) {
      const id = backupId();
      if (!id) return;
      updateFiles(id, () => ({ order }));
      const folder = folderOnShow();
      if (folder && !get().files.search) {
        const key = folderKey(folder.domain, folder.path, order);
        updateFiles(id, () => ({ listing: emptyPages(key), listingError: undefined }));
        void fetchPage(id, key, 0);
      }
    },
    async searchFiles(query) {
      const id = backupId();
      const folder = folderOnShow();
      if (!id) return;
      if (!query) {
        if (folder) get().showFolder(folder.domain, folder.path);
        return;
      }
      const key = searchKey(query);
      updateFiles(id, () => ({ listing: emptyPages(key), listingError: undefined, search: query, searchMatches: undefined, selected: undefined, details: undefined, preview: undefined }));
      const result = await invoke('browse:search', { id, query, limit: SEARCH_LIMIT });
      updateFiles(id, (files) => {
        if (files.listing?.key !== key) return {};
        if (!result.ok) return { listingError: result.error };
        const { items, total } = result.value;
        return { listing: addPage(files.listing, { total: items.length, offset: 0, items }), searchMatches: total };
      });
    },
    async selectFile(item) {
      const id = backupId();
      if (!id) return;
      updateFiles(id, () => ({ selected: item, details: undefined, preview: undefined }));
      if (!item?.fileID || item.kind === 'directory') return;
      const same = (files: FilesState) => files.selected?.fileID === item.fileID;
      const [details, preview] = [invoke('browse:details', { id, fileID: item.fileID }), invoke('browse:preview', { id, fileID: item.fileID })];
      const detailsResult = await details;
      updateFiles(id, (files) => (same(files) ? { details: detailsResult.ok ? { value: detailsResult.value } : { error: detailsResult.error } } : {}));
      const previewResult = await preview;
      updateFiles(id, (files) => (same(files) ? { preview: previewResult.ok ? { value: previewResult.value } : { error: previewResult.error } } : {}));
    },
  };
};
