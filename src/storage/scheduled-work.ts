import { LazyStatement } from './lazy-statement.js';
import type { Db } from './open.js';
import type { ReadCache } from './read-cache.js';

export interface JobRow {
  id: number;
  dueMs: number;
  kind: string;
  payload: unknown;
}

/** Work due at a time on the sandbox clock (deliveries, completions, expiries), done once. */
export class ScheduledWorkRepository {
  private readonly s;

  constructor(
    db: Db,
    private readonly cache: ReadCache,
  ) {
    const p = (sql: string) => new LazyStatement(db, sql);
    this.s = {
      insertJob: p('INSERT INTO jobs (due_ms, kind, payload) VALUES (?, ?, ?)'),
      dueJobs: p(
        'SELECT id, due_ms AS dueMs, kind, payload FROM jobs WHERE done_ms IS NULL AND due_ms <= ? ORDER BY due_ms, id LIMIT ?',
      ),
      nextDue: p('SELECT min(due_ms) FROM jobs WHERE done_ms IS NULL').pluck(),
      finishJob: p('UPDATE jobs SET done_ms = ? WHERE id = ? AND done_ms IS NULL'),
      pendingOf: p(
        "SELECT due_ms AS dueMs, json_extract(payload, '$.transactionId') AS transactionId FROM jobs WHERE done_ms IS NULL AND kind = ? AND json_extract(payload, '$.transactionId') IS NOT NULL",
      ),
    };
  }

  insert(dueMs: number, kind: string, payload: unknown): void {
    this.cache.clear();
    this.s.insertJob.run(dueMs, kind, JSON.stringify(payload));
  }

  due(nowMs: number, limit: number): JobRow[] {
    return (this.s.dueJobs.all(nowMs, limit) as Array<JobRow & { payload: string }>).map((j) => ({
      ...j,
      payload: JSON.parse(j.payload) as unknown,
    }));
  }

  nextDueMs(): number | null {
    return this.cache.get('nextDue', () => (this.s.nextDue.get() as number | null) ?? null);
  }

  /** When each transaction's pending work of this kind falls due (e.g. a share's completion). */
  pendingByTransaction(kind: string): Map<string, number> {
    const rows = this.s.pendingOf.all(kind) as Array<{ dueMs: number; transactionId: string }>;
    return new Map(rows.map((r) => [String(r.transactionId), r.dueMs]));
  }

  finish(id: number, atMs: number): boolean {
    this.cache.clear();
    return this.s.finishJob.run(atMs, id).changes === 1;
  }
}
