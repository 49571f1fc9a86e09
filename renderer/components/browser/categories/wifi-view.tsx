/**
 * Wi-Fi: the networks the device knows (only encrypted backups hold them), with their passwords revealed
 * one at a time.
 */
import type { WifiData } from '../../../../shared/categories.ts';
import { formatDate } from '../../device/format.ts';
import { SecretCell, useReveal } from './secret-reveal.tsx';

const ADDED_BY = { user: 'Joined by hand', profile: 'From a profile', other: '' } as const;

/** The Wi-Fi category. */
export function WifiView({ data }: { data: WifiData }) {
  const reveal = useReveal();
  if (data.networks.length === 0) return <p className="muted">No Wi-Fi networks.</p>;
  return (
    <table className="data-table">
      <thead>
        <tr>
          <th scope="col">Network</th>
          <th scope="col">Security</th>
          <th scope="col">Last joined</th>
          <th scope="col">Added</th>
          <th scope="col">Password</th>
        </tr>
      </thead>
      <tbody>
        {data.networks.map((network) => (
          <tr key={network.ssid}>
            <td>
              {network.ssid}
              {network.hidden && <span className="muted"> · hidden</span>}
            </td>
            <td>{network.security ?? '—'}</td>
            <td className="nowrap">{network.lastJoined ? formatDate(network.lastJoined) : '—'}</td>
            <td>{network.addedBy ? ADDED_BY[network.addedBy] || '—' : '—'}</td>
            <td>{network.passwordId ? <SecretCell id={network.passwordId} name={network.ssid} reveal={reveal} /> : <span className="muted">{network.security === 'Open' ? 'None' : 'Not in the keychain'}</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
