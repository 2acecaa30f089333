import { LazyStatement } from './lazy-statement.js';
import type { Db } from './open.js';

export interface SmartAccountRow {
  id: number;
  name: string;
  domain: string;
  virtualAccounts: string[];
}

export interface SmartEntitlementRow {
  id: number;
  smartAccount: string;
  virtualAccount: string;
  license: string;
  quantity: number;
  startDate: string;
  endDate: string | null;
  pak: string;
  transactionId: string;
}

export interface SmartAccountRequestRow {
  transactionId: string;
  requester: string;
  smartAccount: string;
  virtualAccount: string;
  pak: string;
  licenseType: string;
}

/** Smart Accounts, their Virtual Accounts and users, the entitlements deposited in them and requests for new ones. */
export class SmartAccountsRepository {
  private readonly s;

  constructor(db: Db) {
    const p = (sql: string) => new LazyStatement(db, sql);
    this.s = {
      insertSmartAccount: p('INSERT INTO smart_accounts (name, domain) VALUES (?, ?)'),
      insertVirtualAccount: p('INSERT INTO virtual_accounts (smart_account_id, name) VALUES (?, ?)'),
      grantSmartAccount: p(
        'INSERT OR IGNORE INTO smart_account_users (smart_account_id, cco_id) VALUES (?, ?)',
      ),
      grantSmartAccountByName: p(
        'INSERT OR IGNORE INTO smart_account_users (smart_account_id, cco_id) SELECT id, ? FROM smart_accounts WHERE name = ?',
      ),
      smartAccountsForUser: p(
        `SELECT sa.id, sa.name, sa.domain FROM smart_accounts sa
         JOIN smart_account_users u ON u.smart_account_id = sa.id WHERE u.cco_id = ? ORDER BY sa.name`,
      ),
      allSmartAccounts: p('SELECT id, name, domain FROM smart_accounts ORDER BY name'),
      virtualAccountsOf: p(
        'SELECT name FROM virtual_accounts WHERE smart_account_id = ? ORDER BY name',
      ).pluck(),
      smartAccountByNameOrDomain: p(
        'SELECT id, name, domain FROM smart_accounts WHERE name = ? OR domain = ?',
      ),

      insertEntitlement: p(
        `INSERT INTO smart_entitlements (smart_account_id, virtual_account, license, quantity, start_date, end_date, pak, transaction_id)
         SELECT id, @virtualAccount, @license, @quantity, @startDate, @endDate, @pak, @transactionId FROM smart_accounts WHERE name = @smartAccount`,
      ),
      entitlementsOf: p(
        `SELECT e.id, sa.name AS smartAccount, e.virtual_account AS virtualAccount, e.license, e.quantity, e.start_date AS startDate,
                e.end_date AS endDate, e.pak, e.transaction_id AS transactionId
         FROM smart_entitlements e JOIN smart_accounts sa ON sa.id = e.smart_account_id WHERE sa.name = ? ORDER BY e.id`,
      ),
      insertSmartAccountRequest: p(
        `INSERT INTO smart_account_requests (transaction_id, requester, smart_account, virtual_account, pak, license_type)
         VALUES (@transactionId, @requester, @smartAccount, @virtualAccount, @pak, @licenseType)`,
      ),
      pendingRequestFor: p(
        `SELECT 1 FROM smart_account_requests r JOIN transactions t ON t.id = r.transaction_id
         WHERE r.pak = ? AND t.status = 'processing'`,
      ).pluck(),
      smartAccountRequest: p(
        `SELECT transaction_id AS transactionId, requester, smart_account AS smartAccount, virtual_account AS virtualAccount, pak,
                license_type AS licenseType FROM smart_account_requests WHERE transaction_id = ?`,
      ),
    };
  }

  create(name: string, domain: string, virtualAccounts: readonly string[], users: readonly string[]): void {
    const id = Number(this.s.insertSmartAccount.run(name, domain).lastInsertRowid);
    for (const va of virtualAccounts) this.s.insertVirtualAccount.run(id, va);
    for (const u of users) this.s.grantSmartAccount.run(id, u);
  }

  grant(smartAccount: string, ccoId: string): void {
    this.s.grantSmartAccountByName.run(ccoId, smartAccount);
  }

  /** The Smart Accounts a user may use; every one for null. */
  forUser(ccoId: string | null): SmartAccountRow[] {
    const rows = (
      ccoId === null ? this.s.allSmartAccounts.all() : this.s.smartAccountsForUser.all(ccoId)
    ) as Array<Omit<SmartAccountRow, 'virtualAccounts'>>;
    return rows.map((r) => ({ ...r, virtualAccounts: this.s.virtualAccountsOf.all(r.id) as string[] }));
  }

  find(nameOrDomain: string): { id: number; name: string; domain: string } | undefined {
    return this.s.smartAccountByNameOrDomain.get(nameOrDomain, nameOrDomain) as
      { id: number; name: string; domain: string } | undefined;
  }

  /** Whether an AnyConnect Smart License Sharing Request for the PAK is still being processed. */
  hasPendingRequest(pak: string): boolean {
    return this.s.pendingRequestFor.get(pak) !== undefined;
  }

  insertEntitlement(e: Omit<SmartEntitlementRow, 'id'>): void {
    this.s.insertEntitlement.run(e);
  }

  entitlements(smartAccount: string): SmartEntitlementRow[] {
    return this.s.entitlementsOf.all(smartAccount) as SmartEntitlementRow[];
  }

  insertRequest(r: SmartAccountRequestRow): void {
    this.s.insertSmartAccountRequest.run(r);
  }

  request(transactionId: string): SmartAccountRequestRow | undefined {
    return this.s.smartAccountRequest.get(transactionId) as SmartAccountRequestRow | undefined;
  }
}
