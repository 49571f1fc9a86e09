/**
 * One photo or video of the camera roll: the original (photos the browser can show), when it was taken,
 * its size and dimensions, and Export of the original file; Previous and Next (and the arrow keys) step
 * through the roll.
 */
import { ChevronLeft, ChevronRight, Download, LoaderCircle } from 'lucide-react';
import { useCallback, useEffect } from 'react';
import type { MediaItem } from '../../../../shared/categories.ts';
import { formatBytes } from '../../../../shared/format.ts';
import { useStore } from '../../../store/index.ts';
import { ErrorNotice } from '../../device/error-notice.tsx';
import { formatDate } from '../../device/format.ts';
import { ModalDialog } from '../../modal-dialog.tsx';
import { durationWords } from '../browser-words.ts';
import { useResult } from '../use-result.ts';

/** Props of {@link PhotoDialog}: the item, where it is in the roll, and how to step to its neighbours. */
export interface PhotoDialogProps {
  item: MediaItem;
  /** 1-based place in the roll, and the roll's length. */
  position: number;
  count: number;
  onStep(by: -1 | 1): void;
  onClose(): void;
}

/** The photo sheet. */
export function PhotoDialog({ item, position, count, onStep, onClose }: PhotoDialogProps) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'ArrowLeft' && position > 1) onStep(-1);
      else if (event.key === 'ArrowRight' && position < count) onStep(1);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [position, count, onStep]);
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
    `${position.toLocaleString()} of ${count.toLocaleString()}`,
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
        <button type="button" className="button" aria-label="Previous" title="Previous (Left Arrow)" disabled={position <= 1} onClick={() => onStep(-1)}>
          <ChevronLeft size={14} aria-hidden="true" />
        </button>
        <button type="button" className="button" aria-label="Next" title="Next (Right Arrow)" disabled={position >= count} onClick={() => onStep(1)}>
          <ChevronRight size={14} aria-hidden="true" />
        </button>
        <button
          type="button"
          className="button photo-export"
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
