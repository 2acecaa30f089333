import { describe, expect, it, vi } from 'vitest';
import { Sandbox } from '../../src/services/sandbox.js';
import { LazyStatement } from '../../src/storage/lazy-statement.js';
import { SandboxDatabases } from '../../src/storage/sandbox-databases.js';
import { ManualTime, T0 } from '../helpers/build.js';

function sandbox() {
  const dbs = new SandboxDatabases({ dataDir: ':memory:', cacheSize: 1 });
  const store = dbs.create('s');
  store.settings.put('clock', { frozen: true, atMs: T0 });
  store.settings.put('settings', { mailDelayMs: 60_000 });
  store.settings.put('secret', 'k'.repeat(40));
  return new Sandbox('s', store, new ManualTime(), { bytes: (n) => new Uint8Array(n) });
}

describe('A sandbox reads its clock, settings and secret once per request (issue 7 benchmark)', () => {
  it('reads each of them from the database once, however often a use case asks', () => {
    const s = sandbox();
    const get = vi.spyOn(LazyStatement.prototype, 'get');
    try {
      for (let i = 0; i < 5; i++) {
        s.nowMs();
        s.clock();
        s.settings();
        s.secret();
      }
      expect(get).toHaveBeenCalledTimes(3);
    } finally {
      get.mockRestore();
    }
  });

  it('a clock move made through it is what it reads next', () => {
    const s = sandbox();
    expect(s.nowMs()).toBe(T0);
    s.setClock({ frozen: true, atMs: T0 + 1000 });
    expect(s.nowMs()).toBe(T0 + 1000);
    expect(s.store.settings.get('clock')).toEqual({ frozen: true, atMs: T0 + 1000 });
  });

  it('settings come as a copy: changing the copy changes nothing', () => {
    const s = sandbox();
    s.settings().mailDelayMs = 1;
    expect(s.settings().mailDelayMs).toBe(60_000);
  });
});
