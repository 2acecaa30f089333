import { LazyStatement } from './lazy-statement.js';
import type { Db } from './open.js';
import type { ShareLineRow } from './registrations.js';

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

/** A page of Transactions History at once: the IDs of the page come as one JSON array. */
export class HistoryRepository {
  private readonly s;

  constructor(db: Db) {
    const p = (sql: string) => new LazyStatement(db, sql);
    this.s = {
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

  registrationLines(transactionIds: readonly string[]): TransactionLineRow[] {
    return this.s.registrationLinesOf.all(JSON.stringify(transactionIds)) as TransactionLineRow[];
  }

  shareLines(transactionIds: readonly string[]): Array<TransactionLineRow & ShareLineRow> {
    return this.s.shareLinesOf.all(JSON.stringify(transactionIds)) as Array<
      TransactionLineRow & ShareLineRow
    >;
  }

  serials(transactionIds: readonly string[]): Array<{ transactionId: string; serial: string }> {
    return this.s.serialsOfTransactions.all(JSON.stringify(transactionIds)) as Array<{
      transactionId: string;
      serial: string;
    }>;
  }

  /** The emails of many transactions, without their bodies. */
  mailSummaries(transactionIds: readonly string[]): MailSummaryRow[] {
    return (
      this.s.mailSummariesOf.all(JSON.stringify(transactionIds)) as Array<MailSummaryRow & { to: string }>
    ).map((r) => ({ ...r, to: JSON.parse(r.to) as string[] }));
  }
}
