/**
 * Accounts and Apps: the accounts signed in (the Apple Account first, the services under it indented),
 * and the apps whose data the backup holds, largest first.
 */
import type { AccountInfo, AccountsData, AppsData } from '../../../../shared/categories.ts';
import { formatBytes } from '../../../../shared/format.ts';
import { formatDate } from '../../device/format.ts';
import { countWords } from '../browser-words.ts';

/** The Accounts category. */
export function AccountsView({ data }: { data: AccountsData }) {
  const top = data.accounts.filter((account) => account.parentId === undefined);
  const childrenOf = (account: AccountInfo) => data.accounts.filter((child) => child.parentId === account.id);
  if (data.accounts.length === 0) return <p className="muted">No accounts are signed in.</p>;
  return (
    <>
      <p className="view-lead">{data.appleAccount ? `Apple Account: ${data.appleAccount}` : 'No Apple Account is signed in.'}</p>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">User name</th>
            <th scope="col">Turned on</th>
            <th scope="col">Added</th>
          </tr>
        </thead>
        <tbody>
          {top.flatMap((account) => [account, ...childrenOf(account)]).map((account) => (
            <tr key={account.id} className={account.parentId !== undefined ? 'row-child' : undefined}>
              <td title={account.type}>{account.description && account.description !== account.typeName ? `${account.typeName} (${account.description})` : account.typeName}</td>
              <td>{account.username ?? '—'}</td>
              <td>{account.services.join(', ') || '—'}</td>
              <td className="nowrap">{account.created ? formatDate(account.created) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** The Apps category. */
export function AppsView({ data }: { data: AppsData }) {
  const apps = [...data.apps].sort((a, b) => b.dataSize - a.dataSize);
  if (apps.length === 0) return <p className="muted">This backup holds no app data.</p>;
  return (
    <table className="data-table">
      <thead>
        <tr>
          <th scope="col">App</th>
          <th scope="col">Bundle ID</th>
          <th scope="col">Version</th>
          <th scope="col" className="numeric">
            Data in the backup
          </th>
        </tr>
      </thead>
      <tbody>
        {apps.map((app) => (
          <tr key={app.bundleId}>
            <td>{app.name}</td>
            <td className="muted">{app.bundleId}</td>
            <td>{app.version ?? '—'}</td>
            <td className="numeric">
              {formatBytes(app.dataSize)} <span className="muted">in {countWords(app.fileCount, 'file')}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
