import type { Statement } from 'better-sqlite3';
import type { Db } from './open.js';

export interface UserRow {
  ccoId: string;
  email: string;
  name: string;
  company: string;
  token: string;
  createdMs: number;
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

/**
 * A statement prepared on first use. Preparing all of a store's statements up front took longer than
 * the rest of creating a sandbox, and a request uses a handful of them.
 */
function lazyStatement(db: Db, sql: string, pluck = false): Statement {
  let prepared: Statement | undefined;
  return new Proxy({} as Statement, {
    get(_target, property) {
      if (property === 'pluck' && !prepared) return () => lazyStatement(db, sql, true);
      prepared ??= pluck ? db.prepare(sql).pluck() : db.prepare(sql);
      const value: unknown = Reflect.get(prepared, property, prepared);
      return typeof value === 'function' ? value.bind(prepared) : value;
    },
  });
}

/** Every SQL statement a sandbox database runs. One instance per open database handle. */
export class SandboxStore {
  private readonly s;

  constructor(readonly db: Db) {
    const p = (sql: string) => lazyStatement(db, sql);
    this.s = {
      getSetting: p('SELECT value FROM settings WHERE key = ?').pluck(),
      putSetting: p(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
      allSettings: p('SELECT key, value FROM settings'),

      insertUser: p(
        'INSERT INTO users (cco_id, email, name, company, token, created_ms) VALUES (@ccoId, @email, @name, @company, @token, @createdMs)',
      ),
      getUser: p(
        'SELECT cco_id AS ccoId, email, name, company, token, created_ms AS createdMs FROM users WHERE cco_id = ?',
      ),
      listUsers: p(
        'SELECT cco_id AS ccoId, email, name, company, token, created_ms AS createdMs FROM users ORDER BY rowid',
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
        `INSERT INTO device_licenses (serial, pak_line_id, transaction_id, cco_id, quantity, registered_ms)
         VALUES (@serial, @pakLineId, @transactionId, @ccoId, @quantity, @registeredMs)`,
      ),
      deviceLicenses: p(
        `SELECT d.id, d.serial, d.pak_line_id AS pakLineId, d.transaction_id AS transactionId, d.cco_id AS ccoId, d.quantity,
                d.registered_ms AS registeredMs, l.pak, l.sku, l.start_date AS startDate, l.end_date AS endDate
         FROM device_licenses d JOIN pak_lines l ON l.id = d.pak_line_id WHERE d.serial = ? ORDER BY d.id`,
      ),
      serialsOfTransaction: p(
        'SELECT DISTINCT serial FROM device_licenses WHERE transaction_id = ? ORDER BY serial',
      ).pluck(),

      insertMail: p(
        `INSERT INTO mail (id, message_id, transaction_id, template, from_addr, to_addrs, subject, text, html, created_ms, deliver_ms, status)
         VALUES (@id, @messageId, @transactionId, @template, @from, @to, @subject, @text, @html, @createdMs, @deliverMs, @status)`,
      ),
      insertAttachment: p(
        'INSERT INTO mail_attachments (mail_id, filename, content_type, content) VALUES (?, ?, ?, ?)',
      ),
      getMail: p(
        `SELECT id, message_id AS messageId, transaction_id AS transactionId, template, from_addr AS "from", to_addrs AS "to",
                subject, text, html, created_ms AS createdMs, deliver_ms AS deliverMs, status FROM mail WHERE id = ?`,
      ),
      deliveredMail: p(
        `SELECT id, message_id AS messageId, transaction_id AS transactionId, template, from_addr AS "from", to_addrs AS "to",
                subject, text, html, created_ms AS createdMs, deliver_ms AS deliverMs, status
         FROM mail WHERE status = 'delivered' ORDER BY deliver_ms DESC, rowid DESC`,
      ),
      mailOfTransaction: p(
        `SELECT id, message_id AS messageId, transaction_id AS transactionId, template, from_addr AS "from", to_addrs AS "to",
                subject, text, html, created_ms AS createdMs, deliver_ms AS deliverMs, status
         FROM mail WHERE transaction_id = ? ORDER BY rowid`,
      ),
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
      setUserToken: p('UPDATE users SET token = ? WHERE cco_id = ?'),
      hasActivationKeys: p('SELECT EXISTS (SELECT 1 FROM devices WHERE activation_key IS NOT NULL)').pluck(),
    };
  }

  /** Runs fn in one write transaction, taking the write lock up front (BEGIN IMMEDIATE). */
  write<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
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

  insertDeviceLicense(l: Omit<DeviceLicenseRow, 'id' | 'pak' | 'sku' | 'startDate' | 'endDate'>): void {
    this.s.insertDeviceLicense.run(l);
  }

  deviceLicenses(serial: string): DeviceLicenseRow[] {
    return this.s.deviceLicenses.all(serial) as DeviceLicenseRow[];
  }

  serialsOfTransaction(transactionId: string): string[] {
    return this.s.serialsOfTransaction.all(transactionId) as string[];
  }

  insertMail(m: MailRow, attachments: readonly AttachmentInput[] = []): void {
    this.s.insertMail.run({ ...m, to: JSON.stringify(m.to) });
    for (const a of attachments)
      this.s.insertAttachment.run(m.id, a.filename, a.contentType, Buffer.from(a.content));
  }

  getMail(id: string): MailRow | undefined {
    const r = this.s.getMail.get(id) as (MailRow & { to: string }) | undefined;
    return r && { ...r, to: JSON.parse(r.to) as string[] };
  }

  deliveredMail(): MailRow[] {
    return (this.s.deliveredMail.all() as Array<MailRow & { to: string }>).map((r) => ({
      ...r,
      to: JSON.parse(r.to) as string[],
    }));
  }

  mailOfTransaction(transactionId: string): MailRow[] {
    return (this.s.mailOfTransaction.all(transactionId) as Array<MailRow & { to: string }>).map((r) => ({
      ...r,
      to: JSON.parse(r.to) as string[],
    }));
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

  setUserToken(ccoId: string, token: string): void {
    this.s.setUserToken.run(token, ccoId);
  }

  /** Whether any activation key was made with this sandbox's secret (it then cannot change). */
  hasActivationKeys(): boolean {
    return this.s.hasActivationKeys.get() === 1;
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
