import { LazyStatement } from './lazy-statement.js';
import type { Db } from './open.js';

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

/** The one-time codes that carry a share request from the source device to the target. */
export class ActivationCodesRepository {
  private readonly s;

  constructor(db: Db) {
    const p = (sql: string) => new LazyStatement(db, sql);
    this.s = {
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
    };
  }

  insert(c: Omit<ActivationCodeRow, 'usedMs' | 'usedByTx'>): void {
    this.s.insertActivationCode.run(c);
  }

  get(code: string): ActivationCodeRow | undefined {
    return this.s.activationCode.get(code) as ActivationCodeRow | undefined;
  }

  exists(code: string): boolean {
    return this.s.activationCodeExists.get(code) !== undefined;
  }

  /** Marks a code used; false when another request used it first. */
  use(code: string, atMs: number, transactionId: string): boolean {
    return this.s.useActivationCode.run(atMs, transactionId, code).changes === 1;
  }
}
