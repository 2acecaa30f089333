/**
 * What a database handle keeps between requests (issue 18, see src/storage/read-cache.ts): the
 * sandbox's settings, due time, users and faults are read once, the request journal's flush keeps
 * them, and a write makes the next request read them again. The PAKs themselves are read each time.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LazyStatement } from '../../src/storage/lazy-statement.js';
import { buildTestApp, order, sandboxWithUsers, type TestApp } from '../helpers/build.js';

let t: TestApp;
let f: Awaited<ReturnType<typeof sandboxWithUsers>>;
let pak: string;
beforeAll(async () => {
  t = await buildTestApp();
  f = await sandboxWithUsers(t);
  pak = (await order(t, f.sandbox, { lines: [{ sku: 'L-AC-PLS-P-G' }] })).paks[0]?.pak as string;
});
afterAll(() => t.close());
afterEach(() => vi.restoreAllMocks());

/** The SQL of every statement the store runs while `fn` does, the journal's flush included. */
async function statementsDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const ran: string[] = [];
  for (const method of ['get', 'all', 'run'] as const) {
    const original = LazyStatement.prototype[method];
    vi.spyOn(LazyStatement.prototype, method).mockImplementation(function (this: LazyStatement, ...args) {
      ran.push(this.sql.replace(/\s+/g, ' '));
      return original.apply(this, args) as never;
    });
  }
  await fn();
  t.context.journal.flush(f.sandbox);
  vi.restoreAllMocks();
  return ran;
}

const lookup = () =>
  t.call<{ paks: Array<{ lines: Array<{ quantityAssigned: number }> }> }>('GET', `/api/v1/paks?ids=${pak}`, {
    token: f.jdoe,
  });
/** What a lookup must read each time: the PAK, its lines; the journal it writes; whether others wrote. */
const notTheLookupsOwn = (sql: string) =>
  !/request_journal|PRAGMA data_version|FROM paks p JOIN orders|FROM pak_lines WHERE pak = \?/.test(sql);

describe("A second PAK lookup reads its PAK and nothing of the sandbox's own state again", () => {
  it('no statement for the settings, the due time, the user or the faults; the journal is written', async () => {
    await statementsDuring(lookup);
    const second = await statementsDuring(lookup);
    expect(second.filter(notTheLookupsOwn)).toEqual([]);
    expect(second.some((sql) => sql.startsWith('INSERT INTO request_journal'))).toBe(true);
  });

  it('a registration in between: the next lookup reads the settings again and shows the quantity it took', async () => {
    await lookup();
    const r = await t.call('POST', '/api/v1/registrations', {
      token: f.jdoe,
      body: { paks: pak, devices: ['JAD222605K8'], agreeToTerms: true },
    });
    expect(r.status).toBe(201);
    const after = await statementsDuring(async () => {
      const l = await lookup();
      expect(l.body.paks[0]?.lines[0]?.quantityAssigned).toBe(1);
    });
    expect(after.filter(notTheLookupsOwn).some((sql) => sql.includes('FROM settings'))).toBe(true);
  });
});
