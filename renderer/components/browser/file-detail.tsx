/**
 * The panel beside the file list: what the manifest says of the selected file (size, dates, protection
 * class, owner, mode) and its preview; for a folder, what it holds and Open.
 */
import { File, Folder, LoaderCircle } from 'lucide-react';
import type { FileDetails, TreeItem } from '../../../shared/browse.ts';
import { formatBytes } from '../../../shared/format.ts';
import { useStore } from '../../store/index.ts';
import { ErrorNotice } from '../device/error-notice.tsx';
import { FactList } from '../device/fact-list.tsx';
import { formatDate } from '../device/format.ts';
import { countWords, isoFromUnix, modeWords, protectionWords } from './browser-words.ts';
import { FilePreviewView } from './file-preview.tsx';
import './preview.css';

const unixDate = (seconds: number | undefined) => (seconds ? formatDate(isoFromUnix(seconds)) : undefined);

/** The detail and preview panel. */
export function FileDetail() {
  const selected = useStore((state) => state.files.selected);
  const details = useStore((state) => state.files.details);
  const preview = useStore((state) => state.files.preview);
  const showView = useStore((state) => state.showBrowserView);
  if (!selected) {
    return (
      <aside className="file-detail file-detail-empty" aria-label="Details">
        <p className="muted">Select a file to see its details and a preview.</p>
      </aside>
    );
  }
  const folder = selected.kind === 'directory';
  const Icon = folder ? Folder : File;
  return (
    <aside className="file-detail" aria-label={`Details of ${selected.name}`}>
      <h3 className="file-detail-name">
        <Icon size={16} aria-hidden="true" /> {selected.name}
      </h3>
      <p className="file-detail-path">
        {selected.domain}/{selected.relativePath}
      </p>
      {folder ? (
        <FolderFacts item={selected} onOpen={() => showView({ kind: 'files', domain: selected.domain, path: selected.relativePath })} />
      ) : details?.error ? (
        <ErrorNotice error={details.error} />
      ) : details ? (
        <FactList facts={fileFacts(details.value)} />
      ) : (
        <Reading />
      )}
      {!folder && (
        <div className="file-preview">
          <h4 className="file-preview-title">Preview</h4>
          {preview?.error ? <ErrorNotice error={preview.error} /> : preview ? <FilePreviewView preview={preview.value} name={selected.name} /> : <Reading />}
        </div>
      )}
    </aside>
  );
}

function Reading() {
  return (
    <p className="muted" role="status">
      <LoaderCircle size={13} className="spinner" aria-hidden="true" /> Reading…
    </p>
  );
}

function FolderFacts({ item, onOpen }: { item: TreeItem; onOpen(): void }) {
  return (
    <>
      <FactList facts={[{ label: 'Kind', value: 'Folder' }, { label: 'Holds', value: countWords(item.children ?? 0, 'item') }]} />
      <button type="button" className="button" onClick={onOpen}>
        Open
      </button>
    </>
  );
}

function fileFacts(details: FileDetails) {
  return [
    { label: 'Kind', value: details.kind === 'symlink' ? 'Symbolic link' : 'File' },
    { label: 'Size', value: details.size === undefined ? undefined : details.size < 1000 ? formatBytes(details.size) : `${formatBytes(details.size)} (${details.size.toLocaleString()} bytes)` },
    { label: 'Modified', value: unixDate(details.lastModified) },
    { label: 'Created', value: unixDate(details.birth) },
    { label: 'Protection', value: protectionWords(details.protectionClass) },
    { label: 'Permissions', value: modeWords(details.mode) },
    { label: 'Owner', value: details.userId !== undefined ? `${details.userId === 501 ? 'mobile' : details.userId}${details.groupId !== undefined ? ` : ${details.groupId === 501 ? 'mobile' : details.groupId}` : ''}` : undefined },
    { label: 'Points to', value: details.target },
    { label: 'File ID', value: details.fileID ? <code className="file-id">{details.fileID}</code> : undefined },
  ];
}
