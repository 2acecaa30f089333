import { LazyStatement } from './lazy-statement.js';
import type { Db } from './open.js';
import { bool } from './sqlite-values.js';

export interface CssmVirtualAccountRow {
  id: number;
  name: string;
  description: string;
  isDefault: boolean;
  commerceAccessLevel: string;
}

export interface CssmRegistrationTokenRow {
  id: number;
  token: string;
  smartAccountId: number;
  virtualAccount: string;
  description: string;
  expiresAfterDays: number;
  exportControlled: boolean;
  createdBy: string;
  createdMs: number;
  expiresMs: number;
}

export interface CssmHeldLineRow {
  entitlementId: number;
  virtualAccount: string;
  license: string;
  startDate: string;
  endDate: string | null;
  quantity: number;
}

export interface CssmDeviceRow {
  id: number;
  serial: string;
  smartAccountId: number;
  virtualAccount: string;
  tokenId: number;
  productId: string;
  instanceName: string;
  registeredMs: number;
  exportControlled: boolean;
}

export interface CssmDeviceLicenseRow {
  deviceId: number;
  license: string;
  quantity: number;
}

const CSSM_TOKEN_COLUMNS = `id, token, smart_account_id AS smartAccountId, virtual_account AS virtualAccount, description,
  expires_after_days AS expiresAfterDays, export_controlled AS exportControlled, created_by AS createdBy,
  created_ms AS createdMs, expires_ms AS expiresMs`;
const CSSM_DEVICE_COLUMNS = `d.id, d.serial, d.smart_account_id AS smartAccountId, d.virtual_account AS virtualAccount,
  d.token_id AS tokenId, d.product_id AS productId, d.instance_name AS instanceName, d.registered_ms AS registeredMs,
  t.export_controlled AS exportControlled
  FROM cssm_devices d JOIN cssm_registration_tokens t ON t.id = d.token_id`;

/**
 * What the Smart Software Manager API keeps: Virtual Accounts, registration tokens, licenses moved
 * between Virtual Accounts and the devices registered with a token.
 */
export class CssmRepository {
  private readonly s;

  constructor(db: Db) {
    const p = (sql: string) => new LazyStatement(db, sql);
    this.s = {
      cssmVirtualAccounts: p(
        `SELECT id, name, description, is_default AS isDefault, commerce_access_level AS commerceAccessLevel
         FROM virtual_accounts WHERE smart_account_id = ? ORDER BY name`,
      ),
      insertCssmVirtualAccount: p(
        `INSERT INTO virtual_accounts (smart_account_id, name, description, is_default, commerce_access_level)
         VALUES (@smartAccountId, @name, @description, @isDefault, @commerceAccessLevel)`,
      ),
      clearDefaultVirtualAccount: p('UPDATE virtual_accounts SET is_default = 0 WHERE smart_account_id = ?'),
      insertCssmRegistrationToken: p(
        `INSERT INTO cssm_registration_tokens (token, smart_account_id, virtual_account, description, expires_after_days,
           export_controlled, created_by, created_ms, expires_ms)
         VALUES (@token, @smartAccountId, @virtualAccount, @description, @expiresAfterDays, @exportControlled, @createdBy,
           @createdMs, @expiresMs)`,
      ),
      cssmRegistrationTokensOf: p(
        `SELECT ${CSSM_TOKEN_COLUMNS} FROM cssm_registration_tokens
         WHERE smart_account_id = ? AND virtual_account = ? AND expires_ms > ? ORDER BY id`,
      ),
      cssmRegistrationToken: p(`SELECT ${CSSM_TOKEN_COLUMNS} FROM cssm_registration_tokens WHERE token = ?`),
      cssmHeldLines: p(
        `SELECT e.id AS entitlementId, x.va AS virtualAccount, e.license, e.start_date AS startDate, e.end_date AS endDate,
                SUM(x.q) AS quantity
         FROM (SELECT id AS eid, virtual_account AS va, quantity AS q FROM smart_entitlements WHERE smart_account_id = @sa
               UNION ALL SELECT entitlement_id, to_va, quantity FROM cssm_license_transfers WHERE smart_account_id = @sa
               UNION ALL SELECT entitlement_id, from_va, -quantity FROM cssm_license_transfers WHERE smart_account_id = @sa) x
         JOIN smart_entitlements e ON e.id = x.eid
         GROUP BY e.id, x.va HAVING SUM(x.q) > 0 ORDER BY x.va, e.license, e.id`,
      ),
      cssmInUse: p(
        `SELECT d.virtual_account AS virtualAccount, l.license, SUM(l.quantity) AS inUse
         FROM cssm_devices d JOIN cssm_device_licenses l ON l.device_id = d.id
         WHERE d.smart_account_id = ? GROUP BY d.virtual_account, l.license`,
      ),
      insertCssmTransfer: p(
        `INSERT INTO cssm_license_transfers (smart_account_id, entitlement_id, from_va, to_va, quantity, created_by, created_ms)
         VALUES (@smartAccountId, @entitlementId, @fromVa, @toVa, @quantity, @createdBy, @createdMs)`,
      ),
      insertCssmDevice: p(
        `INSERT INTO cssm_devices (serial, smart_account_id, virtual_account, token_id, product_id, instance_name, registered_ms)
         VALUES (@serial, @smartAccountId, @virtualAccount, @tokenId, @productId, @instanceName, @registeredMs)`,
      ),
      insertCssmDeviceLicense: p(
        'INSERT INTO cssm_device_licenses (device_id, license, quantity) VALUES (?, ?, ?)',
      ),
      cssmDeviceBySerial: p(`SELECT ${CSSM_DEVICE_COLUMNS} WHERE d.serial = ?`),
      cssmDevicesOf: p(`SELECT ${CSSM_DEVICE_COLUMNS} WHERE d.smart_account_id = ? ORDER BY d.id`),
      deleteCssmDevice: p('DELETE FROM cssm_devices WHERE serial = ?'),
      cssmDeviceLicenses: p(
        'SELECT device_id AS deviceId, license, quantity FROM cssm_device_licenses WHERE device_id = ? ORDER BY license',
      ),
    };
  }

