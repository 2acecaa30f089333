import type { RunResult, Statement } from 'better-sqlite3';
import type { Db } from './open.js';

/**
 * A statement compiled on first use. A sandbox handle runs a handful of the store's ~100 statements,
 * and compiling them all whenever a sandbox was created or reopened cost milliseconds each time.
 */
export class LazyStatement {
  private compiled: Statement | undefined;

  constructor(
    private readonly db: Db,
    readonly sql: string,
    private readonly plucked = false,
  ) {}

  /** Like Statement.pluck(): rows come back as their first column. */
  pluck(): LazyStatement {
    return new LazyStatement(this.db, this.sql, true);
  }

  /** Compiles now (a no-op when done): a typo in SQL fails here rather than in a rare request. */
  prepare(): Statement {
    if (!this.compiled) {
      const statement = this.db.prepare(this.sql);
      this.compiled = this.plucked ? statement.pluck() : statement;
    }
    return this.compiled;
  }

  get(...params: unknown[]): unknown {
    return this.prepare().get(...params);
  }

  all(...params: unknown[]): unknown[] {
    return this.prepare().all(...params);
  }

  run(...params: unknown[]): RunResult {
    return this.prepare().run(...params);
  }
}
