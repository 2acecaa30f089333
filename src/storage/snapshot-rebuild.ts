/**
 * Snapshot import by rebuilding: the uploaded file is only ever read, table by table, as data. Its
 * schema must be exactly one this code wrote (compared with `_` escaped, so `sqliteXevil` is no
 * internal name); then a fresh database is made from our migrations at the snapshot's version, the
 * rows of each known table are copied into it, and it is migrated forward. No trigger, view, index
 * or statement of the upload ever runs inside the server. Copying yields to the event loop between
 * batches, so a large import does not stall other requests.
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { invalid, unprocessable } from '../domain/errors.js';
import { migrate, type Migration } from './migrate.js';
import { openDatabase, type Db } from './open.js';
import { portableImage } from './snapshot.js';

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const HEADER_SIZE = 100;
/** What every sandbox database holds from its first migration on; without them it cannot be opened. */
const REQUIRED_SETTINGS = ['origin', 'clock', 'secret', 'settings'];
/**
 * The event loop gets a turn after at most BATCH rows or SLICE_MS of copying, whichever comes first:
 * rows of large mail bodies make a 2,000-row batch take hundreds of milliseconds, and six imports side
 * by side would stack their batches in front of every other request.
 */
const BATCH = 2000;
const SLICE_MS = 8;
/** Rows between looks at the clock. */
const CLOCK_EVERY = 32;

/** The tables, indexes and triggers a database has, exactly as created; SQLite's own left out. */
export function exactSchemaSignature(db: Db): string {
  return JSON.stringify(
    db
      .prepare(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name",
      )
      .all(),
  );
}

/** The schema signature after each migration: index i holds version i + 1. */
export function exactSignaturesByVersion(migrations: readonly Migration[]): string[] {
  const db = openDatabase(':memory:');
  try {
    return migrations.map((m, i) => {
      migrate(db, migrations.slice(0, i + 1), 'reference schema');
      return exactSchemaSignature(db);
    });
  } finally {
    db.close();
  }
}

export interface RebuiltSnapshot {
  /** The rebuilt database, at the current schema version: an image, or the file it was written to. */
  image: Buffer | null;
  /** The settings rows as stored (JSON text), for the caller to validate before installing. */
  settings: Record<string, string>;
}

const corrupt = (problem: string) =>
  invalid('SNAPSHOT_CORRUPT', `The SQLite database is damaged or truncated: ${problem}`, { field: 'body' });

const unknownSchema = (message: string, details: Record<string, unknown>) =>
  unprocessable(
    'SNAPSHOT_UNKNOWN_SCHEMA',
    `The SQLite database is not a license-portal-sim sandbox: ${message}`,
    details,
  );

/** The first bytes of an upload; for a file, also marks it a rollback-journal database (see portableImage). */
function header(source: string | Buffer): void {
  let head: Buffer;
  if (typeof source === 'string') {
    head = Buffer.alloc(HEADER_SIZE);
    const fd = openSync(source, 'r+');
    try {
      head = head.subarray(0, readSync(fd, head, 0, HEADER_SIZE, 0));
      if (head.length === HEADER_SIZE) writeSync(fd, Buffer.from([1, 1]), 0, 2, 18);
    } finally {
      closeSync(fd);
    }
  } else {
    head = source.subarray(0, HEADER_SIZE);
  }
  if (head.length < HEADER_SIZE || !head.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw invalid(
      'SNAPSHOT_NOT_SQLITE',
      'The request body is not a SQLite database; send a file saved from GET /__admin/sandboxes/{id}/snapshot',
      { field: 'body' },
    );
  }
}

/**
 * Rebuilds an uploaded snapshot (a buffer, or a file it was streamed to) into a fresh database:
 * into `target` (a file path) when given, else in memory, returned as an image.
 */
