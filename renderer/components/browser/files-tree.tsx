/**
 * The Files tree of the browser's left column: domains under their headings (System, Apps…), each
 * unfolding into its folders, read as they unfold. A WAI-ARIA tree with one tab stop: ↑ ↓ move, → unfolds
 * or goes to the first child, ← folds or goes to the parent, Enter shows the folder on the right.
 */
import { ChevronRight, Folder, HardDrive, LoaderCircle } from 'lucide-react';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { breadcrumbs, groupDomains, nodeKey, treeRows, type TreeRow } from '../../store/browser-paths.ts';
import { useStore } from '../../store/index.ts';

/** The Files tree. */
export function FilesTree() {
  const domains = useStore((state) => state.files.domains);
  const subfolders = useStore((state) => state.files.subfolders);
  const view = useStore((state) => state.browser?.view);
  const loadSubfolders = useStore((state) => state.loadSubfolders);
  const showView = useStore((state) => state.showBrowserView);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set(['group:system']));
  const [focusKey, setFocusKey] = useState<string>();
  const tree = useRef<HTMLUListElement>(null);
  const groups = useMemo(() => groupDomains(domains?.value ?? []), [domains]);
  const rows = useMemo(() => treeRows(groups, expanded, subfolders), [groups, expanded, subfolders]);
  const currentKey = view?.kind === 'files' ? nodeKey(view.domain, view.path) : undefined;
  const currentGroup = view?.kind === 'files' ? groups.find((group) => group.domains.some((item) => item.domain === view.domain)) : undefined;

  // A folder opened from the list unfolds the tree down to it, so the tree always shows where the list is
  // (adjusted while rendering, as React advises for state that follows a prop); the folders are read below.
  const ancestors = useMemo(() => (view?.kind === 'files' ? breadcrumbs(view.domain, view.path).slice(0, -1) : []), [view]);
  const [unfoldedFor, setUnfoldedFor] = useState<{ view: typeof view; group?: string }>();
  if (currentGroup && (unfoldedFor?.view !== view || unfoldedFor?.group !== currentGroup.id)) {
    setUnfoldedFor({ view, group: currentGroup.id });
    const keys = [`group:${currentGroup.id}`, ...ancestors.map((crumb) => nodeKey(crumb.domain, crumb.path))];
    if (!keys.every((key) => expanded.has(key))) setExpanded(new Set([...expanded, ...keys]));
  }
  useEffect(() => {
    // The folder itself too: once read, a folder of files only shows no disclosure.
    if (view?.kind === 'files') void loadSubfolders(view.domain, view.path);
    for (const crumb of ancestors) void loadSubfolders(crumb.domain, crumb.path);
  }, [view, ancestors, loadSubfolders]);
  const tabStop = rows.find((row) => row.key === focusKey)?.key ?? rows.find((row) => row.key === currentKey)?.key ?? rows[0]?.key;

  if (domains?.error) return <p className="browser-side-note">{domains.error.message}</p>;
  if (!domains) return <p className="browser-side-note">Reading the files…</p>;

  const setOpen = (row: TreeRow, open: boolean) => {
    if (open && row.domain !== undefined && row.path !== undefined) void loadSubfolders(row.domain, row.path);
    setExpanded((current) => {
      const next = new Set(current);
      if (open) next.add(row.key);
      else next.delete(row.key);
      return next;
    });
  };
  const focus = (key: string | undefined) => {
    if (!key) return;
    setFocusKey(key);
    tree.current?.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`)?.focus();
  };
  const choose = (row: TreeRow) => {
    if (row.kind === 'group') return setOpen(row, !row.expanded);
    if (row.domain === undefined || row.path === undefined) return;
    showView({ kind: 'files', domain: row.domain, path: row.path });
    if (row.expandable && !row.expanded) setOpen(row, true);
  };

  const onKeyDown = (event: KeyboardEvent, row: TreeRow, index: number) => {
    switch (event.key) {
      case 'ArrowDown':
        focus(rows[index + 1]?.key);
        break;
      case 'ArrowUp':
        focus(rows[index - 1]?.key);
        break;
      case 'Home':
        focus(rows[0]?.key);
        break;
      case 'End':
        focus(rows.at(-1)?.key);
        break;
      case 'ArrowRight':
        if (row.expandable && !row.expanded) setOpen(row, true);
        else if (row.expanded) focus(rows[index + 1]?.key);
        break;
      case 'ArrowLeft':
        if (row.expanded) setOpen(row, false);
        else focus(row.parentKey);
        break;
      case 'Enter':
      case ' ':
        choose(row);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  return (
    <ul ref={tree} className="sidebar-list files-tree" role="tree" aria-label="Files">
      {rows.map((row, index) => {
        const Icon = row.kind === 'domain' ? HardDrive : Folder;
        const loading = row.expanded && row.kind !== 'group' && !subfolders[row.key];
        return (
          <li
            key={row.key}
            data-key={row.key}
            role="treeitem"
            aria-level={row.level}
            aria-expanded={row.expandable ? row.expanded : undefined}
            aria-selected={row.key === currentKey}
            aria-current={row.key === currentKey ? 'location' : undefined}
            tabIndex={row.key === tabStop ? 0 : -1}
            className={`sidebar-item tree-row tree-${row.kind}`}
            style={{ paddingLeft: 4 + Math.max(0, row.level - 1) * 12 }}
            title={row.kind === 'domain' ? row.domain : undefined}
            onKeyDown={(event) => onKeyDown(event, row, index)}
            onFocus={() => setFocusKey(row.key)}
            onClick={() => choose(row)}
          >
            <span
              className="tree-toggle"
              aria-hidden="true"
              onClick={(event) => {
                event.stopPropagation();
                if (row.expandable) setOpen(row, !row.expanded);
              }}
            >
              {row.expandable && <ChevronRight size={12} />}
            </span>
            {row.kind !== 'group' && <Icon size={13} aria-hidden="true" className="tree-icon" />}
            <span className="tree-label">{row.label}</span>
            {loading && <LoaderCircle size={12} className="spinner" aria-label="Reading" />}
          </li>
        );
      })}
    </ul>
  );
}