  virtualAccounts(smartAccountId: number): CssmVirtualAccountRow[] {
    return (this.s.cssmVirtualAccounts.all(smartAccountId) as CssmVirtualAccountRow[]).map((v) => ({
      ...v,
      isDefault: bool(v.isDefault),
    }));
  }

  /** Adds a Virtual Account; a new default one takes the flag from the others. */
  insertVirtualAccount(v: Omit<CssmVirtualAccountRow, 'id'> & { smartAccountId: number }): void {
    if (v.isDefault) this.s.clearDefaultVirtualAccount.run(v.smartAccountId);
    this.s.insertCssmVirtualAccount.run({ ...v, isDefault: v.isDefault ? 1 : 0 });
  }

  insertRegistrationToken(t: Omit<CssmRegistrationTokenRow, 'id'>): void {
    this.s.insertCssmRegistrationToken.run({ ...t, exportControlled: t.exportControlled ? 1 : 0 });
  }

  /** A Virtual Account's tokens that have not expired at `nowMs`, oldest first. */
  registrationTokensOf(
    smartAccountId: number,
    virtualAccount: string,
    nowMs: number,
  ): CssmRegistrationTokenRow[] {
    return (
      this.s.cssmRegistrationTokensOf.all(smartAccountId, virtualAccount, nowMs) as CssmRegistrationTokenRow[]
    ).map((t) => ({ ...t, exportControlled: bool(t.exportControlled) }));
  }

  registrationToken(token: string): CssmRegistrationTokenRow | undefined {
    const t = this.s.cssmRegistrationToken.get(token) as CssmRegistrationTokenRow | undefined;
    return t && { ...t, exportControlled: bool(t.exportControlled) };
  }

  /** What each Virtual Account of a Smart Account holds of each entitlement line, after transfers. */
  heldLines(smartAccountId: number): CssmHeldLineRow[] {
    return this.s.cssmHeldLines.all({ sa: smartAccountId }) as CssmHeldLineRow[];
  }

  inUse(smartAccountId: number): Array<{ virtualAccount: string; license: string; inUse: number }> {
    return this.s.cssmInUse.all(smartAccountId) as never;
  }

  insertTransfer(t: {
    smartAccountId: number;
    entitlementId: number;
    fromVa: string;
    toVa: string;
    quantity: number;
    createdBy: string;
    createdMs: number;
  }): void {
    this.s.insertCssmTransfer.run(t);
  }

  insertDevice(
    d: Omit<CssmDeviceRow, 'id' | 'exportControlled'>,
    licenses: ReadonlyArray<{ license: string; quantity: number }>,
  ): void {
    const id = Number(this.s.insertCssmDevice.run(d).lastInsertRowid);
    for (const l of licenses) this.s.insertCssmDeviceLicense.run(id, l.license, l.quantity);
  }

  device(serial: string): CssmDeviceRow | undefined {
    const d = this.s.cssmDeviceBySerial.get(serial) as CssmDeviceRow | undefined;
    return d && { ...d, exportControlled: bool(d.exportControlled) };
  }

  devicesOf(smartAccountId: number): CssmDeviceRow[] {
    return (this.s.cssmDevicesOf.all(smartAccountId) as CssmDeviceRow[]).map((d) => ({
      ...d,
      exportControlled: bool(d.exportControlled),
    }));
  }

  deleteDevice(serial: string): boolean {
    return this.s.deleteCssmDevice.run(serial).changes === 1;
  }

  deviceLicenses(deviceId: number): CssmDeviceLicenseRow[] {
    return this.s.cssmDeviceLicenses.all(deviceId) as CssmDeviceLicenseRow[];
  }
}
