import { readdirSync, readFileSync } from 'node:fs';
import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export type MigrationSet = 'registry' | 'sandbox';

const MIGRATIONS_ROOT = new URL('../../migrations/', import.meta.url);
const FILE_NAME = /^(\d{3})_([a-z0-9_]+)\.sql$/;

export function loadMigrations(set: MigrationSet): Migration[] {
  const dir = new URL(`${set}/`, MIGRATIONS_ROOT);
  const migrations = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .map((file) => {
      const m = FILE_NAME.exec(file);
      if (!m) throw new Error(`migrations/${set}/${file}: name must be NNN_name.sql`);
      return { version: Number(m[1]), name: m[2] as string, sql: readFileSync(new URL(file, dir), 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migrations/${set}: expected version ${i + 1}, found ${m.version}_${m.name}`);
  });
  return migrations;
}

export class DatabaseTooNewError extends Error {
  constructor(label: string, found: number, known: number) {
    super(
      `${label} is at schema version ${found}, newer than this code knows (${known}); upgrade license-portal-sim`,
    );
  }
}

/** Applies every pending migration, each with its user_version bump in one transaction. */
export function migrate(db: Database, migrations: readonly Migration[], label: string): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.length;
  if (current > latest) throw new DatabaseTooNewError(label, current, latest);
  for (const m of migrations.slice(current)) {
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return latest;
}
