/**
 * Photos and videos: a grid of thumbnails, only the rows in view drawn and their thumbnails read as they
 * appear; a click opens the original (photos) with its details and Export.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { Film, Heart, ImageOff } from 'lucide-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { MediaItem, PhotosData } from '../../../../shared/categories.ts';
import type { ThumbnailImage } from '../../../store/browser-slice.ts';
import { useStore } from '../../../store/index.ts';
import { formatDate } from '../../device/format.ts';
import { durationWords } from '../browser-words.ts';
import { PhotoDialog } from './photo-dialog.tsx';

const TILE = 112;
const GAP = 6;

/** The Photos category. */
export function PhotosView({ data }: { data: PhotosData }) {
  const scroller = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  /** The item shown in the sheet, by its place in the roll. */
  const [open, setOpen] = useState<number>();
  const step = useCallback((by: -1 | 1) => setOpen((index) => (index === undefined ? index : Math.min(data.items.length - 1, Math.max(0, index + by)))), [data.items.length]);
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(entry?.contentRect.width ?? 0));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const columns = Math.max(1, Math.floor((width + GAP) / (TILE + GAP)));
  const rowCount = Math.ceil(data.items.length / columns);
  // The app is not built with the React Compiler, so nothing memoizes this component behind the virtualizer's back.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: rowCount, getScrollElement: () => scroller.current, estimateSize: () => TILE + GAP, overscan: 3 });

  if (data.items.length === 0) return <p className="muted">No photos or videos in this backup.</p>;
  return (
    <div ref={scroller} className="photo-scroll">
      <ul className="photo-space" aria-label="Photos and videos" style={{ height: virtualizer.getTotalSize() }}>
        {width > 0 &&
          virtualizer.getVirtualItems().flatMap((row) =>
            data.items.slice(row.index * columns, row.index * columns + columns).map((item, column) => (
              <li key={item.id} className="photo-tile" style={{ width: TILE, height: TILE, transform: `translate(${column * (TILE + GAP)}px, ${row.start}px)` }}>
                <button type="button" className="photo-button" aria-label={`${item.fileName}${item.date ? `, ${formatDate(item.date)}` : ''}`} onClick={() => setOpen(row.index * columns + column)}>
                  <Thumbnail item={item} />
                </button>
              </li>
            )),
          )}
      </ul>
      {open !== undefined && data.items[open] && (
        <PhotoDialog item={data.items[open]} position={open + 1} count={data.items.length} onStep={step} onClose={() => setOpen(undefined)} />
      )}
    </div>
  );
}

/** A tile's picture, read when the tile first shows. */
function Thumbnail({ item }: { item: MediaItem }) {
  const thumbnail = useStore((state) => state.thumbnail);
  const [image, setImage] = useState<ThumbnailImage | null>();
  useEffect(() => {
    let live = true;
    void thumbnail(item.id).then((result) => {
      if (live) setImage(result);
    });
    return () => {
      live = false;
    };
  }, [thumbnail, item.id]);
  return (
    <>
      {image ? (
        <img className="photo-thumb" src={`data:${image.mime};base64,${image.base64}`} alt="" />
      ) : (
        <span className={image === null ? 'photo-none' : 'photo-none photo-loading'}>{image === null && (item.kind === 'video' ? <Film size={22} aria-hidden="true" /> : <ImageOff size={22} aria-hidden="true" />)}</span>
      )}
      {item.kind === 'video' && <span className="photo-badge">{item.durationSeconds !== undefined ? durationWords(item.durationSeconds) : 'Video'}</span>}
      {item.favorite && <Heart size={12} aria-label="Favorite" className="photo-favorite" />}
    </>
  );
}
