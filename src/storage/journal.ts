import { LazyStatement } from './lazy-statement.js';
import { BUSY_TIMEOUT_MS, type Db } from './open.js';
import { bool } from './sqlite-values.js';

export interface JournalRow {
  id: number;
  requestId: string;
  atMs: number;
  method: string;
  path: string;
  operation: string | null;
  status: number;
  durationMs: number;
  ccoId: string | null;
  errorCode: string | null;
  injected: boolean;
}

export interface JournalSearch {
  status: number | null;
  /** 4 for 4xx, 5 for 5xx. */
  statusClass: number | null;
  operation: string | null;
  limit: number;
}

const JOURNAL_COLUMNS = `id, request_id AS requestId, at_ms AS atMs, method, path, operation, status,
  duration_ms AS durationMs, cco_id AS ccoId, error_code AS errorCode, injected`;

/** The request journal: the newest requests a sandbox answered, kept to a bounded number. */
export class JournalRepository {
  private readonly s;

  constructor(
    private readonly db: Db,
    private readonly write: <T>(fn: () => T) => T,
  ) {
    const p = (sql: string) => new LazyStatement(db, sql);
    this.s = {
      insertJournal: p(
        `INSERT INTO request_journal (request_id, at_ms, method, path, operation, status, duration_ms, cco_id, error_code, injected)
         VALUES (@requestId, @atMs, @method, @path, @operation, @status, @durationMs, @ccoId, @errorCode, @injected)`,
      ),
      trimJournal: p('DELETE FROM request_journal WHERE id <= ?'),
      searchJournal: p(
        `SELECT ${JOURNAL_COLUMNS} FROM request_journal
         WHERE (@status IS NULL OR status = @status) AND (@statusClass IS NULL OR status / 100 = @statusClass)
           AND (@operation IS NULL OR operation = @operation)
         ORDER BY id DESC LIMIT @limit`,
      ),
      countJournal: p('SELECT count(*) FROM request_journal').pluck(),
      clearJournal: p('DELETE FROM request_journal'),
    };
  }

  /**
   * Appends entries and drops all but the newest `keep`, in one transaction. With wait false it
   * does not wait for another connection's write lock: false means busy, try again later.
   */
  append(entries: ReadonlyArray<Omit<JournalRow, 'id'>>, keep: number, wait: boolean): boolean {
    if (!wait) this.db.pragma('busy_timeout = 0');
    try {
      this.write(() => {
        let id = 0;
        for (const e of entries)
          id = Number(this.s.insertJournal.run({ ...e, injected: e.injected ? 1 : 0 }).lastInsertRowid);
        this.s.trimJournal.run(id - keep);
      });
      return true;
    } catch (err) {
      if (!wait && (err as { code?: string }).code === 'SQLITE_BUSY') return false;
      throw err;
    } finally {
      if (!wait) this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }

  search(search: JournalSearch): JournalRow[] {
    return (this.s.searchJournal.all(search) as JournalRow[]).map((r) => ({
      ...r,
      injected: bool(r.injected),
    }));
  }

  count(): number {
    return this.s.countJournal.get() as number;
  }

  clear(): number {
    return this.s.clearJournal.run().changes;
  }
}
