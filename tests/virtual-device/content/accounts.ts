/**
 * Accounts: HomeDomain Library/Accounts/Accounts3.sqlite, the Core Data store with ZACCOUNT and
 * ZACCOUNTTYPE (plus ZDATACLASS and the enabled-dataclass join). An Apple Account row means signed in.
 */
import { encodeBinary } from '../plist.ts';
import type { AccountFact } from './persona.ts';
import { createCoreDataTables, putDatabase, type ContentContext } from './context.ts';
import { stableUuid } from './random.ts';
import { REFERENCE_TIME, appleSeconds } from './time.ts';

const SCHEMA = `
CREATE TABLE ZACCOUNTTYPE (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZENCRYPTACCOUNTPROPERTIES INTEGER,
  ZOBSOLETE INTEGER, ZSUPPORTSAUTHENTICATION INTEGER, ZSUPPORTSMULTIPLEACCOUNTS INTEGER, ZVISIBILITY INTEGER,
  ZACCOUNTTYPEDESCRIPTION VARCHAR, ZCREDENTIALPROTECTIONPOLICY VARCHAR, ZCREDENTIALTYPE VARCHAR, ZIDENTIFIER VARCHAR,
  ZOWNINGBUNDLEID VARCHAR);
CREATE TABLE ZACCOUNT (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZACTIVE INTEGER, ZAUTHENTICATED INTEGER,
  ZSUPPORTSAUTHENTICATION INTEGER, ZVISIBLE INTEGER, ZWARMINGUP INTEGER, ZACCOUNTTYPE INTEGER, ZPARENTACCOUNT INTEGER,
  ZDATE TIMESTAMP, ZLASTCREDENTIALRENEWALREJECTIONDATE TIMESTAMP, ZACCOUNTDESCRIPTION VARCHAR, ZAUTHENTICATIONTYPE VARCHAR,
  ZCREDENTIALTYPE VARCHAR, ZIDENTIFIER VARCHAR, ZMODIFICATIONID VARCHAR, ZOWNINGBUNDLEID VARCHAR, ZUSERNAME VARCHAR,
  ZDATACLASSPROPERTIES BLOB);
CREATE TABLE ZACCOUNTPROPERTY (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZOWNER INTEGER, ZKEY VARCHAR, ZVALUE BLOB);
CREATE TABLE ZDATACLASS (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZIDENTIFIER VARCHAR);
CREATE TABLE Z_2ENABLEDDATACLASSES (Z_2ENABLEDACCOUNTS INTEGER, Z_4ENABLEDDATACLASSES INTEGER,
  PRIMARY KEY (Z_2ENABLEDACCOUNTS, Z_4ENABLEDDATACLASSES));
CREATE INDEX ZACCOUNT_ZACCOUNTTYPE_INDEX ON ZACCOUNT (ZACCOUNTTYPE);
`;

const TYPES: Array<[string, string]> = [
  ['com.apple.account.AppleAccount', 'iCloud'], ['com.apple.account.IdentityServices', 'iMessage'],
  ['com.apple.account.GameCenter', 'Game Center'], ['com.apple.account.CloudKit', 'CloudKit'],
  ['com.apple.account.Google', 'Gmail'], ['com.apple.account.Exchange', 'Exchange'],
  ['com.apple.account.HolidayCalendar', 'Holiday Calendar'], ['com.apple.account.SubscribedCalendar', 'Subscribed Calendar'],
];

const DATACLASSES = ['com.apple.Dataclass.Contacts', 'com.apple.Dataclass.Calendars', 'com.apple.Dataclass.Notes',
  'com.apple.Dataclass.Mail', 'com.apple.Dataclass.Bookmarks', 'com.apple.Dataclass.Reminders', 'com.apple.Dataclass.KeychainSync',
  'com.apple.Dataclass.Backup', 'com.apple.Dataclass.DeviceLocator'];

/** Writes Accounts3.sqlite with the profile's accounts plus the holiday calendar every device has. */
export function writeAccounts(context: ContentContext): void {
  const accounts: AccountFact[] = [...context.persona.accounts, { type: 'com.apple.account.HolidayCalendar', description: 'US Holidays' }];
  putDatabase(context, 'HomeDomain', 'Library/Accounts/Accounts3.sqlite', { protectionClass: 3 }, (db) => {
    db.exec(SCHEMA);
    const typeInsert = db.prepare(`INSERT INTO ZACCOUNTTYPE (Z_PK, Z_ENT, Z_OPT, ZENCRYPTACCOUNTPROPERTIES, ZOBSOLETE,
      ZSUPPORTSAUTHENTICATION, ZSUPPORTSMULTIPLEACCOUNTS, ZVISIBILITY, ZACCOUNTTYPEDESCRIPTION, ZCREDENTIALTYPE, ZIDENTIFIER)
      VALUES (?, 3, 1, 0, 0, 1, ?, 0, ?, 'password', ?)`);
    TYPES.forEach(([identifier, description], i) => typeInsert.run(i + 1, identifier === 'com.apple.account.AppleAccount' ? 0 : 1, description, identifier));
    const classInsert = db.prepare('INSERT INTO ZDATACLASS VALUES (?, 4, 1, ?)');
    DATACLASSES.forEach((identifier, i) => classInsert.run(i + 1, identifier));
    const accountInsert = db.prepare(`INSERT INTO ZACCOUNT (Z_PK, Z_ENT, Z_OPT, ZACTIVE, ZAUTHENTICATED, ZSUPPORTSAUTHENTICATION,
      ZVISIBLE, ZWARMINGUP, ZACCOUNTTYPE, ZPARENTACCOUNT, ZDATE, ZACCOUNTDESCRIPTION, ZAUTHENTICATIONTYPE, ZIDENTIFIER,
      ZMODIFICATIONID, ZOWNINGBUNDLEID, ZUSERNAME, ZDATACLASSPROPERTIES) VALUES (?, 2, 1, 1, 1, 1, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const enable = db.prepare('INSERT INTO Z_2ENABLEDDATACLASSES VALUES (?, ?)');
    const appleAccount = accounts.findIndex((a) => a.type === 'com.apple.account.AppleAccount');
    accounts.forEach((account, i) => {
      const pk = i + 1;
      const type = TYPES.findIndex(([identifier]) => identifier === account.type) + 1;
      const child = appleAccount >= 0 && i !== appleAccount && account.username === accounts[appleAccount]?.username;
      accountInsert.run(pk, account.type === 'com.apple.account.HolidayCalendar' ? 0 : 1, type, child ? appleAccount + 1 : null,
        appleSeconds(REFERENCE_TIME - 700 * 86400 + i * 60), account.description, account.username ? 'password' : null,
        stableUuid(context.udid, 'account', String(i)), stableUuid(context.udid, 'account-mod', String(i)),
        account.owningBundleId ?? null, account.username ?? null,
        encodeBinary({}));
      if (i === appleAccount || account.type === 'com.apple.account.Exchange') {
        for (let d = 1; d <= DATACLASSES.length; d++) if (account.type !== 'com.apple.account.Exchange' || d <= 4) enable.run(pk, d);
      }
    });
    createCoreDataTables(db, 'Accounts3', [
      { ent: 1, name: 'AccessOptionsKey', max: 0 }, { ent: 2, name: 'Account', max: accounts.length },
      { ent: 3, name: 'AccountType', max: TYPES.length }, { ent: 4, name: 'Dataclass', max: DATACLASSES.length },
      { ent: 5, name: 'AccountProperty', max: 0 },
    ]);
  });
}
