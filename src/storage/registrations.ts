import { LazyStatement } from './lazy-statement.js';
import type { Db } from './open.js';

/** A registration's line: how much of a PAK line it assigned. */
export interface RegistrationLineRow {
  pakLineId: number;
  quantity: number;
  /** What RMAs gave back of it. */
  returned: number;
  pak: string;
  sku: string;
  startDate: string;
  endDate: string | null;
}

export interface ShareLineRow {
  transactionId: string;
  pakLineId: number;
  quantity: number;
  sourceSerial: string;
  targetSerial: string;
}

/** What a registration or share transaction moved, line by line. */
export class RegistrationsRepository {
  private readonly s;

  constructor(db: Db) {
    const p = (sql: string) => new LazyStatement(db, sql);
    this.s = {
      insertRegistrationLine: p(
        'INSERT INTO registration_lines (transaction_id, pak_line_id, quantity) VALUES (?, ?, ?)',
      ),
      registrationLines: p(
        `SELECT r.pak_line_id AS pakLineId, r.quantity, r.returned, l.pak, l.sku, l.start_date AS startDate, l.end_date AS endDate
         FROM registration_lines r JOIN pak_lines l ON l.id = r.pak_line_id WHERE r.transaction_id = ? ORDER BY r.id`,
      ),
      markReturned: p(
        `UPDATE registration_lines SET returned = returned + @units
         WHERE transaction_id = @transactionId AND pak_line_id = @pakLineId AND returned + @units <= quantity`,
      ),
      insertShareLine: p(
        `INSERT INTO share_lines (transaction_id, pak_line_id, quantity, source_serial, target_serial)
         VALUES (@transactionId, @pakLineId, @quantity, @sourceSerial, @targetSerial)`,
      ),
      shareLines: p(
        `SELECT transaction_id AS transactionId, pak_line_id AS pakLineId, quantity, source_serial AS sourceSerial, target_serial AS targetSerial
         FROM share_lines WHERE transaction_id = ? ORDER BY pak_line_id`,
      ),
    };
  }

  insertLine(transactionId: string, pakLineId: number, quantity: number): void {
    this.s.insertRegistrationLine.run(transactionId, pakLineId, quantity);
  }

  lines(transactionId: string): RegistrationLineRow[] {
    return this.s.registrationLines.all(transactionId) as RegistrationLineRow[];
  }

  /** Records units an RMA gave back; false if that would be more than the registration took. */
  markReturned(transactionId: string, pakLineId: number, units: number): boolean {
    return this.s.markReturned.run({ transactionId, pakLineId, units }).changes === 1;
  }

  insertShareLine(l: ShareLineRow): void {
    this.s.insertShareLine.run(l);
  }

  shareLines(transactionId: string): ShareLineRow[] {
    return this.s.shareLines.all(transactionId) as ShareLineRow[];
  }
}
