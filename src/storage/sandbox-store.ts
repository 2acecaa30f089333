import { LazyStatement } from './lazy-statement.js';
import { BUSY_TIMEOUT_MS, type Db } from './open.js';

export interface UserRow {
  ccoId: string;
  email: string;
  name: string;
  company: string;
  token: string;
  createdMs: number;
  /** JSON object: the customer profile address. */
  address: string;
}

export interface OrderRow {
  id: number;
  salesOrder: string;
  ccoId: string;
  shipMs: number;
  activationDelayMs: number;
  createdMs: number;
}

export interface PakRow {
  pak: string;
  orderId: number;
  salesOrder: string;
  ownerCcoId: string;
  lineNo: number;
  deliveredMs: number;
  activeMs: number;
  deactivatedMs: number | null;
  deactivatedReason: string | null;
}

export interface PakLineRow {
  id: number;
  pak: string;
  sku: string;
  orderQuantity: number;
  quantity: number;
  assigned: number;
  multiUse: boolean;
  authorizedUsers: number | null;
  termMonths: number | null;
  startDate: string;
  endDate: string | null;
}

export interface TransactionRow {
  id: string;
  type: string;
  status: 'processing' | 'completed' | 'failed';
  ccoId: string;
  createdMs: number;
  completedMs: number | null;
  sendTo: string[];
  endUser: Record<string, string>;
  smartAccount: string | null;
  virtualAccount: string | null;
}

export interface DeviceRow {
  serial: string;
  activationKey: string | null;
  features: string;
  updatedMs: number;
}

export interface DeviceLicenseRow {
  id: number;
  serial: string;
  pakLineId: number;
  transactionId: string;
  ccoId: string;
  quantity: number;
  registeredMs: number;
  pak: string;
  sku: string;
  startDate: string;
  endDate: string | null;
  sharedFrom: string | null;
  removedMs: number | null;
  removedReason: string | null;
}

export interface MailRow {
  id: string;
  messageId: string;
  transactionId: string | null;
  template: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  createdMs: number;
  deliverMs: number;
  status: 'queued' | 'delivered';
  folder: MailFolder;
  relayStatus: RelayStatus | null;
  relayAttempts: number;
  relayError: string | null;
}

export type MailFolder = 'inbox' | 'spam';
export type RelayStatus = 'pending' | 'sent' | 'failed';

/** A mailbox search; every null field matches everything. Text comparisons ignore ASCII case. */
export interface MailSearch {
  folder: MailFolder | null;
  to: string | null;
  subject: string | null;
  text: string | null;
  sinceMs: number | null;
}

export interface FaultRow {
  id: number;
  kind: 'latency' | 'error' | 'maintenance';
  operation: string | null;
  params: Record<string, unknown>;
  createdMs: number;
}

export interface JournalRow {
  id: number;
  requestId: string;
  atMs: number;
  method: string;
  path: string;
  operation: string | null;
  status: number;
  durationMs: number;
  ccoId: string | null;
  errorCode: string | null;
  injected: boolean;
}

export interface JournalSearch {
  status: number | null;
  /** 4 for 4xx, 5 for 5xx. */
  statusClass: number | null;
  operation: string | null;
  limit: number;
}

export interface IdempotencyRow {
  ccoId: string;
  key: string;
  fingerprint: string;
  status: number;
  body: string;
  createdMs: number;
  expiresMs: number;
}

export interface AttachmentRow {
  id: number;
  mailId: string;
  filename: string;
  contentType: string;
  size: number;
}

export interface AttachmentInput {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

export interface JobRow {
  id: number;
  dueMs: number;
  kind: string;
  payload: unknown;
}

export interface SmartAccountRow {
  id: number;
  name: string;
  domain: string;
  virtualAccounts: string[];
}

const bool = (v: unknown) => v === 1 || v === true;

const ASA_COLUMNS = `serial, chassis_serial AS chassisSerial, model, hostname, failover_role AS failoverRole,
  failover_peer AS failoverPeer, created_ms AS createdMs`;
const CONTRACT_COLUMNS = `c.number, c.order_id AS orderId, o.sales_order AS salesOrder, o.cco_id AS ownerCcoId, c.address,
  c.available_ms AS availableMs, c.linked_cco_id AS linkedCcoId, c.linked_ms AS linkedMs
  FROM contracts c JOIN orders o ON o.id = c.order_id`;

const DEVICE_LICENSE_COLUMNS = `d.id, d.serial, d.pak_line_id AS pakLineId, d.transaction_id AS transactionId, d.cco_id AS ccoId, d.quantity,
  d.registered_ms AS registeredMs, l.pak, l.sku, l.start_date AS startDate, l.end_date AS endDate,
  d.shared_from AS sharedFrom, d.removed_ms AS removedMs, d.removed_reason AS removedReason`;

export interface AsaDeviceRow {
  serial: string;
  chassisSerial: string | null;
  model: string;
  hostname: string;
  failoverRole: 'primary' | 'secondary' | null;
  failoverPeer: string | null;
  createdMs: number;
}

/** A simulated ASA as its CLI sees it (migrations/sandbox/003_asa_cli.sql). */
export interface AsaCliRow {
  serial: string;
  chassisSerial: string | null;
  model: string;
  hostname: string;
  failoverRole: 'primary' | 'secondary' | null;
  softwareVersion: string | null;
  username: string;
  password: string;
  enablePassword: string;
  runningKey: string | null;
  pendingKey: string | null;
  timebasedKey: string | null;
  essentialsRunning: boolean;
  essentialsSaved: boolean;
  configModifiedMs: number;
  configModifiedBy: string;
  bootedMs: number;
  createdMs: number;
}

const ASA_CLI_COLUMNS = `serial, chassis_serial AS chassisSerial, model, hostname, failover_role AS failoverRole,
  software_version AS softwareVersion, ssh_username AS username, ssh_password AS password, enable_password AS enablePassword,
  running_key AS runningKey, pending_key AS pendingKey, timebased_key AS timebasedKey,
  essentials_running AS essentialsRunning, essentials_saved AS essentialsSaved,
  coalesce(config_modified_ms, created_ms) AS configModifiedMs, coalesce(config_modified_by, ssh_username) AS configModifiedBy,
  coalesce(booted_ms, created_ms) AS bootedMs, created_ms AS createdMs`;

const asaCliRow = (r: AsaCliRow): AsaCliRow => ({
  ...r,
  essentialsRunning: bool(r.essentialsRunning),
  essentialsSaved: bool(r.essentialsSaved),
});

export interface DeviceEventRow {
  serial: string;
  atMs: number;
  kind: string;
  detail: string;
}

export interface ActivationCodeRow {
  code: string;
  ccoId: string;
  sourceSerial: string;
  targetSerial: string;
  transactionId: string;
  createdMs: number;
  expiresMs: number;
  usedMs: number | null;
  usedByTx: string | null;
}

export interface ShareLineRow {
  transactionId: string;
  pakLineId: number;
  quantity: number;
  sourceSerial: string;
  targetSerial: string;
}

export interface EvaluationRow {
  id: number;
  serial: string;
  ccoId: string;
  transactionId: string;
  startDate: string;
  endDate: string;
  activationKey: string;
}

export interface ContractRow {
  number: string;
  orderId: number;
  salesOrder: string;
  ownerCcoId: string;
  address: string;
  availableMs: number;
  linkedCcoId: string | null;
  linkedMs: number | null;
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

const MAIL_COLUMNS = `id, message_id AS messageId, transaction_id AS transactionId, template, from_addr AS "from",
  to_addrs AS "to", subject, text, html, created_ms AS createdMs, deliver_ms AS deliverMs, status, folder,
  relay_status AS relayStatus, relay_attempts AS relayAttempts, relay_error AS relayError`;

/** Delivered mail matching a MailSearch (named parameters). */
const MAIL_MATCH = `status = 'delivered'
  AND (@folder IS NULL OR folder = @folder)
  AND (@sinceMs IS NULL OR deliver_ms >= @sinceMs)
  AND (@subject IS NULL OR instr(lower(subject), lower(@subject)) > 0)
  AND (@text IS NULL OR instr(lower(text), lower(@text)) > 0)
  AND (@to IS NULL OR EXISTS (SELECT 1 FROM json_each(mail.to_addrs) WHERE lower(value) = lower(@to)))`;

const JOURNAL_COLUMNS = `id, request_id AS requestId, at_ms AS atMs, method, path, operation, status,
  duration_ms AS durationMs, cco_id AS ccoId, error_code AS errorCode, injected`;

const parseMail = (r: MailRow & { to: string }): MailRow => ({ ...r, to: JSON.parse(r.to) as string[] });

export interface CssmApiClientRow {
  clientId: string;
  secretHash: string;
  name: string;
  ccoId: string | null;
  createdMs: number;
}

export interface CssmAccessTokenRow {
  clientId: string;
  actingCcoId: string | null;
  issuedMs: number;
  expiresMs: number;
}

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

export interface TransactionLineRow {
  transactionId: string;
  pakLineId: number;
  quantity: number;
  pak: string;
  sku: string;
  startDate: string;
  endDate: string | null;
}

export interface MailSummaryRow {
  id: string;
  transactionId: string;
  to: string[];
  subject: string;
  status: 'queued' | 'delivered';
  deliverMs: number;
}

/** Every SQL statement a sandbox database runs. One instance per open database handle. */
export class SandboxStore {
  private readonly s;

