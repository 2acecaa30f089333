import Database from 'better-sqlite3';

export type Db = Database.Database;

/** How long a statement waits for another connection's write lock before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens a database file (or deserializes a buffer in memory) with the pragmas every handle needs.
 * `synchronous`: NORMAL for sandboxes (WAL: a power cut may lose the last commits, never corrupt);
 * FULL for the registry, whose rare writes must survive a power cut once acknowledged.
 */
export function openDatabase(source: string | Buffer, synchronous: 'NORMAL' | 'FULL' = 'NORMAL'): Db {
  const db = typeof source === 'string' ? new Database(source) : new Database(source);
  if (typeof source === 'string' && source !== ':memory:') {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
  }
  db.pragma('foreign_keys = ON');
  // Other processes (or a second server on the same DATA_DIR) may hold the write lock briefly.
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return db;
}
