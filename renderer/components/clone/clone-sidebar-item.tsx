/**
 * The sidebar's Clone item, between Backups and Settings: a running clone shows its progress from
 * anywhere ("2/5" devices done).
 */
import { Copy } from 'lucide-react';
import { useStore } from '../../store/index.ts';
import { cloneActive } from './clone-words.ts';

/** The Clone item in its own sidebar list. */
export function CloneSidebarItem() {
  const current = useStore((state) => state.destination.kind === 'clone');
  const navigate = useStore((state) => state.navigate);
  const badge = useStore((state) => {
    const clone = state.clone;
    return clone && cloneActive(clone) ? `${clone.counts.done}/${clone.tiles.length}` : undefined;
  });
  return (
    <ul className="sidebar-list sidebar-clone" aria-label="Clone">
      <li>
        <button
          type="button"
          className="sidebar-item"
          aria-current={current ? 'page' : undefined}
          aria-label={badge ? `Clone: ${badge} devices done` : undefined}
          onClick={() => navigate({ kind: 'clone' })}
        >
          <Copy size={16} aria-hidden="true" />
          <span className="sidebar-label">Clone</span>
          {badge && <span className="badge badge-busy">{badge}</span>}
        </button>
      </li>
    </ul>
  );
}