  constructor(readonly db: Db) {
    const p = (sql: string) => new LazyStatement(db, sql);
    this.s = {
      getSetting: p('SELECT value FROM settings WHERE key = ?').pluck(),
      putSetting: p(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
      allSettings: p('SELECT key, value FROM settings'),

      insertUser: p(
        'INSERT INTO users (cco_id, email, name, company, token, created_ms, address) VALUES (@ccoId, @email, @name, @company, @token, @createdMs, @address)',
      ),
      getUser: p(
        'SELECT cco_id AS ccoId, email, name, company, token, created_ms AS createdMs, address FROM users WHERE cco_id = ?',
      ),
      listUsers: p(
        'SELECT cco_id AS ccoId, email, name, company, token, created_ms AS createdMs, address FROM users ORDER BY rowid',
      ),

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

      insertOrder: p(
        `INSERT INTO orders (sales_order, cco_id, ship_ms, activation_delay_ms, created_ms)
         VALUES (@salesOrder, @ccoId, @shipMs, @activationDelayMs, @createdMs)`,
      ),
      salesOrderExists: p('SELECT 1 FROM orders WHERE sales_order = ?').pluck(),
      insertPak: p(
        `INSERT INTO paks (pak, order_id, line_no, delivered_ms, active_ms) VALUES (@pak, @orderId, @lineNo, @deliveredMs, @activeMs)`,
      ),
      pakExists: p('SELECT 1 FROM paks WHERE pak = ?').pluck(),
      insertPakLine: p(
        `INSERT INTO pak_lines (pak, sku, order_quantity, quantity, multi_use, authorized_users, term_months, start_date, end_date)
         VALUES (@pak, @sku, @orderQuantity, @quantity, @multiUse, @authorizedUsers, @termMonths, @startDate, @endDate)`,
      ),
      getPak: p(
        `SELECT p.pak, p.order_id AS orderId, o.sales_order AS salesOrder, o.cco_id AS ownerCcoId, p.line_no AS lineNo,
                p.delivered_ms AS deliveredMs, p.active_ms AS activeMs, p.deactivated_ms AS deactivatedMs,
                p.deactivated_reason AS deactivatedReason
         FROM paks p JOIN orders o ON o.id = p.order_id WHERE p.pak = ?`,
      ),
      paksOfOrder: p('SELECT pak FROM paks WHERE order_id = ? ORDER BY line_no').pluck(),
      pakLines: p(
        `SELECT id, pak, sku, order_quantity AS orderQuantity, quantity, assigned, multi_use AS multiUse,
                authorized_users AS authorizedUsers, term_months AS termMonths, start_date AS startDate, end_date AS endDate
         FROM pak_lines WHERE pak = ? ORDER BY id`,
      ),
      pakLine: p(
        `SELECT id, pak, sku, order_quantity AS orderQuantity, quantity, assigned, multi_use AS multiUse,
                authorized_users AS authorizedUsers, term_months AS termMonths, start_date AS startDate, end_date AS endDate
         FROM pak_lines WHERE id = ?`,
      ),
      assign: p(
        'UPDATE pak_lines SET assigned = assigned + @quantity WHERE id = @id AND assigned + @quantity <= quantity',
      ),
      deactivatePak: p(
        'UPDATE paks SET deactivated_ms = ?, deactivated_reason = ? WHERE pak = ? AND deactivated_ms IS NULL',
      ),

      insertTransaction: p(
        `INSERT INTO transactions (id, type, status, cco_id, created_ms, completed_ms, send_to, end_user, smart_account, virtual_account)
         VALUES (@id, @type, @status, @ccoId, @createdMs, @completedMs, @sendTo, @endUser, @smartAccount, @virtualAccount)`,
      ),
      transactionExists: p('SELECT 1 FROM transactions WHERE id = ?').pluck(),
      getTransaction: p(
        `SELECT id, type, status, cco_id AS ccoId, created_ms AS createdMs, completed_ms AS completedMs, send_to AS sendTo,
                end_user AS endUser, smart_account AS smartAccount, virtual_account AS virtualAccount
         FROM transactions WHERE id = ?`,
      ),
      transactionsOfUser: p(
        `SELECT id, type, status, cco_id AS ccoId, created_ms AS createdMs, completed_ms AS completedMs, send_to AS sendTo,
                end_user AS endUser, smart_account AS smartAccount, virtual_account AS virtualAccount
         FROM transactions WHERE cco_id = ? ORDER BY created_ms DESC, id DESC LIMIT ? OFFSET ?`,
      ),
      countTransactionsOfUser: p('SELECT count(*) FROM transactions WHERE cco_id = ?').pluck(),
      completeTransaction: p(
        "UPDATE transactions SET status = 'completed', completed_ms = ? WHERE id = ? AND status = 'processing'",
      ),
      insertRegistrationLine: p(
        'INSERT INTO registration_lines (transaction_id, pak_line_id, quantity) VALUES (?, ?, ?)',
      ),
      registrationLines: p(
        `SELECT r.pak_line_id AS pakLineId, r.quantity, l.pak, l.sku, l.start_date AS startDate, l.end_date AS endDate
         FROM registration_lines r JOIN pak_lines l ON l.id = r.pak_line_id WHERE r.transaction_id = ? ORDER BY r.id`,
      ),

      upsertDevice: p(
        `INSERT INTO devices (serial, activation_key, features, updated_ms) VALUES (@serial, @activationKey, @features, @updatedMs)
         ON CONFLICT (serial) DO UPDATE SET activation_key = excluded.activation_key, features = excluded.features,
           updated_ms = excluded.updated_ms`,
      ),
      ensureDevice: p(
        "INSERT OR IGNORE INTO devices (serial, activation_key, features, updated_ms) VALUES (?, NULL, '{}', ?)",
      ),
      getDevice: p(
        'SELECT serial, activation_key AS activationKey, features, updated_ms AS updatedMs FROM devices WHERE serial = ?',
      ),
      insertDeviceLicense: p(
        `INSERT INTO device_licenses (serial, pak_line_id, transaction_id, cco_id, quantity, registered_ms, shared_from)
         VALUES (@serial, @pakLineId, @transactionId, @ccoId, @quantity, @registeredMs, @sharedFrom)`,
      ),
      deviceLicenses: p(
        `SELECT ${DEVICE_LICENSE_COLUMNS} FROM device_licenses d JOIN pak_lines l ON l.id = d.pak_line_id WHERE d.serial = ? ORDER BY d.id`,
      ),

      insertMail: p(
        `INSERT INTO mail (id, message_id, transaction_id, template, from_addr, to_addrs, subject, text, html, created_ms, deliver_ms, status, folder)
         VALUES (@id, @messageId, @transactionId, @template, @from, @to, @subject, @text, @html, @createdMs, @deliverMs, @status, @folder)`,
      ),
      insertAttachment: p(
        'INSERT INTO mail_attachments (mail_id, filename, content_type, content) VALUES (?, ?, ?, ?)',
      ),
      getMail: p(`SELECT ${MAIL_COLUMNS} FROM mail WHERE id = ?`),
      deliverMail: p("UPDATE mail SET status = 'delivered' WHERE id = ? AND status = 'queued'"),
      pendingMailOfTransaction: p(
        "SELECT count(*) FROM mail WHERE transaction_id = ? AND status = 'queued'",
      ).pluck(),
      attachmentsOf: p(
        'SELECT id, mail_id AS mailId, filename, content_type AS contentType, length(content) AS size FROM mail_attachments WHERE mail_id = ? ORDER BY id',
      ),

      insertJob: p('INSERT INTO jobs (due_ms, kind, payload) VALUES (?, ?, ?)'),
      dueJobs: p(
        'SELECT id, due_ms AS dueMs, kind, payload FROM jobs WHERE done_ms IS NULL AND due_ms <= ? ORDER BY due_ms, id LIMIT ?',
      ),
      nextDue: p('SELECT min(due_ms) FROM jobs WHERE done_ms IS NULL').pluck(),
      finishJob: p('UPDATE jobs SET done_ms = ? WHERE id = ? AND done_ms IS NULL'),

      insertAsaDevice: p(
        `INSERT INTO asa_devices (serial, chassis_serial, model, hostname, failover_role, failover_peer, created_ms)
         VALUES (@serial, @chassisSerial, @model, @hostname, @failoverRole, @failoverPeer, @createdMs)`,
      ),
      asaDeviceBySerial: p(`SELECT ${ASA_COLUMNS} FROM asa_devices WHERE serial = ? OR chassis_serial = ?`),
      asaDevices: p(`SELECT ${ASA_COLUMNS} FROM asa_devices ORDER BY rowid`),
      deleteAsaDevice: p('DELETE FROM asa_devices WHERE serial = ?'),
      removeDeviceLicense: p(
        'UPDATE device_licenses SET removed_ms = ?, removed_reason = ? WHERE id = ? AND removed_ms IS NULL',
      ),
      insertDeviceEvent: p('INSERT INTO device_events (serial, at_ms, kind, detail) VALUES (?, ?, ?, ?)'),
      deviceEvents: p(
        'SELECT serial, at_ms AS atMs, kind, detail FROM device_events WHERE serial = ? ORDER BY at_ms, id',
      ),
      clearDeviceKey: p(
        'UPDATE devices SET activation_key = NULL, features = ?, updated_ms = ? WHERE serial = ?',
      ),
      deviceLicensesOfTransaction: p(
        `SELECT ${DEVICE_LICENSE_COLUMNS} FROM device_licenses d JOIN pak_lines l ON l.id = d.pak_line_id WHERE d.transaction_id = ? ORDER BY d.id`,
      ),
      activeHoldersOfRegistration: p(
        'SELECT count(*) FROM device_licenses WHERE transaction_id = ? AND pak_line_id = ? AND removed_ms IS NULL',
      ).pluck(),
      unassign: p(
        'UPDATE pak_lines SET assigned = assigned - @quantity WHERE id = @id AND assigned >= @quantity',
      ),
      pakRegistrant: p(
        `SELECT t.cco_id FROM registration_lines r JOIN transactions t ON t.id = r.transaction_id
         JOIN pak_lines l ON l.id = r.pak_line_id WHERE l.pak = ? ORDER BY t.created_ms, t.rowid LIMIT 1`,
      ).pluck(),
      paksOfSalesOrder: p(
        'SELECT p.pak FROM paks p JOIN orders o ON o.id = p.order_id WHERE o.sales_order = ? ORDER BY p.line_no',
      ).pluck(),

      insertActivationCode: p(
        `INSERT INTO activation_codes (code, cco_id, source_serial, target_serial, transaction_id, created_ms, expires_ms)
         VALUES (@code, @ccoId, @sourceSerial, @targetSerial, @transactionId, @createdMs, @expiresMs)`,
      ),
      activationCode: p(
        `SELECT code, cco_id AS ccoId, source_serial AS sourceSerial, target_serial AS targetSerial, transaction_id AS transactionId,
                created_ms AS createdMs, expires_ms AS expiresMs, used_ms AS usedMs, used_by_tx AS usedByTx
         FROM activation_codes WHERE code = ?`,
      ),
      activationCodeExists: p('SELECT 1 FROM activation_codes WHERE code = ?').pluck(),
      useActivationCode: p(
        'UPDATE activation_codes SET used_ms = ?, used_by_tx = ? WHERE code = ? AND used_ms IS NULL',
      ),
      insertShareLine: p(
        `INSERT INTO share_lines (transaction_id, pak_line_id, quantity, source_serial, target_serial)
         VALUES (@transactionId, @pakLineId, @quantity, @sourceSerial, @targetSerial)`,
      ),
      shareLines: p(
        `SELECT transaction_id AS transactionId, pak_line_id AS pakLineId, quantity, source_serial AS sourceSerial, target_serial AS targetSerial
         FROM share_lines WHERE transaction_id = ? ORDER BY pak_line_id`,
      ),
      failTransaction: p(
        "UPDATE transactions SET status = 'failed', completed_ms = ? WHERE id = ? AND status = 'processing'",
      ),

      insertEvaluation: p(
        `INSERT INTO evaluations (serial, cco_id, transaction_id, start_date, end_date, activation_key)
         VALUES (@serial, @ccoId, @transactionId, @startDate, @endDate, @activationKey)`,
      ),
      evaluationsOf: p(
        `SELECT id, serial, cco_id AS ccoId, transaction_id AS transactionId, start_date AS startDate, end_date AS endDate,
                activation_key AS activationKey FROM evaluations WHERE serial = ? ORDER BY id`,
      ),

      setUserAddress: p('UPDATE users SET address = ? WHERE cco_id = ?'),
      insertContract: p(
        'INSERT INTO contracts (number, order_id, address, available_ms) VALUES (@number, @orderId, @address, @availableMs)',
      ),
      contractExists: p('SELECT 1 FROM contracts WHERE number = ?').pluck(),
      contract: p(`SELECT ${CONTRACT_COLUMNS} WHERE c.number = ?`),
      contractsOf: p(
        `SELECT ${CONTRACT_COLUMNS} WHERE o.cco_id = ? OR c.linked_cco_id = ? ORDER BY c.available_ms, c.number`,
      ),
      allContracts: p(`SELECT ${CONTRACT_COLUMNS} ORDER BY c.available_ms, c.number`),
      linkContract: p(
        'UPDATE contracts SET linked_cco_id = ?, linked_ms = ? WHERE number = ? AND linked_cco_id IS NULL',
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
      smartAccountByNameOrDomain: p(
        'SELECT id, name, domain FROM smart_accounts WHERE name = ? OR domain = ?',
      ),
      insertSmartAccountRequest: p(
        `INSERT INTO smart_account_requests (transaction_id, requester, smart_account, virtual_account, pak, license_type)
         VALUES (@transactionId, @requester, @smartAccount, @virtualAccount, @pak, @licenseType)`,
      ),
      smartAccountRequest: p(
        `SELECT transaction_id AS transactionId, requester, smart_account AS smartAccount, virtual_account AS virtualAccount, pak,
                license_type AS licenseType FROM smart_account_requests WHERE transaction_id = ?`,
      ),
      attachmentContent: p('SELECT content FROM mail_attachments WHERE mail_id = ? AND filename = ?').pluck(),
      licensesEnding: p(
        `SELECT ${DEVICE_LICENSE_COLUMNS} FROM device_licenses d JOIN pak_lines l ON l.id = d.pak_line_id
         WHERE d.removed_ms IS NULL AND l.end_date IS NOT NULL AND l.end_date <= ? ORDER BY l.end_date, d.serial, d.id`,
      ),
      setUserToken: p('UPDATE users SET token = ? WHERE cco_id = ?'),
      hasActivationKeys: p('SELECT EXISTS (SELECT 1 FROM devices WHERE activation_key IS NOT NULL)').pluck(),
      searchMail: p(
        `SELECT ${MAIL_COLUMNS} FROM mail WHERE ${MAIL_MATCH} ORDER BY deliver_ms DESC, rowid DESC`,
      ),
      deleteMailMatching: p(`DELETE FROM mail WHERE ${MAIL_MATCH}`),
      deleteMail: p("DELETE FROM mail WHERE id = ? AND status = 'delivered'"),
      attachment: p(
        `SELECT filename, content_type AS contentType, content FROM mail_attachments
         WHERE mail_id = ? AND filename = ? ORDER BY id LIMIT 1`,
      ),
      attachmentContents: p(
        'SELECT filename, content_type AS contentType, content FROM mail_attachments WHERE mail_id = ? ORDER BY id',
      ),
      updateRelay: p('UPDATE mail SET relay_status = ?, relay_attempts = ?, relay_error = ? WHERE id = ?'),

      insertFault: p(
        'INSERT INTO faults (kind, operation, params, created_ms) VALUES (@kind, @operation, @params, @createdMs)',
      ),
      listFaults: p('SELECT id, kind, operation, params, created_ms AS createdMs FROM faults ORDER BY id'),
      deleteFault: p('DELETE FROM faults WHERE id = ?'),
      clearFaults: p('DELETE FROM faults'),

      insertJournal: p(
        `INSERT INTO request_journal (request_id, at_ms, method, path, operation, status, duration_ms, cco_id, error_code, injected)
         VALUES (@requestId, @atMs, @method, @path, @operation, @status, @durationMs, @ccoId, @errorCode, @injected)`,
      ),
      trimJournal: p('DELETE FROM request_journal WHERE id <= ?'),
      searchJournal: p(
        `SELECT ${JOURNAL_COLUMNS} FROM request_journal
         WHERE (@status IS NULL OR status = @status) AND (@statusClass IS NULL OR status / 100 = @statusClass)
           AND (@operation IS NULL OR operation = @operation)
         ORDER BY id DESC LIMIT @limit`,
      ),
      countJournal: p('SELECT count(*) FROM request_journal').pluck(),
      clearJournal: p('DELETE FROM request_journal'),

      getIdempotency: p(
        `SELECT cco_id AS ccoId, key, fingerprint, status, body, created_ms AS createdMs, expires_ms AS expiresMs
         FROM idempotency_keys WHERE cco_id = ? AND key = ? AND expires_ms > ?`,
      ),
      insertIdempotency: p(
        `INSERT INTO idempotency_keys (cco_id, key, fingerprint, status, body, created_ms, expires_ms)
         VALUES (@ccoId, @key, @fingerprint, @status, @body, @createdMs, @expiresMs)`,
      ),
      deleteExpiredIdempotency: p('DELETE FROM idempotency_keys WHERE expires_ms <= ?'),

      asaCli: p(`SELECT ${ASA_CLI_COLUMNS} FROM asa_devices WHERE serial = ?`),
      asaClis: p(`SELECT ${ASA_CLI_COLUMNS} FROM asa_devices ORDER BY rowid`),
      setAsaAccess: p(
        `UPDATE asa_devices SET software_version = @softwareVersion, ssh_username = @username, ssh_password = @password,
           enable_password = @enablePassword WHERE serial = @serial`,
      ),
      saveAsaCliState: p(
        `UPDATE asa_devices SET hostname = @hostname, running_key = @runningKey, pending_key = @pendingKey,
           timebased_key = @timebasedKey, essentials_running = @essentialsRunning, essentials_saved = @essentialsSaved,
           config_modified_ms = @configModifiedMs, config_modified_by = @configModifiedBy, booted_ms = @bootedMs
         WHERE serial = @serial`,
      ),
      stripAsaKeys: p(
        'UPDATE asa_devices SET running_key = NULL, pending_key = NULL, timebased_key = NULL WHERE serial = ?',
      ),

      insertCssmApiClient: p(
        `INSERT INTO cssm_api_clients (client_id, secret_hash, name, cco_id, created_ms)
         VALUES (@clientId, @secretHash, @name, @ccoId, @createdMs)`,
      ),
      cssmApiClient: p(
        `SELECT client_id AS clientId, secret_hash AS secretHash, name, cco_id AS ccoId, created_ms AS createdMs
         FROM cssm_api_clients WHERE client_id = ?`,
      ),
      cssmApiClients: p(
        `SELECT client_id AS clientId, secret_hash AS secretHash, name, cco_id AS ccoId, created_ms AS createdMs
         FROM cssm_api_clients ORDER BY created_ms, client_id`,
      ),
      deleteCssmApiClient: p('DELETE FROM cssm_api_clients WHERE client_id = ?'),
      insertCssmAccessToken: p(
        `INSERT INTO cssm_access_tokens (token_hash, client_id, acting_cco_id, issued_ms, expires_ms)
         VALUES (@tokenHash, @clientId, @actingCcoId, @issuedMs, @expiresMs)`,
      ),
      cssmAccessToken: p(
        `SELECT client_id AS clientId, acting_cco_id AS actingCcoId, issued_ms AS issuedMs, expires_ms AS expiresMs
         FROM cssm_access_tokens WHERE token_hash = ?`,
      ),
      deleteExpiredCssmAccessTokens: p('DELETE FROM cssm_access_tokens WHERE expires_ms <= ?'),
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
      serialsOfUser: p(
        `SELECT serial FROM device_licenses WHERE cco_id = @ccoId
         UNION SELECT serial FROM evaluations WHERE cco_id = @ccoId ORDER BY serial`,
      ).pluck(),

      // A page of Transactions History at once: the IDs come as one JSON array.
      registrationLinesOf: p(
        `SELECT r.transaction_id AS transactionId, r.pak_line_id AS pakLineId, r.quantity, l.pak, l.sku,
                l.start_date AS startDate, l.end_date AS endDate
         FROM registration_lines r JOIN pak_lines l ON l.id = r.pak_line_id
         WHERE r.transaction_id IN (SELECT value FROM json_each(?)) ORDER BY r.id`,
      ),
      shareLinesOf: p(
        `SELECT s.transaction_id AS transactionId, s.pak_line_id AS pakLineId, s.quantity, s.source_serial AS sourceSerial,
                s.target_serial AS targetSerial, l.pak, l.sku, l.start_date AS startDate, l.end_date AS endDate
         FROM share_lines s JOIN pak_lines l ON l.id = s.pak_line_id
         WHERE s.transaction_id IN (SELECT value FROM json_each(?)) ORDER BY s.transaction_id, s.pak_line_id`,
      ),
      serialsOfTransactions: p(
        `SELECT DISTINCT transaction_id AS transactionId, serial FROM device_licenses
         WHERE transaction_id IN (SELECT value FROM json_each(?)) ORDER BY serial`,
      ),
      mailSummariesOf: p(
        `SELECT id, transaction_id AS transactionId, to_addrs AS "to", subject, status, deliver_ms AS deliverMs FROM mail
         WHERE transaction_id IN (SELECT value FROM json_each(?)) ORDER BY rowid`,
      ),
    };
  }

  /** Callbacks waiting for the outermost transaction to commit (dropped when it rolls back). */
  private committed: Array<() => void> = [];

  /**
   * Runs fn in one write transaction, taking the write lock up front (BEGIN IMMEDIATE). A nested call
   * is a savepoint. Callbacks given to afterCommit run once the outermost transaction has committed.
   */
  write<T>(fn: () => T): T {
    const queued = this.committed.length;
    const nested = this.db.inTransaction;
    let result: T;
    try {
      result = this.db.transaction(fn).immediate();
    } catch (err) {
      this.committed.length = queued;
      throw err;
    }
    if (!nested) {
      const callbacks = this.committed;
      this.committed = [];
      for (const cb of callbacks) cb();
    }
    return result;
  }

  /** Runs cb after the current transaction commits (at once outside a transaction); never on rollback. */
  afterCommit(cb: () => void): void {
    if (this.db.inTransaction) this.committed.push(cb);
    else cb();
  }

  getSetting<T>(key: string): T | undefined {
    const v = this.s.getSetting.get(key) as string | undefined;
    return v === undefined ? undefined : (JSON.parse(v) as T);
  }

  putSetting(key: string, value: unknown): void {
    this.s.putSetting.run(key, JSON.stringify(value));
  }

  insertUser(u: UserRow): void {
    this.s.insertUser.run(u);
  }

  getUser(ccoId: string): UserRow | undefined {
    return this.s.getUser.get(ccoId) as UserRow | undefined;
  }

  listUsers(): UserRow[] {
    return this.s.listUsers.all() as UserRow[];
  }

  createSmartAccount(
    name: string,
    domain: string,
    virtualAccounts: readonly string[],
    users: readonly string[],
  ): void {
    const id = Number(this.s.insertSmartAccount.run(name, domain).lastInsertRowid);
    for (const va of virtualAccounts) this.s.insertVirtualAccount.run(id, va);
    for (const u of users) this.s.grantSmartAccount.run(id, u);
  }

  grantSmartAccount(smartAccount: string, ccoId: string): void {
    this.s.grantSmartAccountByName.run(ccoId, smartAccount);
  }

  smartAccountsOf(ccoId: string | null): SmartAccountRow[] {
    const rows = (
      ccoId === null ? this.s.allSmartAccounts.all() : this.s.smartAccountsForUser.all(ccoId)
    ) as Array<Omit<SmartAccountRow, 'virtualAccounts'>>;
    return rows.map((r) => ({ ...r, virtualAccounts: this.s.virtualAccountsOf.all(r.id) as string[] }));
  }

  insertOrder(o: Omit<OrderRow, 'id'>): number {
    return Number(this.s.insertOrder.run(o).lastInsertRowid);
  }

  salesOrderExists(salesOrder: string): boolean {
    return this.s.salesOrderExists.get(salesOrder) !== undefined;
  }

  insertPak(p: {
    pak: string;
    orderId: number;
    lineNo: number;
    deliveredMs: number;
    activeMs: number;
  }): void {
    this.s.insertPak.run(p);
  }

  pakExists(pak: string): boolean {
    return this.s.pakExists.get(pak) !== undefined;
  }

  insertPakLine(l: Omit<PakLineRow, 'id' | 'assigned'>): number {
    return Number(this.s.insertPakLine.run({ ...l, multiUse: l.multiUse ? 1 : 0 }).lastInsertRowid);
  }

  getPak(pak: string): PakRow | undefined {
    return this.s.getPak.get(pak) as PakRow | undefined;
  }

  paksOfOrder(orderId: number): string[] {
    return this.s.paksOfOrder.all(orderId) as string[];
  }

  pakLines(pak: string): PakLineRow[] {
    return (this.s.pakLines.all(pak) as PakLineRow[]).map((r) => ({ ...r, multiUse: bool(r.multiUse) }));
  }

  pakLine(id: number): PakLineRow | undefined {
    const r = this.s.pakLine.get(id) as PakLineRow | undefined;
    return r && { ...r, multiUse: bool(r.multiUse) };
  }

  /** Adds to a line's assigned quantity only if it still fits; false when another request got there first. */
  assign(pakLineId: number, quantity: number): boolean {
    return this.s.assign.run({ id: pakLineId, quantity }).changes === 1;
  }

  deactivatePak(pak: string, atMs: number, reason: string): void {
    this.s.deactivatePak.run(atMs, reason, pak);
  }

  insertTransaction(t: TransactionRow): void {
    this.s.insertTransaction.run({
      ...t,
      sendTo: JSON.stringify(t.sendTo),
      endUser: JSON.stringify(t.endUser),
    });
  }

  transactionExists(id: string): boolean {
    return this.s.transactionExists.get(id) !== undefined;
  }

  getTransaction(id: string): TransactionRow | undefined {
    const r = this.s.getTransaction.get(id) as
      (TransactionRow & { sendTo: string; endUser: string }) | undefined;
    return r && parseTransaction(r);
  }

  transactionsOf(ccoId: string, limit: number, offset: number): { rows: TransactionRow[]; total: number } {
    const rows = this.s.transactionsOfUser.all(ccoId, limit, offset) as Array<
      TransactionRow & { sendTo: string; endUser: string }
    >;
    return { rows: rows.map(parseTransaction), total: this.s.countTransactionsOfUser.get(ccoId) as number };
  }

  completeTransaction(id: string, atMs: number): void {
    this.s.completeTransaction.run(atMs, id);
  }

  insertRegistrationLine(transactionId: string, pakLineId: number, quantity: number): void {
    this.s.insertRegistrationLine.run(transactionId, pakLineId, quantity);
  }

  registrationLines(transactionId: string): Array<{
    pakLineId: number;
    quantity: number;
    pak: string;
    sku: string;
    startDate: string;
    endDate: string | null;
  }> {
    return this.s.registrationLines.all(transactionId) as never;
  }

  upsertDevice(d: DeviceRow): void {
    this.s.upsertDevice.run(d);
  }

  ensureDevice(serial: string, nowMs: number): void {
    this.s.ensureDevice.run(serial, nowMs);
  }

  getDevice(serial: string): DeviceRow | undefined {
    return this.s.getDevice.get(serial) as DeviceRow | undefined;
  }

  insertDeviceLicense(
    l: Omit<
      DeviceLicenseRow,
      'id' | 'pak' | 'sku' | 'startDate' | 'endDate' | 'sharedFrom' | 'removedMs' | 'removedReason'
    > & {
      sharedFrom?: string | null;
    },
  ): void {
    this.s.insertDeviceLicense.run({ sharedFrom: null, ...l });
  }

  deviceLicenses(serial: string): DeviceLicenseRow[] {
    return this.s.deviceLicenses.all(serial) as DeviceLicenseRow[];
  }

  insertMail(
    m: Omit<MailRow, 'relayStatus' | 'relayAttempts' | 'relayError'>,
    attachments: readonly AttachmentInput[] = [],
  ): void {
    this.s.insertMail.run({ ...m, to: JSON.stringify(m.to) });
    for (const a of attachments)
      this.s.insertAttachment.run(m.id, a.filename, a.contentType, Buffer.from(a.content));
  }

  getMail(id: string): MailRow | undefined {
    const r = this.s.getMail.get(id) as (MailRow & { to: string }) | undefined;
    return r && parseMail(r);
  }

  deliverMail(id: string): boolean {
    return this.s.deliverMail.run(id).changes === 1;
  }

  pendingMailOfTransaction(transactionId: string): number {
    return this.s.pendingMailOfTransaction.get(transactionId) as number;
  }

  attachmentsOf(mailId: string): AttachmentRow[] {
    return this.s.attachmentsOf.all(mailId) as AttachmentRow[];
  }

  insertJob(dueMs: number, kind: string, payload: unknown): void {
    this.s.insertJob.run(dueMs, kind, JSON.stringify(payload));
  }

  dueJobs(nowMs: number, limit: number): JobRow[] {
    return (this.s.dueJobs.all(nowMs, limit) as Array<JobRow & { payload: string }>).map((j) => ({
      ...j,
      payload: JSON.parse(j.payload) as unknown,
    }));
  }

  nextDueMs(): number | null {
    return (this.s.nextDue.get() as number | null) ?? null;
  }

  finishJob(id: number, atMs: number): boolean {
    return this.s.finishJob.run(atMs, id).changes === 1;
  }

  insertAsaDevice(d: AsaDeviceRow): void {
    this.s.insertAsaDevice.run(d);
  }

  /** The simulated ASA whose 'show version' or chassis serial this is. */
  asaDevice(serial: string): AsaDeviceRow | undefined {
    return this.s.asaDeviceBySerial.get(serial, serial) as AsaDeviceRow | undefined;
  }

  asaDevices(): AsaDeviceRow[] {
    return this.s.asaDevices.all() as AsaDeviceRow[];
  }

  deleteAsaDevice(serial: string): boolean {
    return this.s.deleteAsaDevice.run(serial).changes === 1;
  }

  removeDeviceLicense(id: number, atMs: number, reason: string): boolean {
    return this.s.removeDeviceLicense.run(atMs, reason, id).changes === 1;
  }

  insertDeviceEvent(e: DeviceEventRow): void {
    this.s.insertDeviceEvent.run(e.serial, e.atMs, e.kind, e.detail);
  }

  deviceEvents(serial: string): DeviceEventRow[] {
    return this.s.deviceEvents.all(serial) as DeviceEventRow[];
  }

  clearDeviceKey(serial: string, features: string, atMs: number): void {
    this.s.clearDeviceKey.run(features, atMs, serial);
  }

  deviceLicensesOfTransaction(transactionId: string): DeviceLicenseRow[] {
    return this.s.deviceLicensesOfTransaction.all(transactionId) as DeviceLicenseRow[];
  }

  activeHoldersOfRegistration(transactionId: string, pakLineId: number): number {
    return this.s.activeHoldersOfRegistration.get(transactionId, pakLineId) as number;
  }

  unassign(pakLineId: number, quantity: number): boolean {
    return this.s.unassign.run({ id: pakLineId, quantity }).changes === 1;
  }

  /** The Cisco.com ID that first registered the PAK: the only one that may share it. */
  pakRegistrant(pak: string): string | undefined {
    return this.s.pakRegistrant.get(pak) as string | undefined;
  }

  paksOfSalesOrder(salesOrder: string): string[] {
    return this.s.paksOfSalesOrder.all(salesOrder) as string[];
  }

  insertActivationCode(c: Omit<ActivationCodeRow, 'usedMs' | 'usedByTx'>): void {
    this.s.insertActivationCode.run(c);
  }

  activationCode(code: string): ActivationCodeRow | undefined {
    return this.s.activationCode.get(code) as ActivationCodeRow | undefined;
  }

  activationCodeExists(code: string): boolean {
    return this.s.activationCodeExists.get(code) !== undefined;
  }

  /** Marks a code used; false when another request used it first. */
  useActivationCode(code: string, atMs: number, transactionId: string): boolean {
    return this.s.useActivationCode.run(atMs, transactionId, code).changes === 1;
  }

  insertShareLine(l: ShareLineRow): void {
    this.s.insertShareLine.run(l);
  }

  shareLines(transactionId: string): ShareLineRow[] {
    return this.s.shareLines.all(transactionId) as ShareLineRow[];
  }

  failTransaction(id: string, atMs: number): void {
    this.s.failTransaction.run(atMs, id);
  }

  insertEvaluation(e: Omit<EvaluationRow, 'id'>): void {
    this.s.insertEvaluation.run(e);
  }

  evaluationsOf(serial: string): EvaluationRow[] {
    return this.s.evaluationsOf.all(serial) as EvaluationRow[];
  }

  setUserAddress(ccoId: string, address: string): void {
    this.s.setUserAddress.run(address, ccoId);
  }

  insertContract(c: { number: string; orderId: number; address: string; availableMs: number }): void {
    this.s.insertContract.run(c);
  }

  contractExists(number: string): boolean {
    return this.s.contractExists.get(number) !== undefined;
  }

  contract(number: string): ContractRow | undefined {
    return this.s.contract.get(number) as ContractRow | undefined;
  }

  contractsOf(ccoId: string | null): ContractRow[] {
    return (
      ccoId === null ? this.s.allContracts.all() : this.s.contractsOf.all(ccoId, ccoId)
    ) as ContractRow[];
  }

  linkContract(number: string, ccoId: string, atMs: number): boolean {
    return this.s.linkContract.run(ccoId, atMs, number).changes === 1;
  }

  insertEntitlement(e: Omit<SmartEntitlementRow, 'id'>): void {
    this.s.insertEntitlement.run(e);
  }

  entitlementsOf(smartAccount: string): SmartEntitlementRow[] {
    return this.s.entitlementsOf.all(smartAccount) as SmartEntitlementRow[];
  }

  smartAccount(nameOrDomain: string): { id: number; name: string; domain: string } | undefined {
    return this.s.smartAccountByNameOrDomain.get(nameOrDomain, nameOrDomain) as
      { id: number; name: string; domain: string } | undefined;
  }

  insertSmartAccountRequest(r: SmartAccountRequestRow): void {
    this.s.insertSmartAccountRequest.run(r);
  }

  smartAccountRequest(transactionId: string): SmartAccountRequestRow | undefined {
    return this.s.smartAccountRequest.get(transactionId) as SmartAccountRequestRow | undefined;
  }

  /** Active device licenses whose term ends on or before the given date. */
  licensesEndingBy(date: string): DeviceLicenseRow[] {
    return this.s.licensesEnding.all(date) as DeviceLicenseRow[];
  }

  attachmentContent(mailId: string, filename: string): Buffer | undefined {
    return this.s.attachmentContent.get(mailId, filename) as Buffer | undefined;
  }

  setUserToken(ccoId: string, token: string): void {
    this.s.setUserToken.run(token, ccoId);
  }

  /** Whether any activation key was made with this sandbox's secret (it then cannot change). */
  hasActivationKeys(): boolean {
    return this.s.hasActivationKeys.get() === 1;
  }

  /** Delivered mail matching the search, newest first. */
  searchMail(search: MailSearch): MailRow[] {
    return (this.s.searchMail.all(search) as Array<MailRow & { to: string }>).map(parseMail);
  }

  /** Deletes delivered mail matching the search (attachments go with it); returns how many. */
  deleteMailMatching(search: MailSearch): number {
    return this.s.deleteMailMatching.run(search).changes;
  }

  deleteMail(id: string): boolean {
    return this.s.deleteMail.run(id).changes === 1;
  }

  attachment(mailId: string, filename: string): AttachmentInput | undefined {
    const r = this.s.attachment.get(mailId, filename) as AttachmentInput | undefined;
    return r && { ...r, content: new Uint8Array(r.content) };
  }

  attachmentContents(mailId: string): AttachmentInput[] {
    return (this.s.attachmentContents.all(mailId) as AttachmentInput[]).map((r) => ({
      ...r,
      content: new Uint8Array(r.content),
    }));
  }

  updateRelay(mailId: string, status: RelayStatus, attempts: number, error: string | null): boolean {
    return this.s.updateRelay.run(status, attempts, error, mailId).changes === 1;
  }

  insertFault(f: Omit<FaultRow, 'id'>): number {
    return Number(this.s.insertFault.run({ ...f, params: JSON.stringify(f.params) }).lastInsertRowid);
  }

  listFaults(): FaultRow[] {
    return (this.s.listFaults.all() as Array<FaultRow & { params: string }>).map((f) => ({
      ...f,
      params: JSON.parse(f.params) as Record<string, unknown>,
    }));
  }

  deleteFault(id: number): boolean {
    return this.s.deleteFault.run(id).changes === 1;
  }

  clearFaults(): number {
    return this.s.clearFaults.run().changes;
  }

  /**
   * Appends entries and drops all but the newest `keep`, in one transaction. With wait false it
   * does not wait for another connection's write lock: false means busy, try again later.
   */
  appendJournal(entries: ReadonlyArray<Omit<JournalRow, 'id'>>, keep: number, wait: boolean): boolean {
    if (!wait) this.db.pragma('busy_timeout = 0');
    try {
      this.write(() => {
        let id = 0;
        for (const e of entries)
          id = Number(this.s.insertJournal.run({ ...e, injected: e.injected ? 1 : 0 }).lastInsertRowid);
        this.s.trimJournal.run(id - keep);
      });
      return true;
    } catch (err) {
      if (!wait && (err as { code?: string }).code === 'SQLITE_BUSY') return false;
      throw err;
    } finally {
      if (!wait) this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }

  searchJournal(search: JournalSearch): JournalRow[] {
    return (this.s.searchJournal.all(search) as JournalRow[]).map((r) => ({
      ...r,
      injected: bool(r.injected),
    }));
  }

  countJournal(): number {
    return this.s.countJournal.get() as number;
  }

  clearJournal(): number {
    return this.s.clearJournal.run().changes;
  }

  /** The live (unexpired) record for a user's key. */
  getIdempotency(ccoId: string, key: string, nowMs: number): IdempotencyRow | undefined {
    return this.s.getIdempotency.get(ccoId, key, nowMs) as IdempotencyRow | undefined;
  }

  /** Stores a key's first response, dropping every expired record (an expired key may be reused). */
  insertIdempotency(row: IdempotencyRow, nowMs: number): void {
    this.s.deleteExpiredIdempotency.run(nowMs);
    this.s.insertIdempotency.run(row);
  }

  /** A simulated ASA with everything its CLI needs. */
  asaCli(serial: string): AsaCliRow | undefined {
    const r = this.s.asaCli.get(serial) as AsaCliRow | undefined;
    return r && asaCliRow(r);
  }

  asaClis(): AsaCliRow[] {
    return (this.s.asaClis.all() as AsaCliRow[]).map(asaCliRow);
  }

  setAsaAccess(a: {
    serial: string;
    softwareVersion: string | null;
    username: string;
    password: string;
    enablePassword: string;
  }): void {
    this.s.setAsaAccess.run(a);
  }

  /** Persists what the CLI changed. */
  saveAsaCliState(
    r: Omit<
      AsaCliRow,
      | 'chassisSerial'
      | 'model'
      | 'failoverRole'
      | 'softwareVersion'
      | 'username'
      | 'password'
      | 'enablePassword'
      | 'createdMs'
    >,
  ): void {
    this.s.saveAsaCliState.run({
      ...r,
      essentialsRunning: r.essentialsRunning ? 1 : 0,
      essentialsSaved: r.essentialsSaved ? 1 : 0,
    });
  }

  /** RMA: the returned ASA's installed keys go with its licenses. */
  stripAsaKeys(serial: string): void {
    this.s.stripAsaKeys.run(serial);
  }

  insertCssmApiClient(c: CssmApiClientRow): void {
    this.s.insertCssmApiClient.run(c);
  }

  cssmApiClient(clientId: string): CssmApiClientRow | undefined {
    return this.s.cssmApiClient.get(clientId) as CssmApiClientRow | undefined;
  }

  cssmApiClients(): CssmApiClientRow[] {
    return this.s.cssmApiClients.all() as CssmApiClientRow[];
  }

  deleteCssmApiClient(clientId: string): boolean {
    return this.s.deleteCssmApiClient.run(clientId).changes === 1;
  }

  /** Stores a new access token, dropping the ones that have expired on the sandbox clock. */
  insertCssmAccessToken(t: CssmAccessTokenRow & { tokenHash: string }): void {
    this.s.deleteExpiredCssmAccessTokens.run(t.issuedMs);
    this.s.insertCssmAccessToken.run(t);
  }

  cssmAccessToken(tokenHash: string): CssmAccessTokenRow | undefined {
    return this.s.cssmAccessToken.get(tokenHash) as CssmAccessTokenRow | undefined;
  }

  cssmVirtualAccounts(smartAccountId: number): CssmVirtualAccountRow[] {
    return (this.s.cssmVirtualAccounts.all(smartAccountId) as CssmVirtualAccountRow[]).map((v) => ({
      ...v,
      isDefault: bool(v.isDefault),
    }));
  }

  /** Adds a Virtual Account; a new default one takes the flag from the others. */
  insertCssmVirtualAccount(v: Omit<CssmVirtualAccountRow, 'id'> & { smartAccountId: number }): void {
    if (v.isDefault) this.s.clearDefaultVirtualAccount.run(v.smartAccountId);
    this.s.insertCssmVirtualAccount.run({ ...v, isDefault: v.isDefault ? 1 : 0 });
  }

  insertCssmRegistrationToken(t: Omit<CssmRegistrationTokenRow, 'id'>): void {
    this.s.insertCssmRegistrationToken.run({ ...t, exportControlled: t.exportControlled ? 1 : 0 });
  }

  /** A Virtual Account's tokens that have not expired at `nowMs`, oldest first. */
  cssmRegistrationTokensOf(
    smartAccountId: number,
    virtualAccount: string,
    nowMs: number,
  ): CssmRegistrationTokenRow[] {
    return (
      this.s.cssmRegistrationTokensOf.all(smartAccountId, virtualAccount, nowMs) as CssmRegistrationTokenRow[]
    ).map((t) => ({ ...t, exportControlled: bool(t.exportControlled) }));
  }

  cssmRegistrationToken(token: string): CssmRegistrationTokenRow | undefined {
    const t = this.s.cssmRegistrationToken.get(token) as CssmRegistrationTokenRow | undefined;
    return t && { ...t, exportControlled: bool(t.exportControlled) };
  }

  /** What each Virtual Account of a Smart Account holds of each entitlement line, after transfers. */
  cssmHeldLines(smartAccountId: number): CssmHeldLineRow[] {
    return this.s.cssmHeldLines.all({ sa: smartAccountId }) as CssmHeldLineRow[];
  }

  cssmInUse(smartAccountId: number): Array<{ virtualAccount: string; license: string; inUse: number }> {
    return this.s.cssmInUse.all(smartAccountId) as never;
  }

  insertCssmTransfer(t: {
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

  insertCssmDevice(
    d: Omit<CssmDeviceRow, 'id' | 'exportControlled'>,
    licenses: ReadonlyArray<{ license: string; quantity: number }>,
  ): void {
    const id = Number(this.s.insertCssmDevice.run(d).lastInsertRowid);
    for (const l of licenses) this.s.insertCssmDeviceLicense.run(id, l.license, l.quantity);
  }

  cssmDevice(serial: string): CssmDeviceRow | undefined {
    const d = this.s.cssmDeviceBySerial.get(serial) as CssmDeviceRow | undefined;
    return d && { ...d, exportControlled: bool(d.exportControlled) };
  }

  cssmDevicesOf(smartAccountId: number): CssmDeviceRow[] {
    return (this.s.cssmDevicesOf.all(smartAccountId) as CssmDeviceRow[]).map((d) => ({
      ...d,
      exportControlled: bool(d.exportControlled),
    }));
  }

  deleteCssmDevice(serial: string): boolean {
    return this.s.deleteCssmDevice.run(serial).changes === 1;
  }

  cssmDeviceLicenses(deviceId: number): CssmDeviceLicenseRow[] {
    return this.s.cssmDeviceLicenses.all(deviceId) as CssmDeviceLicenseRow[];
  }

  /** Serials a user registered, shared or evaluated licenses on (removed ones included). */
  serialsOfUser(ccoId: string): string[] {
    return this.s.serialsOfUser.all({ ccoId }) as string[];
  }

  registrationLinesOf(transactionIds: readonly string[]): TransactionLineRow[] {
    return this.s.registrationLinesOf.all(JSON.stringify(transactionIds)) as TransactionLineRow[];
  }

  shareLinesOf(transactionIds: readonly string[]): Array<TransactionLineRow & ShareLineRow> {
    return this.s.shareLinesOf.all(JSON.stringify(transactionIds)) as Array<
      TransactionLineRow & ShareLineRow
    >;
  }

  serialsOfTransactions(transactionIds: readonly string[]): Array<{ transactionId: string; serial: string }> {
    return this.s.serialsOfTransactions.all(JSON.stringify(transactionIds)) as Array<{
      transactionId: string;
      serial: string;
    }>;
  }

  /** The emails of many transactions, without their bodies. */
  mailSummariesOf(transactionIds: readonly string[]): MailSummaryRow[] {
    return (
      this.s.mailSummariesOf.all(JSON.stringify(transactionIds)) as Array<MailSummaryRow & { to: string }>
    ).map((r) => ({ ...r, to: JSON.parse(r.to) as string[] }));
  }
}

function parseTransaction(
  r: TransactionRow & { sendTo: string | string[]; endUser: string | Record<string, string> },
): TransactionRow {
  return {
    ...r,
    sendTo: JSON.parse(r.sendTo as string) as string[],
    endUser: JSON.parse(r.endUser as string) as Record<string, string>,
  };
}
