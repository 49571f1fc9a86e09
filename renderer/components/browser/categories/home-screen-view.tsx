/**
 * Home Screen: each page drawn as a screen of app icons (four across, widgets spanning), folders as
 * a mini-grid that opens to show its apps, and the dock below.
 */
import { useState } from 'react';
import type { HomeScreenData, HomeScreenIcon } from '../../../../shared/categories.ts';
import { countWords, hueOf } from '../browser-words.ts';

/** Grid cells a widget covers, by its size name. */
const WIDGET_SPANS: Record<string, { columns: number; rows: number }> = {
  small: { columns: 2, rows: 2 },
  medium: { columns: 4, rows: 2 },
  large: { columns: 4, rows: 4 },
  'extra-large': { columns: 4, rows: 4 },
};

/** The Home Screen category. */
export function HomeScreenView({ data }: { data: HomeScreenData }) {
  const [folder, setFolder] = useState<Extract<HomeScreenIcon, { type: 'folder' }>>();
  if (data.pages.length === 0 && data.dock.length === 0) return <p className="muted">This backup holds no Home Screen layout.</p>;
  return (
    <div className="home-screen">
      <div className="home-pages">
        {data.pages.map((page, index) => (
          <section key={index} className="home-page" aria-label={`Page ${index + 1} of ${data.pages.length}`}>
            <ul className="home-grid">
              {page.map((icon, at) => (
                <IconTile key={at} icon={icon} onOpenFolder={setFolder} open={folder !== undefined && icon === folder} />
              ))}
            </ul>
            <p className="home-page-number muted" aria-hidden="true">
              {index + 1}
            </p>
          </section>
        ))}
      </div>
      {data.dock.length > 0 && (
        <section className="home-dock" aria-label="Dock">
          <ul className="home-grid home-dock-grid">
            {data.dock.map((icon, at) => (
              <IconTile key={at} icon={icon} onOpenFolder={setFolder} open={folder !== undefined && icon === folder} />
            ))}
          </ul>
        </section>
      )}
      {folder && (
        <section className="home-folder" aria-label={`Folder ${folder.name}`}>
          <h3 className="list-heading">
            {folder.name} <span className="muted">{countWords(folder.pages.flat().length, 'app')}</span>
          </h3>
          <ul className="home-grid">
            {folder.pages.flat().map((app, at) => (
              <IconTile key={at} icon={app} onOpenFolder={setFolder} open={false} />
            ))}
          </ul>
          <button type="button" className="button small" onClick={() => setFolder(undefined)}>
            Close Folder
          </button>
        </section>
      )}
    </div>
  );
}

function IconTile({ icon, open, onOpenFolder }: { icon: HomeScreenIcon; open: boolean; onOpenFolder(folder: Extract<HomeScreenIcon, { type: 'folder' }>): void }) {
  if (icon.type === 'widget') {
    const span = WIDGET_SPANS[icon.size ?? 'small'] ?? WIDGET_SPANS.small!;
    return (
      <li className="home-widget" style={{ gridColumn: `span ${span.columns}`, gridRow: `span ${span.rows}` }}>
        <span className="home-widget-face" style={{ backgroundColor: `hsl(${hueOf(icon.name)} 35% 55%)` }} />
        <span className="home-name">{icon.name} widget</span>
      </li>
    );
  }
  if (icon.type === 'folder') {
    const apps = icon.pages.flat();
    return (
      <li className="home-icon">
        <button type="button" className="home-folder-face" aria-expanded={open} aria-label={`Folder ${icon.name}, ${countWords(apps.length, 'app')}`} onClick={() => onOpenFolder(icon)}>
          {apps.slice(0, 9).map((app, at) => (
            <span key={at} className="home-mini" style={{ backgroundColor: `hsl(${hueOf(app.bundleId)} 55% 55%)` }} />
          ))}
        </button>
        <span className="home-name" aria-hidden="true">
          {icon.name}
        </span>
      </li>
    );
  }
  return (
    <li className="home-icon" title={icon.bundleId}>
      <span className="home-app-face" aria-hidden="true" style={{ backgroundColor: `hsl(${hueOf(icon.bundleId)} 50% 32%)` }}>
        {[...icon.name][0] ?? '?'}
      </span>
      <span className="home-name">{icon.name}</span>
    </li>
  );
}
