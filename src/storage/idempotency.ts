import { LazyStatement } from './lazy-statement.js';
import type { Db } from './open.js';

export interface IdempotencyRow {
  ccoId: string;
  key: string;
  fingerprint: string;
  status: number;
  body: string;
  createdMs: number;
  expiresMs: number;
}

/** First responses stored by Idempotency-Key, per user, until they expire. */
export class IdempotencyRepository {
  private readonly s;

  constructor(db: Db) {
    const p = (sql: string) => new LazyStatement(db, sql);
    this.s = {
      getIdempotency: p(
        `SELECT cco_id AS ccoId, key, fingerprint, status, body, created_ms AS createdMs, expires_ms AS expiresMs
         FROM idempotency_keys WHERE cco_id = ? AND key = ? AND expires_ms > ?`,
      ),
      insertIdempotency: p(
        `INSERT INTO idempotency_keys (cco_id, key, fingerprint, status, body, created_ms, expires_ms)
         VALUES (@ccoId, @key, @fingerprint, @status, @body, @createdMs, @expiresMs)`,
      ),
      deleteExpiredIdempotency: p('DELETE FROM idempotency_keys WHERE expires_ms <= ?'),
    };
  }

  /** The live (unexpired) record for a user's key. */
  get(ccoId: string, key: string, nowMs: number): IdempotencyRow | undefined {
    return this.s.getIdempotency.get(ccoId, key, nowMs) as IdempotencyRow | undefined;
  }

  /** Stores a key's first response, dropping every expired record (an expired key may be reused). */
  insert(row: IdempotencyRow, nowMs: number): void {
    this.s.deleteExpiredIdempotency.run(nowMs);
    this.s.insertIdempotency.run(row);
  }
}
