import { describe, expect, it } from 'vitest';
import type { LazyStatement } from '../../src/storage/lazy-statement.js';
import { SandboxDatabases } from '../../src/storage/sandbox-databases.js';
import type { SandboxStore } from '../../src/storage/sandbox-store.js';

/** Every repository's statements, by name. */
const statementsOf = (store: SandboxStore) =>
  Object.values(store).flatMap((repository) =>
    Object.entries((repository as { s?: Record<string, LazyStatement> } | null)?.s ?? {}),
  );

/** Statements that list a whole (small) table on purpose. */
const LISTS_EVERYTHING = new Set([
  'allSettings',
  'listUsers',
  'allSmartAccounts',
  'smartAccountsForUser',
  'asaDevices',
  'contractsOf',
  'allContracts',
  'licensesEnding',
  // Small per-sandbox tables read whole on purpose (added by the harness, ASA and CSSM areas).
  'insertEntitlement',
  'hasActivationKeys',
  'listFaults',
  'searchJournal',
  'asaClis',
  'cssmApiClients',
  'deleteCssmApiClient',
  'cssmHeldLines',
]);

/** The query plan of a statement, with every parameter bound to NULL. */
function plan(store: SandboxStore, sql: string): string[] {
  const explain = store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const named = [...sql.matchAll(/@(\w+)/g)].map((m) => m[1] as string);
  const rows = (
    named.length > 0
      ? explain.all(Object.fromEntries(named.map((n) => [n, null])))
      : explain.all(...Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => null))
  ) as Array<{ detail: string }>;
  return rows.map((r) => r.detail);
}

describe('Sandbox store statements are compiled on first use, and each one compiles', () => {
  const dbs = new SandboxDatabases({ dataDir: ':memory:', cacheSize: 1 });
  const store = dbs.create('statements');

  it('opening a sandbox compiles none of them', () => {
    const compiled = statementsOf(store).filter(
      ([, s]) => (s as unknown as { compiled?: unknown }).compiled !== undefined,
    );
    expect(compiled).toEqual([]);
  });

  it.each(statementsOf(store).map(([name]) => name))('%s compiles', (name) => {
    const statement = statementsOf(store).find(([n]) => n === name)?.[1] as LazyStatement;
    expect(() => statement.prepare()).not.toThrow();
  });
});

describe('Lookups by key search an index instead of scanning a table (issue 7 benchmark)', () => {
  const dbs = new SandboxDatabases({ dataDir: ':memory:', cacheSize: 1 });
  const store = dbs.create('plans');

  it.each(statementsOf(store).filter(([name]) => !LISTS_EVERYTHING.has(name)))('%s', (_name, statement) => {
    const scans = plan(store, statement.sql).filter((step) => /^SCAN \w+$/.test(step));
    expect(scans).toEqual([]);
  });

  it('the emails of a transaction and the first registrant of a PAK, which scanned before', () => {
    const byName = Object.fromEntries(statementsOf(store));
    expect(plan(store, (byName.mailSummariesOf as LazyStatement).sql).join()).toContain(
      'USING INDEX mail_by_transaction',
    );
    expect(plan(store, (byName.pendingMailOfTransaction as LazyStatement).sql).join()).toContain(
      'mail_by_transaction',
    );
    expect(plan(store, (byName.pakRegistrant as LazyStatement).sql).join()).toContain(
      'registration_lines_by_line',
    );
  });
});
