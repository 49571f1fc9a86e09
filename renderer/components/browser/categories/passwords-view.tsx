/**
 * Passwords: the keychain items of an unlocked encrypted backup, without their secrets; Reveal shows one
 * at a time. Items bound to the device that made the backup cannot be read here, and say so.
 */
import { AppWindow, CircleUser, Globe, Wifi } from 'lucide-react';
import type { PasswordKind, PasswordsData } from '../../../../shared/categories.ts';
import { countWords } from '../browser-words.ts';
import { SecretCell, useReveal } from './secret-reveal.tsx';

const KIND_ICONS: Record<PasswordKind, typeof Globe> = { website: Globe, wifi: Wifi, app: AppWindow, account: CircleUser };
const KIND_WORDS: Record<PasswordKind, string> = { website: 'Website', wifi: 'Wi-Fi', app: 'App', account: 'Account' };

/** The Passwords category. */
export function PasswordsView({ data }: { data: PasswordsData }) {
  const reveal = useReveal();
  return (
    <>
      {data.deviceOnlyCount > 0 && (
        <p className="view-note">
          {countWords(data.deviceOnlyCount, 'more item')} {data.deviceOnlyCount === 1 ? 'is' : 'are'} bound to the device that made this backup (“this device only”): their key never leaves it, so they cannot be read here and do not restore onto another device.
        </p>
      )}
      {data.items.length === 0 ? (
        <p className="muted">No passwords.</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Where</th>
              <th scope="col">Account</th>
              <th scope="col">Modified</th>
              <th scope="col">Password</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((item) => {
              const Icon = KIND_ICONS[item.kind];
              const name = [item.account, item.where].filter(Boolean).join(' at ');
              return (
                <tr key={item.id}>
                  <td className="wrap-anywhere" title={[item.label, item.accessGroup].filter(Boolean).join('\n')}>
                    <Icon size={13} aria-label={KIND_WORDS[item.kind]} className="cell-icon" /> {item.where}
                  </td>
                  <td className="wrap-anywhere">{item.account ?? '—'}</td>
                  <td className="nowrap">{item.modified ? new Date(item.modified).toLocaleDateString(undefined, { dateStyle: 'medium' }) : '—'}</td>
                  <td>
                    <SecretCell id={item.id} name={name} reveal={reveal} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
