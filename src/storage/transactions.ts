import { LazyStatement } from './lazy-statement.js';
import type { Db } from './open.js';

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

const TRANSACTION_COLUMNS = `id, type, status, cco_id AS ccoId, created_ms AS createdMs, completed_ms AS completedMs, send_to AS sendTo,
                end_user AS endUser, smart_account AS smartAccount, virtual_account AS virtualAccount`;

type StoredTransaction = TransactionRow & { sendTo: string; endUser: string };

/** Transactions: every registration, share, evaluation or request a user makes gets one ID and a status. */
export class TransactionsRepository {
  private readonly s;

  private readonly insertCounted: (t: TransactionRow) => void;

  constructor(db: Db) {
    const p = (sql: string) => new LazyStatement(db, sql);
    this.s = {
      insertTransaction: p(
        `INSERT INTO transactions (id, type, status, cco_id, created_ms, completed_ms, send_to, end_user, smart_account, virtual_account)
         VALUES (@id, @type, @status, @ccoId, @createdMs, @completedMs, @sendTo, @endUser, @smartAccount, @virtualAccount)`,
      ),
      transactionExists: p('SELECT 1 FROM transactions WHERE id = ?').pluck(),
      getTransaction: p(`SELECT ${TRANSACTION_COLUMNS}
         FROM transactions WHERE id = ?`),
      transactionsOfUser: p(`SELECT ${TRANSACTION_COLUMNS}
         FROM transactions WHERE cco_id = ? ORDER BY created_ms DESC, id DESC LIMIT ? OFFSET ?`),
      transactionsOfUserBefore: p(`SELECT ${TRANSACTION_COLUMNS}
         FROM transactions WHERE cco_id = ? AND (created_ms, id) < (?, ?)
         ORDER BY created_ms DESC, id DESC LIMIT ?`),
      countTransactionsOfUser: p('SELECT n FROM transaction_counts WHERE cco_id = ?').pluck(),
      countTransaction: p(
        'INSERT INTO transaction_counts (cco_id, n) VALUES (?, 1) ON CONFLICT (cco_id) DO UPDATE SET n = n + 1',
      ),
      completeTransaction: p(
        "UPDATE transactions SET status = 'completed', completed_ms = ? WHERE id = ? AND status = 'processing'",
      ),
      failTransaction: p(
        "UPDATE transactions SET status = 'failed', completed_ms = ? WHERE id = ? AND status = 'processing'",
      ),
    };
    this.insertCounted = db.transaction((t: TransactionRow) => {
      this.s.insertTransaction.run({
        ...t,
        sendTo: JSON.stringify(t.sendTo),
        endUser: JSON.stringify(t.endUser),
      });
      this.s.countTransaction.run(t.ccoId);
    });
  }

  /** A new transaction, counted in its user's total (migration 007) in the same transaction. */
  insert(t: TransactionRow): void {
    this.insertCounted(t);
  }

  exists(id: string): boolean {
    return this.s.transactionExists.get(id) !== undefined;
  }

  get(id: string): TransactionRow | undefined {
    const r = this.s.getTransaction.get(id) as StoredTransaction | undefined;
    return r && parseTransaction(r);
  }

  /** A page of a user's transactions, newest first, and how many there are in all. */
  ofUser(ccoId: string, limit: number, offset: number): { rows: TransactionRow[]; total: number } {
    const rows = this.s.transactionsOfUser.all(ccoId, limit, offset) as StoredTransaction[];
    return { rows: rows.map(parseTransaction), total: this.totalOf(ccoId) };
  }

  /** The page after a given entry (keyset paging: as cheap on the last page as on the first). */
  ofUserBefore(
    ccoId: string,
    limit: number,
    before: { createdMs: number; id: string },
  ): { rows: TransactionRow[]; total: number } {
    const rows = this.s.transactionsOfUserBefore.all(
      ccoId,
      before.createdMs,
      before.id,
      limit,
    ) as StoredTransaction[];
    return { rows: rows.map(parseTransaction), total: this.totalOf(ccoId) };
  }

  private totalOf(ccoId: string): number {
    return (this.s.countTransactionsOfUser.get(ccoId) as number | undefined) ?? 0;
  }

  complete(id: string, atMs: number): void {
    this.s.completeTransaction.run(atMs, id);
  }

  fail(id: string, atMs: number): void {
    this.s.failTransaction.run(atMs, id);
  }
}

function parseTransaction(r: StoredTransaction): TransactionRow {
  return {
    ...r,
    sendTo: JSON.parse(r.sendTo) as string[],
    endUser: JSON.parse(r.endUser) as Record<string, string>,
  };
}
