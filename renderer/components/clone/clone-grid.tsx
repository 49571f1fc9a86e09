/**
 * The clone's devices as a Configurator-style grid, one tile per device.
 */
import type { CloneStatus } from '../../../shared/restore.ts';
import { CloneTile } from './clone-tile.tsx';
import './clone-grid.css';

/** The tiles of a clone. */
export function CloneGrid({ status }: { status: CloneStatus }) {
  if (status.tiles.length === 0) {
    return <p className="clone-empty muted">{status.watching ? 'Waiting for devices… Connect an iPhone or iPad and it joins the clone.' : 'No devices in this clone.'}</p>;
  }
  return (
    <ul className="clone-grid" aria-label="Devices">
      {status.tiles.map((tile) => (
        <CloneTile key={tile.udid} tile={tile} tiles={status.tiles} />
      ))}
    </ul>
  );
}
