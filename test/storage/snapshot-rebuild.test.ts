import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.js';
import { loadMigrations } from '../../src/storage/migrate.js';
import { exactSignaturesByVersion, rebuildSnapshot } from '../../src/storage/snapshot-rebuild.js';
import { SandboxDatabases } from '../../src/storage/sandbox-databases.js';
import { writeRequiredSettings } from '../helpers/snapshots.js';

const migrations = loadMigrations('sandbox');
const signatures = exactSignaturesByVersion(migrations);
const dir = mkdtempSync(join(tmpdir(), 'lps-rebuild-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A sandbox image with the required settings and a marker row, changed by `tamper`. */
function snapshot(tamper: (db: Database.Database) => void = () => undefined): Buffer {
  const dbs = new SandboxDatabases({ dataDir: ':memory:', cacheSize: 10 });
  const store = dbs.scratch();
  writeRequiredSettings(store, 'kept');
  const image = dbs.image(store);
  store.db.close();
  dbs.close();
  const db = new Database(image);
  tamper(db);
  const out = db.serialize();
  db.close();
  return out;
}

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
};

describe('A snapshot is imported by rebuilding it from our migrations: nothing of the upload runs', () => {
  it('copies the rows of every known table into a fresh database at the current version', async () => {
    const { image, settings } = await rebuildSnapshot(snapshot(), migrations, signatures);
    expect(settings.marker).toBe('"kept"');
    const db = new Database(image as Buffer);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    db.close();
  });

  it.each([
    [
      'a trigger named like an internal object',
      'CREATE TRIGGER sqliteXevil AFTER INSERT ON settings BEGIN SELECT 1; END',
    ],
    ['a view named like an internal object', 'CREATE VIEW sqlite1view AS SELECT 1'],
    ['a plain extra trigger', 'CREATE TRIGGER evil AFTER INSERT ON settings BEGIN SELECT 1; END'],
    ['an extra index', 'CREATE INDEX settings_by_value ON settings(value)'],
  ])('%s is refused as an unknown schema', async (_what, sql) => {
    expect(
      await codeOf(
        rebuildSnapshot(
          snapshot((db) => db.exec(sql)),
          migrations,
          signatures,
        ),
      ),
    ).toBe('SNAPSHOT_UNKNOWN_SCHEMA');
  });

  it('reads an upload streamed to a file, and writes the rebuilt database to a file', async () => {
    const source = join(dir, 'upload');
    writeFileSync(source, snapshot());
    const target = join(dir, 'rebuilt.db');
    const { image } = await rebuildSnapshot(source, migrations, signatures, { target });
    expect(image).toBeNull();
    const db = new Database(target, { readonly: true });
    expect(db.prepare("SELECT value FROM settings WHERE key = 'marker'").pluck().get()).toBe('"kept"');
    db.close();
  });

  it('a file that is not SQLite, or is cut short, is refused with the reason', async () => {
    expect(await codeOf(rebuildSnapshot(Buffer.from('hello'), migrations, signatures))).toBe(
      'SNAPSHOT_NOT_SQLITE',
    );
    const whole = snapshot();
    expect(await codeOf(rebuildSnapshot(whole.subarray(0, 4096 + 100), migrations, signatures))).toMatch(
      /SNAPSHOT_CORRUPT|SNAPSHOT_UNKNOWN_SCHEMA/,
    );
  });
});
