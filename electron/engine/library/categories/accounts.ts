/**
 * Accounts from HomeDomain Library/Accounts/Accounts3.sqlite, the Core Data store of the Accounts
 * framework: ZACCOUNT (ZUSERNAME, ZACCOUNTDESCRIPTION, ZPARENTACCOUNT, ZDATE) typed by ZACCOUNTTYPE
 * (ZIDENTIFIER "com.apple.account.AppleAccount", "…Google", "…Exchange"…), with the services turned on in
 * the Z_<n>ENABLEDDATACLASSES join to ZDATACLASS. An AppleAccount row means the device is signed in.
 */
import type Database from 'better-sqlite3';
import type { AccountInfo, AccountKind, CategoryResult } from '../../../../shared/categories.ts';
import type { BackupContents } from '../backup-reader.ts';
import { columnsOf, requireTables, settle, tablesOf, withDatabase, type Row, type SourceFile } from './source.ts';
import { appleDate, setDefined, text } from './values.ts';

/** Where the accounts are. */
export const ACCOUNTS_DB: SourceFile = { domain: 'HomeDomain', relativePath: 'Library/Accounts/Accounts3.sqlite', what: 'the accounts database' };

/** Account type of the Apple Account (iCloud). */
export const APPLE_ACCOUNT_TYPE = 'com.apple.account.AppleAccount';

const MAIL_TYPES = /\.(Google|Exchange|IMAP|POP|Yahoo|AOL|Hotmail|IMAPMail|POPMail|SMTP|Outlook)$/i;
const CALENDAR_TYPES = /\.(CalDAV|HolidayCalendar|SubscribedCalendar)$/i;
const SERVICE_NAMES: Record<string, string> = {
  KeychainSync: 'Keychain', DeviceLocator: 'Find My', Backup: 'iCloud Backup', Bookmarks: 'Safari', MobileDocuments: 'iCloud Drive',
};

/** Reads every account, the Apple Account first. */
export function readAccounts(contents: BackupContents): Promise<CategoryResult<'accounts'>> {
  return settle('accounts', () => ({ accounts: [] }), () => withDatabase(contents, ACCOUNTS_DB, (db) => {
    requireTables(db, ACCOUNTS_DB.what, 'ZACCOUNT', 'ZACCOUNTTYPE');
    const columns = columnsOf(db, 'ZACCOUNT');
    const optional = (name: string) => (columns.has(name) ? `a.${name}` : 'NULL');
    const rows = db.prepare(`SELECT a.Z_PK AS id, t.ZIDENTIFIER AS type, t.ZACCOUNTTYPEDESCRIPTION AS typeName, ${optional('ZUSERNAME')} AS username,
      ${optional('ZACCOUNTDESCRIPTION')} AS description, ${optional('ZPARENTACCOUNT')} AS parent, ${optional('ZDATE')} AS created
      FROM ZACCOUNT a LEFT JOIN ZACCOUNTTYPE t ON t.Z_PK = a.ZACCOUNTTYPE ORDER BY a.Z_PK`).all() as Row[];
    const services = enabledServices(db);
    const accounts = rows.map((row): AccountInfo => {
      const type = text(row.type) ?? 'unknown';
      const account: AccountInfo = {
        id: Number(row.id), kind: kindOf(type), type, typeName: text(row.typeName) ?? type.split('.').pop() ?? type,
        services: services.get(Number(row.id)) ?? [],
      };
      return setDefined(account, {
        username: text(row.username), description: text(row.description), created: appleDate(row.created),
        parentId: row.parent === null || row.parent === undefined ? undefined : Number(row.parent),
      });
    });
    accounts.sort((a, b) => Number(b.kind === 'apple-account') - Number(a.kind === 'apple-account') || a.id - b.id);
    const apple = accounts.find((a) => a.kind === 'apple-account' && a.username);
    return { accounts, ...(apple?.username ? { appleAccount: apple.username } : {}) };
  }));
}

function kindOf(type: string): AccountKind {
  if (type === APPLE_ACCOUNT_TYPE) return 'apple-account';
  if (MAIL_TYPES.test(type)) return 'mail';
  return CALENDAR_TYPES.test(type) ? 'calendar' : 'other';
}

/** Services by account id, through the Core Data many-to-many table (its name carries entity numbers). */
function enabledServices(db: Database.Database): Map<number, string[]> {
  const result = new Map<number, string[]>();
  const tables = tablesOf(db);
  const join = [...tables].find((name) => /^Z_\d+ENABLEDDATACLASSES$/.test(name));
  if (!join || !tables.has('ZDATACLASS')) return result;
  const columns = [...columnsOf(db, join)];
  const accountColumn = columns.find((c) => /ENABLEDACCOUNTS$/.test(c));
  const classColumn = columns.find((c) => /ENABLEDDATACLASSES$/.test(c));
  if (!accountColumn || !classColumn) return result;
  const rows = db.prepare(`SELECT j.${accountColumn} AS account, d.ZIDENTIFIER AS identifier FROM ${join} j
    JOIN ZDATACLASS d ON d.Z_PK = j.${classColumn} ORDER BY d.Z_PK`).all() as Row[];
  for (const row of rows) {
    const short = text(row.identifier)?.replace(/^com\.apple\.Dataclass\./, '');
    if (!short) continue;
    const name = SERVICE_NAMES[short] ?? short;
    result.set(Number(row.account), [...(result.get(Number(row.account)) ?? []), name]);
  }
  return result;
}
