import { LazyStatement } from './lazy-statement.js';
import type { Db } from './open.js';
import type { ReadCache } from './read-cache.js';

/** A sandbox's settings (clock, secrets, seeds…): JSON values by key. */
export class SettingsRepository {
  private readonly s;

  constructor(
    db: Db,
    private readonly cache: ReadCache,
  ) {
    const p = (sql: string) => new LazyStatement(db, sql);
    this.s = {
      getSetting: p('SELECT value FROM settings WHERE key = ?').pluck(),
      putSetting: p(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
      allSettings: p('SELECT key, value FROM settings'),
    };
  }

  /** The parsed value (shared and frozen: copy it to change it). */
  get<T>(key: string): T | undefined {
    return this.cache.get(`setting:${key}`, () => {
      const v = this.s.getSetting.get(key) as string | undefined;
      return v === undefined ? undefined : (JSON.parse(v) as T);
    });
  }

  put(key: string, value: unknown): void {
    this.cache.clear();
    this.s.putSetting.run(key, JSON.stringify(value));
  }
}
