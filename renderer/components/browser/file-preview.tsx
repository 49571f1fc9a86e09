/**
 * A file's preview, chosen by the engine from its content: an image, a plist as an unfoldable tree, an
 * SQLite database as a tab per table with its first rows, text, or a hex dump.
 */
import type { FilePreview } from '../../../shared/browse.ts';
import { Tabs } from '../tabs.tsx';
import { countWords } from './browser-words.ts';
import { PlistTree } from './plist-tree.tsx';

/** Props of {@link FilePreviewView}. */
export interface FilePreviewViewProps {
  preview: FilePreview;
  /** The file's name, for the image's text alternative. */
  name: string;
}

/** Draws a preview. */
export function FilePreviewView({ preview, name }: FilePreviewViewProps) {
  if ((preview.kind === 'text' && preview.text === '') || (preview.kind === 'hex' && preview.lines.length === 0)) return <p className="muted">This file is empty.</p>;
  switch (preview.kind) {
    case 'image':
      return <img className="preview-image" src={`data:${preview.mime};base64,${preview.base64}`} alt={name} />;
    case 'plist':
      return <PlistTree value={preview.value} />;
    case 'sqlite':
      return <SqlitePreview tables={preview.tables} />;
    case 'text':
      return (
        <>
          <pre className="preview-text" tabIndex={0}>{preview.text}</pre>
          {preview.truncated && <p className="muted">Only the beginning is shown. Export the file to read all of it.</p>}
        </>
      );
    case 'hex':
      return (
        <>
          <pre className="preview-text preview-hex" tabIndex={0} aria-label="Hex dump">{preview.lines.join('\n')}</pre>
          {preview.truncated && <p className="muted">Only the first bytes are shown.</p>}
        </>
      );
  }
}

type Table = Extract<FilePreview, { kind: 'sqlite' }>['tables'][number];

function SqlitePreview({ tables }: { tables: Table[] }) {
  if (tables.length === 0) return <p className="muted">This database has no tables.</p>;
  return (
    <div className="sqlite-preview">
      <Tabs label="Tables" tabs={tables.map((table) => ({ id: table.name, label: table.name, render: () => <TableRows table={table} /> }))} />
    </div>
  );
}

function TableRows({ table }: { table: Table }) {
  return (
    <>
      <p className="muted sqlite-count">
        {countWords(table.rowCount, 'row')}
        {table.rowCount > table.rows.length && `, the first ${table.rows.length.toLocaleString()} shown`}
      </p>
      <div className="sqlite-scroll">
        <table className="sqlite-table">
          <thead>
            <tr>
              {table.columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, index) => (
              <tr key={index}>
                {row.map((cell, column) => (
                  <td key={column} className={cell === null ? 'sqlite-null' : undefined}>
                    {cell === null ? 'NULL' : String(cell)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
