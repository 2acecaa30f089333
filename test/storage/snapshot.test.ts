import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../../src/storage/migrate.js';
import { SandboxDatabases, StagedFile } from '../../src/storage/sandbox-databases.js';
import { writeRequiredSettings } from '../helpers/snapshots.js';

describe('A snapshot from an older schema version is migrated forward on import', () => {
  it('a version-1 sandbox imported by code that knows version 2 comes out at version 2, its data intact', async () => {
    const v1 = loadMigrations('sandbox').slice(0, 1);
    const old = new SandboxDatabases({ dataDir: ':memory:', cacheSize: 10, sandboxMigrations: v1 });
    const store = old.scratch();
    writeRequiredSettings(store, 'kept');
    const snapshot = old.image(store);

    const newer = new SandboxDatabases({
      dataDir: ':memory:',
      cacheSize: 10,
      sandboxMigrations: [...v1, { version: 2, name: 'later', sql: 'CREATE TABLE later (x INTEGER);' }],
    });
    const { image, settings } = await newer.readSnapshot(snapshot);
    expect(JSON.parse(settings.origin as string)).toEqual({ scenario: 'empty' });
    const db = new Database(image as Buffer);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'marker'").pluck().get()).toBe('"kept"');
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'later'").pluck().get()).toBe(1);
    db.close();
  });

  it('exported images are rollback-journal files, even from a WAL database, so they open anywhere', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lps-snap-'));
    try {
      const dbs = new SandboxDatabases({ dataDir: dir, cacheSize: 10 });
      const store = dbs.create('wal');
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
      store.write(() => store.settings.put('marker', 'in the WAL'));
      const image = dbs.image(store);
      expect([image[18], image[19]]).toEqual([1, 1]);
      const copy = new Database(image);
      expect(copy.prepare("SELECT value FROM settings WHERE key = 'marker'").pluck().get()).toBe(
        '"in the WAL"',
      );
      copy.close();
      dbs.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('On files a snapshot is rebuilt into a staged file, never held whole in memory', () => {
  it('the rebuilt database is a flushed *.tmp file beside the sandboxes; install renames it, discard removes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lps-stage-'));
    try {
      const dbs = new SandboxDatabases({ dataDir: dir, cacheSize: 10 });
      const source = dbs.create('source');
      writeRequiredSettings(source, 'staged');
      const snapshot = dbs.image(source);
      const folder = join(dir, 'sandboxes');
      const first = await dbs.readSnapshot(snapshot);
      expect(first.image).toBeInstanceOf(StagedFile);
      const staged = (first.image as StagedFile).path;
      expect(staged.startsWith(folder)).toBe(true);
      expect(staged.endsWith('.tmp')).toBe(true);
      // Its journal was kept in memory: nothing else beside it.
      expect(readdirSync(folder).filter((f) => f.startsWith('.rebuild-'))).toEqual([
        staged.slice(folder.length + 1),
      ]);
      expect(dbs.install('copy', first.image).settings.get('marker')).toBe('staged');
      expect(existsSync(staged)).toBe(false);

      const second = await dbs.readSnapshot(snapshot);
      dbs.discard(second.image);
      expect(readdirSync(folder).filter((f) => f.startsWith('.rebuild-'))).toEqual([]);
      dbs.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
