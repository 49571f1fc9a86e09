/**
 * One photo or video of the camera roll: the original (photos the browser can show), when it was taken,
 * its size and dimensions, and Export of the original file.
 */
import { Download, LoaderCircle } from 'lucide-react';
import { useCallback } from 'react';
import type { MediaItem } from '../../../../shared/categories.ts';
import { formatBytes } from '../../../../shared/format.ts';
import { useStore } from '../../../store/index.ts';
import { ErrorNotice } from '../../device/error-notice.tsx';
import { formatDate } from '../../device/format.ts';
import { ModalDialog } from '../../modal-dialog.tsx';
import { durationWords } from '../browser-words.ts';
import { useResult } from '../use-result.ts';

/** The photo sheet. */
export function PhotoDialog({ item, onClose }: { item: MediaItem; onClose(): void }) {
  const previewFile = useStore((state) => state.previewFile);
  const exportFiles = useStore((state) => state.exportFiles);
  const canExport = useStore((state) => state.settings?.canChooseFolder !== false);
  // Videos and other files are not previewed: their originals can be large and the browser cannot show them.
  const loadOriginal = useCallback(() => previewFile(item.id), [previewFile, item.id]);
  const loaded = useResult(item.kind === 'photo' ? loadOriginal : undefined);
  const preview = loaded?.value;
  const error = loaded?.error;

  const facts = [
    item.date && formatDate(item.date),
    item.width && item.height && `${item.width} × ${item.height}`,
    item.durationSeconds !== undefined && durationWords(item.durationSeconds),
    formatBytes(item.size),
  ].filter(Boolean);
  return (
    <ModalDialog title={item.fileName} description={<p>{facts.join(' · ')}</p>} onClose={onClose} className="modal-photo">
      <div className="photo-original">
        {preview?.kind === 'image' ? (
          <img src={`data:${preview.mime};base64,${preview.base64}`} alt={item.fileName} />
        ) : error ? (
          <ErrorNotice error={error} />
        ) : item.kind === 'photo' && !preview ? (
          <p className="muted" role="status">
            <LoaderCircle size={14} className="spinner" aria-hidden="true" /> Reading the original…
          </p>
        ) : (
          <p className="muted">This {item.kind === 'video' ? 'video' : 'file'} cannot be shown here. Export it to open it in another app.</p>
        )}
      </div>
      <div className="modal-actions">
        <button
          type="button"
          className="button"
          disabled={!canExport}
          onClick={() => {
            void exportFiles([item], `Exporting ${item.fileName}`);
            onClose();
          }}
        >
          <Download size={13} aria-hidden="true" /> Export Original…
        </button>
        <button type="button" className="button primary" onClick={onClose}>
          Done
        </button>
      </div>
    </ModalDialog>
  );
}
