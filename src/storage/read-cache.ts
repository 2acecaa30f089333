import { LazyStatement } from './lazy-statement.js';
import type { Db } from './open.js';

/** Past this many values the cache starts over: a bound, whatever keys a caller makes up. */
const MAX_VALUES = 10_000;

/**
 * Values a database handle keeps between requests (a sandbox's settings, its next due time, its
 * faults, its users; the registry's tokens and sandboxes), so the hot path of a request runs no
 * statement for them: on files each statement is a read transaction, with its locking system calls.
 * What grows with the sandbox (PAKs, transactions, mail) is read each time: kept, a lookup among 10^2
 * PAKs would hit and one among 10^5 miss, and the cost would no longer be the same at every size.
 *
 * A value stays until this handle writes (every write method of a cached repository clears it, and
 * so does the end of every write transaction but those of the request journal and the mailbox's
 * search indexes, which no value is read from) or until revalidate() finds that another connection
 * has committed (SQLite's data_version: another process on the same DATA_DIR). The sandbox service
 * revalidates at every open, so a request sees what it would have read. Inside a transaction it reads
 * through: a write never decides on a cached value.
 */
export class ReadCache {
  private readonly values = new Map<string, unknown>();
  private readonly version: LazyStatement;
  private seen: unknown;

  constructor(private readonly db: Db) {
    this.version = new LazyStatement(db, 'PRAGMA data_version').pluck();
  }

  get<T>(key: string, read: () => T): T {
    if (this.db.inTransaction) return read();
    if (this.values.has(key)) return this.values.get(key) as T;
    // Shared between requests: frozen, so code that would change one fails loudly instead.
    const value = read();
    if (value !== null && typeof value === 'object') Object.freeze(value);
    if (this.values.size >= MAX_VALUES) this.values.clear();
    this.values.set(key, value);
    return value;
  }

  /** The cached value, if there is one (outside a transaction). */
  peek<T>(key: string): T | undefined {
    return this.db.inTransaction ? undefined : (this.values.get(key) as T | undefined);
  }

  /** Drops every value if another connection has committed since the last check. */
  revalidate(): void {
    const v = this.version.get();
    if (v !== this.seen) {
      this.seen = v;
      this.values.clear();
    }
  }

  clear(): void {
    this.values.clear();
  }
}