export async function rebuildSnapshot(
  source: string | Buffer,
  migrations: readonly Migration[],
  signatures: readonly string[],
  options: { target?: string } = {},
): Promise<RebuiltSnapshot> {
  header(source);
  let src: Db;
  try {
    src =
      typeof source === 'string'
        ? new Database(source, { readonly: true, fileMustExist: true })
        : new Database(portableImage(Buffer.from(source)));
    src.pragma('trusted_schema = OFF');
    src.pragma('query_only = ON');
  } catch (err) {
    throw corrupt((err as Error).message);
  }
  let dst: Db | undefined;
  try {
    let version: number;
    let signature: string;
    try {
      version = src.pragma('user_version', { simple: true }) as number;
      signature = exactSchemaSignature(src);
    } catch (err) {
      throw corrupt((err as Error).message);
    }
    const latest = migrations.length;
    if (version > latest) {
      throw unprocessable(
        'SNAPSHOT_TOO_NEW',
        `The snapshot is at sandbox schema version ${version}, newer than this server knows (${latest}); import it into a newer license-portal-sim`,
        { version, latest },
      );
    }
    if (version < 1) throw unknownSchema('it has no schema version', { version });
    if (signature !== signatures[version - 1])
      throw unknownSchema(`its tables differ from sandbox schema version ${version}`, { version });

    dst = options.target ? openStaging(options.target) : openDatabase(':memory:');
    migrate(dst, migrations.slice(0, version), 'snapshot rebuild');
    dst.pragma('foreign_keys = OFF');
    // Ordinary tables only: a full-text index (a virtual table and its shadow tables) is kept by our
    // own triggers as the rows arrive, or built by the migration that adds it.
    const tables = dst
      .prepare(
        "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
      )
      .pluck()
      .all() as string[];
    for (const table of tables) await copyTable(src, dst, table);
    const violations = dst.pragma('foreign_key_check') as unknown[];
    if (violations.length > 0) throw corrupt(`${violations.length} rows refer to rows that are not there`);
    dst.pragma('foreign_keys = ON');
    migrate(dst, migrations, 'snapshot');

    const settings = Object.fromEntries(
      (dst.prepare('SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>).map(
        (r) => [r.key, r.value],
      ),
    );
    const missing = REQUIRED_SETTINGS.filter((k) => !(k in settings));
    if (missing.length > 0) throw unknownSchema(`its settings lack ${missing.join(', ')}`, { missing });
    return { image: options.target ? null : portableImage(dst.serialize()), settings };
  } finally {
    src.close();
    dst?.close();
  }
}

/**
 * The rebuild's own file: its journal in memory (a crash leaves one `*.tmp` file, which start-up
 * clears) and no syncs while it is built; the caller flushes it once, whole, before installing it.
 */
function openStaging(path: string): Db {
  const db = new Database(path);
  db.pragma('journal_mode = MEMORY');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = ON');
  return db;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Copies one table's rows by column name, a batch per transaction. */
async function copyTable(src: Db, dst: Db, table: string): Promise<void> {
  const columns = (dst.pragma(`table_info(${quote(table)})`) as Array<{ name: string }>).map((c) => c.name);
  const list = columns.map(quote).join(', ');
  const insert = dst.prepare(
    `INSERT INTO ${quote(table)} (${list}) VALUES (${columns.map(() => '?').join(', ')})`,
  );
  const rows = src.prepare(`SELECT ${list} FROM ${quote(table)}`).raw();
  let batch: unknown[][] = [];
  const flush = dst.transaction((items: unknown[][]) => {
    for (const row of items) insert.run(row);
  });
  try {
    let sliceStart = performance.now();
    for (const row of rows.iterate() as IterableIterator<unknown[]>) {
      batch.push(row);
      if (
        batch.length >= BATCH ||
        (batch.length % CLOCK_EVERY === 0 && performance.now() - sliceStart >= SLICE_MS)
      ) {
        flush(batch);
        batch = [];
        await yieldToEventLoop();
        sliceStart = performance.now();
      }
    }
    flush(batch);
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') throw corrupt((err as Error).message);
    if (code.startsWith('SQLITE_CONSTRAINT')) throw corrupt(`table ${table}: ${(err as Error).message}`);
    throw err;
  }
}
