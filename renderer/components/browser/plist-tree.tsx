/**
 * A property list as an unfoldable tree: dictionaries and arrays are disclosures (keyboard and screen
 * readers know them), values show with their type. A folded branch draws nothing inside it, and long
 * containers show their first items only, so a huge plist stays light.
 */
import { useState } from 'react';
import type { PlistNode } from '../../../shared/browse.ts';

/** Children drawn per container; the rest is counted. */
const SHOWN_CHILDREN = 500;

const TYPE_NAMES: Record<PlistNode['type'], string> = {
  dict: 'Dictionary',
  array: 'Array',
  string: 'String',
  number: 'Number',
  boolean: 'Boolean',
  date: 'Date',
  data: 'Data',
  null: 'Null',
};

/** The whole plist, its top level unfolded. */
export function PlistTree({ value }: { value: PlistNode }) {
  return (
    <div className="plist-tree" role="group" aria-label="Property list">
      <PlistEntry name="Root" node={value} open />
    </div>
  );
}

function children(node: PlistNode): [string, PlistNode][] {
  if (node.type === 'dict') return node.entries;
  if (node.type === 'array') return node.items.map((item, index) => [`Item ${index}`, item]);
  return [];
}

function PlistEntry({ name, node, open = false }: { name: string; node: PlistNode; open?: boolean }) {
  const [unfolded, setUnfolded] = useState(open);
  if (node.type !== 'dict' && node.type !== 'array') {
    return (
      <div className="plist-leaf">
        <span className="plist-key">{name}</span>
        <span className="plist-type">{TYPE_NAMES[node.type]}</span>
        <span className={`plist-value plist-${node.type}`}>{node.text}</span>
      </div>
    );
  }
  const entries = children(node);
  return (
    <details className="plist-branch" open={open} onToggle={(event) => setUnfolded(event.currentTarget.open)}>
      <summary>
        <span className="plist-key">{name}</span>
        <span className="plist-type">
          {TYPE_NAMES[node.type]} · {entries.length.toLocaleString()} {entries.length === 1 ? 'item' : 'items'}
        </span>
      </summary>
      {unfolded && (
        <div className="plist-children">
          {entries.slice(0, SHOWN_CHILDREN).map(([key, child], index) => (
          <PlistEntry key={`${index}:${key}`} name={key} node={child} />
          ))}
          {entries.length > SHOWN_CHILDREN && <p className="muted">…and {(entries.length - SHOWN_CHILDREN).toLocaleString()} more</p>}
        </div>
      )}
    </details>
  );
}
