import { LazyStatement } from './lazy-statement.js';
import type { Db } from './open.js';

export interface ContractRow {
  number: string;
  orderId: number;
  salesOrder: string;
  ownerCcoId: string;
  address: string;
  availableMs: number;
  linkedCcoId: string | null;
  linkedMs: number | null;
  startDate: string | null;
  endDate: string | null;
}

/** A SWSS line of an order: on its contract, no PAK. */
export interface OrderServiceRow {
  orderId: number;
  lineNo: number;
  sku: string;
  quantity: number;
  termMonths: number;
  startDate: string;
  endDate: string;
}

/** What a contract covers: the order's term lines and its SWSS lines. */
export interface ContractLineRow {
  sku: string;
  pak: string | null;
  quantity: number;
  startDate: string;
  endDate: string;
}

const CONTRACT_COLUMNS = `c.number, c.order_id AS orderId, o.sales_order AS salesOrder, o.cco_id AS ownerCcoId, c.address,
  c.available_ms AS availableMs, c.linked_cco_id AS linkedCcoId, c.linked_ms AS linkedMs,
  c.start_date AS startDate, c.end_date AS endDate
  FROM contracts c JOIN orders o ON o.id = c.order_id`;

/** Service contracts that come with orders, and the Cisco.com IDs they are linked to. */
export class ContractsRepository {
  private readonly s;

  constructor(db: Db) {
    const p = (sql: string) => new LazyStatement(db, sql);
    this.s = {
      insertContract: p(
        `INSERT INTO contracts (number, order_id, address, available_ms, start_date, end_date)
         VALUES (@number, @orderId, @address, @availableMs, @startDate, @endDate)`,
      ),
      insertService: p(
        `INSERT INTO order_services (order_id, line_no, sku, quantity, term_months, start_date, end_date)
         VALUES (@orderId, @lineNo, @sku, @quantity, @termMonths, @startDate, @endDate)`,
      ),
      contractLines: p(
        `SELECT sku, pak, quantity, startDate, endDate FROM (
           SELECT p.line_no AS n, l.sku, l.pak, l.quantity, l.start_date AS startDate, l.end_date AS endDate
           FROM paks p JOIN pak_lines l ON l.pak = p.pak WHERE p.order_id = @orderId AND l.end_date IS NOT NULL
           UNION ALL
           SELECT line_no, sku, NULL, quantity, start_date, end_date FROM order_services WHERE order_id = @orderId)
         ORDER BY n`,
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
    };
  }

  insert(c: {
    number: string;
    orderId: number;
    address: string;
    availableMs: number;
    startDate: string;
    endDate: string;
  }): void {
    this.s.insertContract.run(c);
  }

  insertService(s: OrderServiceRow): void {
    this.s.insertService.run(s);
  }

  lines(orderId: number): ContractLineRow[] {
    return this.s.contractLines.all({ orderId }) as ContractLineRow[];
  }

  exists(number: string): boolean {
    return this.s.contractExists.get(number) !== undefined;
  }

  get(number: string): ContractRow | undefined {
    return this.s.contract.get(number) as ContractRow | undefined;
  }

  /** The contracts a user owns or is linked to; every one for null. */
  forUser(ccoId: string | null): ContractRow[] {
    return (
      ccoId === null ? this.s.allContracts.all() : this.s.contractsOf.all(ccoId, ccoId)
    ) as ContractRow[];
  }

  link(number: string, ccoId: string, atMs: number): boolean {
    return this.s.linkContract.run(ccoId, atMs, number).changes === 1;
  }
}
