import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { DatabaseTooNewError, loadMigrations, migrate } from '../../src/storage/migrate.js';
import { SandboxDatabases } from '../../src/storage/sandbox-databases.js';
import type { SandboxStore } from '../../src/storage/sandbox-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lps-db-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('Migrations: forward only, in order, each in a transaction with user_version', () => {
  it('brings a new database to the latest version and leaves a migrated one alone', () => {
    const db = new Database(':memory:');
    const migrations = loadMigrations('sandbox');
    expect(migrate(db, migrations, 'test')).toBe(migrations.length);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(migrate(db, migrations, 'test')).toBe(migrations.length);
  });

  it('refuses a database newer than the code', () => {
    const db = new Database(':memory:');
    db.pragma('user_version = 999');
    expect(() => migrate(db, loadMigrations('sandbox'), 'sandbox x')).toThrow(DatabaseTooNewError);
    expect(() => migrate(db, loadMigrations('sandbox'), 'sandbox x')).toThrow(
      /schema version 999, newer than this code knows/,
    );
  });

  it('a failing migration leaves the database at its previous version', () => {
    const db = new Database(':memory:');
    const good = loadMigrations('registry');
    const broken = [
      ...good,
      { version: good.length + 1, name: 'broken', sql: 'CREATE TABLE ok (x); SELECT * FROM missing_table;' },
    ];
    expect(() => migrate(db, broken, 'test')).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(good.length);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'ok'").get()).toEqual({ n: 0 });
  });
});

describe('One SQLite file per sandbox, in WAL mode, behind a bounded cache', () => {
  it('writes DATA_DIR/registry.db and DATA_DIR/sandboxes/<id>.db', async () => {
    const { app, boot } = await buildApp({ dataDir: dir, adminToken: null, seed: 'demo' });
    await boot();
    await app.close();
    expect(existsSync(join(dir, 'registry.db'))).toBe(true);
    expect(existsSync(join(dir, 'sandboxes', 'default.db'))).toBe(true);
    const db = new Database(join(dir, 'sandboxes', 'default.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('data survives a restart: the same tokens and PAKs answer', async () => {
    const first = await buildApp({ dataDir: dir, adminToken: null, seed: 'demo' });
    await first.boot();
    const users = JSON.parse(
      (await first.app.inject({ url: '/__admin/sandboxes/default/users' })).body,
    ).users;
    await first.app.close();
    const second = await buildApp({ dataDir: dir, adminToken: null, seed: 'demo' });
    await second.boot();
    const r = await second.app.inject({
      url: '/api/v1/paks?ids=DEMOPLS0026',
      headers: { authorization: `Bearer ${users[0].token}` },
    });
    expect(r.statusCode).toBe(200);
    await second.app.close();
  });

  it('evicts the least recently used handle past the cache size and reopens it on demand', () => {
    const dbs = new SandboxDatabases({ dataDir: dir, cacheSize: 2 });
    for (const id of ['a', 'b', 'c']) {
      dbs.registry.insertSandbox({ id, name: id, scenario: 'empty', createdAt: '2026-01-01T00:00:00Z' });
      dbs.create(id).settings.put('marker', id);
    }
    expect(dbs.openCount).toBe(2);
    expect(dbs.get('a')?.settings.get('marker')).toBe('a');
    expect(dbs.openCount).toBe(2);
    dbs.delete('b');
    expect(existsSync(join(dir, 'sandboxes', 'b.db'))).toBe(false);
    expect(dbs.get('b')).toBeUndefined();
    dbs.close();
  });

  it('a held handle the cache drops stays open until its holder lets go; a delete closes it at once', () => {
    const dbs = new SandboxDatabases({ dataDir: dir, cacheSize: 1 });
    for (const id of ['held', 'other', 'gone']) {
      dbs.registry.insertSandbox({ id, name: id, scenario: 'empty', createdAt: '2026-01-01T00:00:00Z' });
      dbs.create(id).settings.put('marker', id);
    }
    const held = dbs.get('held') as SandboxStore;
    const release = dbs.lease(held);
    dbs.get('other');
    expect(held.db.open).toBe(true);
    expect(held.settings.get('marker')).toBe('held');
    release();
    release();
    expect(held.db.open).toBe(false);
    expect(dbs.get('held')?.settings.get('marker')).toBe('held');

    const doomed = dbs.get('gone') as SandboxStore;
    dbs.lease(doomed);
    dbs.get('other');
    dbs.delete('gone');
    expect(doomed.db.open).toBe(false);
    dbs.close();
  });
});
