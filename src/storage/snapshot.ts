import { invalid, unprocessable } from '../domain/errors.js';
import { migrate, type Migration } from './migrate.js';
import { openDatabase, type Db } from './open.js';

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const HEADER_SIZE = 100;
/** What every sandbox database holds from its first migration on; without them it cannot be opened. */
const REQUIRED_SETTINGS = ['origin', 'clock', 'secret', 'settings'];

/**
 * Marks an image as a rollback-journal database (header bytes 18-19 = 1): a WAL-mode image cannot be
 * deserialized in memory, and a file written from it would otherwise expect a -wal file beside it.
 */
export function portableImage(image: Buffer): Buffer {
  if (image.length >= HEADER_SIZE) {
    image[18] = 1;
    image[19] = 1;
  }
  return image;
}

/**
 * A copy of an image marked as a WAL-mode database (header bytes 18-19 = 2), for a file: opened as it
 * is, with no switch of journal mode (which would write and sync the file on open).
 */
export function walImage(image: Buffer): Buffer {
  const copy = Buffer.from(image);
  if (copy.length >= HEADER_SIZE) {
    copy[18] = 2;
    copy[19] = 2;
  }
  return copy;
}

/** The tables, indexes and triggers a database has, exactly as created. */
export function schemaSignature(db: Db): string {
  return JSON.stringify(
    db
      .prepare(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
      )
      .all(),
  );
}

/** The schema signature after each migration: index i holds version i + 1. */
export function signaturesByVersion(migrations: readonly Migration[]): string[] {
  const db = openDatabase(':memory:');
  try {
    return migrations.map((m, i) => {
      migrate(db, migrations.slice(0, i + 1), 'reference schema');
      return schemaSignature(db);
    });
  } finally {
    db.close();
  }
}

const notSqlite = () =>
  invalid(
    'SNAPSHOT_NOT_SQLITE',
    'The request body is not a SQLite database; send a file saved from GET /__admin/sandboxes/{id}/snapshot',
    { field: 'body' },
  );

/**
 * Checks an uploaded sandbox snapshot and brings it to the current schema: it must be an intact SQLite
 * database whose tables are exactly those of a sandbox schema version this code knows (older ones are
 * migrated forward, newer ones refused). Returns the migrated image and the origin it carries.
 */
export function readSnapshot(
  snapshot: Buffer,
  migrations: readonly Migration[],
  signatures: readonly string[],
): { image: Buffer; origin: unknown } {
  if (snapshot.length < HEADER_SIZE || !snapshot.subarray(0, MAGIC.length).equals(MAGIC)) throw notSqlite();
  let db: Db | undefined;
  let problem: string | null = null;
  try {
    db = openDatabase(portableImage(snapshot));
    const check = String(db.pragma('quick_check', { simple: true }));
    if (check !== 'ok') problem = check.split('\n').find((l) => !l.startsWith('***')) ?? check;
  } catch (err) {
    problem = (err as Error).message;
  }
  if (problem !== null || !db) {
    db?.close();
    throw invalid('SNAPSHOT_CORRUPT', `The SQLite database is damaged or truncated: ${problem}`, {
      field: 'body',
    });
  }
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    const latest = migrations.length;
    if (version > latest) {
      throw unprocessable(
        'SNAPSHOT_TOO_NEW',
        `The snapshot is at sandbox schema version ${version}, newer than this server knows (${latest}); import it into a newer license-portal-sim`,
        { version, latest },
      );
    }
    if (version < 1 || schemaSignature(db) !== signatures[version - 1]) {
      throw unprocessable(
        'SNAPSHOT_UNKNOWN_SCHEMA',
        version < 1
          ? 'The SQLite database is not a license-portal-sim sandbox: it has no schema version'
          : `The SQLite database is not a license-portal-sim sandbox: its tables differ from sandbox schema version ${version}`,
        { version },
      );
    }
    migrate(db, migrations, 'snapshot');
    const settings = new Map(
      (db.prepare('SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>).map(
        (r) => [r.key, r.value],
      ),
    );
    const missing = REQUIRED_SETTINGS.filter((k) => !settings.has(k));
    if (missing.length > 0) {
      throw unprocessable(
        'SNAPSHOT_UNKNOWN_SCHEMA',
        `The SQLite database is not a license-portal-sim sandbox: its settings lack ${missing.join(', ')}`,
        { missing },
      );
    }
    return { image: portableImage(db.serialize()), origin: JSON.parse(settings.get('origin') as string) };
  } finally {
    db.close();
  }
}
