import { LazyStatement } from './lazy-statement.js';
import type { Db } from './open.js';
import type { ReadCache } from './read-cache.js';

export interface FaultRow {
  id: number;
  kind: 'latency' | 'error' | 'maintenance';
  operation: string | null;
  params: Record<string, unknown>;
  createdMs: number;
}

/** Faults injected into the sandbox by a test (latency, errors, maintenance windows). */
export class FaultsRepository {
  private readonly s;

  constructor(
    db: Db,
    private readonly cache: ReadCache,
  ) {
    const p = (sql: string) => new LazyStatement(db, sql);
    this.s = {
      insertFault: p(
        'INSERT INTO faults (kind, operation, params, created_ms) VALUES (@kind, @operation, @params, @createdMs)',
      ),
      listFaults: p('SELECT id, kind, operation, params, created_ms AS createdMs FROM faults ORDER BY id'),
      deleteFault: p('DELETE FROM faults WHERE id = ?'),
      clearFaults: p('DELETE FROM faults'),
    };
  }

  insert(f: Omit<FaultRow, 'id'>): number {
    this.cache.clear();
    return Number(this.s.insertFault.run({ ...f, params: JSON.stringify(f.params) }).lastInsertRowid);
  }

  /** Every fault, oldest first (shared and frozen: the faults check reads them on every request). */
  list(): readonly FaultRow[] {
    return this.cache.get('faults', () =>
      (this.s.listFaults.all() as Array<FaultRow & { params: string }>).map((f) =>
        Object.freeze({ ...f, params: JSON.parse(f.params) as Record<string, unknown> }),
      ),
    );
  }

  delete(id: number): boolean {
    this.cache.clear();
    return this.s.deleteFault.run(id).changes === 1;
  }

  clear(): number {
    this.cache.clear();
    return this.s.clearFaults.run().changes;
  }
}
