import { LazyStatement } from './lazy-statement.js';
import type { Db } from './open.js';
import { bool } from './sqlite-values.js';

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
  /** What the line carries into Smart Accounts, and how much of it is there. */
  entitlement: number;
  provisioned: number;
}

const PAK_LINE_COLUMNS = `id, pak, sku, order_quantity AS orderQuantity, quantity, assigned, multi_use AS multiUse,
                authorized_users AS authorizedUsers, term_months AS termMonths, start_date AS startDate, end_date AS endDate,
                entitlement, provisioned`;

/** Orders, the PAKs they deliver and each PAK's lines: what is left to assign lives here. */
export class PaksRepository {
  private readonly s;

  constructor(db: Db) {
    const p = (sql: string) => new LazyStatement(db, sql);
    this.s = {
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
        `INSERT INTO pak_lines (pak, sku, order_quantity, quantity, multi_use, authorized_users, term_months, start_date, end_date, entitlement)
         VALUES (@pak, @sku, @orderQuantity, @quantity, @multiUse, @authorizedUsers, @termMonths, @startDate, @endDate, @entitlement)`,
      ),
      getPak: p(
        `SELECT p.pak, p.order_id AS orderId, o.sales_order AS salesOrder, o.cco_id AS ownerCcoId, p.line_no AS lineNo,
                p.delivered_ms AS deliveredMs, p.active_ms AS activeMs, p.deactivated_ms AS deactivatedMs,
                p.deactivated_reason AS deactivatedReason
         FROM paks p JOIN orders o ON o.id = p.order_id WHERE p.pak = ?`,
      ),
      paksOfOrder: p('SELECT pak FROM paks WHERE order_id = ? ORDER BY line_no').pluck(),
      paksOfSalesOrder: p(
        'SELECT p.pak FROM paks p JOIN orders o ON o.id = p.order_id WHERE o.sales_order = ? ORDER BY p.line_no',
      ).pluck(),
      pakLines: p(`SELECT ${PAK_LINE_COLUMNS}
         FROM pak_lines WHERE pak = ? ORDER BY id`),
      pakLine: p(`SELECT ${PAK_LINE_COLUMNS}
         FROM pak_lines WHERE id = ?`),
      assign: p(
        'UPDATE pak_lines SET assigned = assigned + @quantity WHERE id = @id AND assigned + @quantity <= quantity',
      ),
      unassign: p(
        'UPDATE pak_lines SET assigned = assigned - @quantity WHERE id = @id AND assigned >= @quantity',
      ),
      provision: p(
        'UPDATE pak_lines SET provisioned = provisioned + @quantity WHERE id = @id AND provisioned + @quantity <= entitlement',
      ),
      deactivatePak: p(
        'UPDATE paks SET deactivated_ms = ?, deactivated_reason = ? WHERE pak = ? AND deactivated_ms IS NULL',
      ),
      pakRegistrant: p(
        `SELECT t.cco_id FROM registration_lines r JOIN transactions t ON t.id = r.transaction_id
         JOIN pak_lines l ON l.id = r.pak_line_id WHERE l.pak = ? ORDER BY t.created_ms, t.rowid LIMIT 1`,
      ).pluck(),
    };
  }

  insertOrder(o: Omit<OrderRow, 'id'>): number {
    return Number(this.s.insertOrder.run(o).lastInsertRowid);
  }

  salesOrderExists(salesOrder: string): boolean {
    return this.s.salesOrderExists.get(salesOrder) !== undefined;
  }

  insert(p: { pak: string; orderId: number; lineNo: number; deliveredMs: number; activeMs: number }): void {
    this.s.insertPak.run(p);
  }

  exists(pak: string): boolean {
    return this.s.pakExists.get(pak) !== undefined;
  }

  insertLine(l: Omit<PakLineRow, 'id' | 'assigned' | 'provisioned'>): number {
    return Number(this.s.insertPakLine.run({ ...l, multiUse: l.multiUse ? 1 : 0 }).lastInsertRowid);
  }

  get(pak: string): PakRow | undefined {
    return this.s.getPak.get(pak) as PakRow | undefined;
  }

  ofOrder(orderId: number): string[] {
    return this.s.paksOfOrder.all(orderId) as string[];
  }

  ofSalesOrder(salesOrder: string): string[] {
    return this.s.paksOfSalesOrder.all(salesOrder) as string[];
  }

  lines(pak: string): PakLineRow[] {
    return (this.s.pakLines.all(pak) as PakLineRow[]).map((r) => ({ ...r, multiUse: bool(r.multiUse) }));
  }

  line(id: number): PakLineRow | undefined {
    const r = this.s.pakLine.get(id) as PakLineRow | undefined;
    return r && { ...r, multiUse: bool(r.multiUse) };
  }

  /** Adds to a line's assigned quantity only if it still fits; false when another request got there first. */
  assign(pakLineId: number, quantity: number): boolean {
    return this.s.assign.run({ id: pakLineId, quantity }).changes === 1;
  }

  unassign(pakLineId: number, quantity: number): boolean {
    return this.s.unassign.run({ id: pakLineId, quantity }).changes === 1;
  }

  /** Counts quantity into Smart Accounts only if the line still carries it. */
  provision(pakLineId: number, quantity: number): boolean {
    return this.s.provision.run({ id: pakLineId, quantity }).changes === 1;
  }

  deactivate(pak: string, atMs: number, reason: string): void {
    this.s.deactivatePak.run(atMs, reason, pak);
  }

  /** The Cisco.com ID that first registered the PAK: the only one that may share it. */
  registrant(pak: string): string | undefined {
    return this.s.pakRegistrant.get(pak) as string | undefined;
  }
}
