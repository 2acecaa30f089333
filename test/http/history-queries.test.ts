import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LazyStatement } from '../../src/storage/lazy-statement.js';
import { buildTestApp, order, sandboxWithUsers, type TestApp } from '../helpers/build.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

/** How many SQL statements one request runs. */
async function statementsRun(url: string, token: string): Promise<number> {
  const all = vi.spyOn(LazyStatement.prototype, 'all');
  const get = vi.spyOn(LazyStatement.prototype, 'get');
  try {
    const r = await t.call('GET', url, { token });
    expect(r.status).toBe(200);
    return all.mock.calls.length + get.mock.calls.length;
  } finally {
    all.mockRestore();
    get.mockRestore();
  }
}

describe('Transactions History reads a page in a fixed number of queries (issue 7 benchmark: it ran four per entry)', () => {
  it('a page of 3 and a page of 30 registrations cost the same', async () => {
    const f = await sandboxWithUsers(t);
    const [perpetual] = (await order(t, f.sandbox, { lines: [{ sku: 'L-AC-PLS-P-G' }] })).paks;
    const register = (i: number) =>
      t.call('POST', '/api/v1/registrations', {
        token: f.jdoe,
        body: { paks: perpetual?.pak, devices: [`HIST${String(i).padStart(6, '0')}`], agreeToTerms: true },
      });
    for (let i = 0; i < 3; i++) expect((await register(i)).status).toBe(201);
    const few = await statementsRun('/api/v1/transactions', f.jdoe);
    for (let i = 3; i < 30; i++) expect((await register(i)).status).toBe(201);
    const many = await statementsRun('/api/v1/transactions', f.jdoe);
    expect(many).toBe(few);

    const page = await t.call<{ transactions: Array<{ serials: string[]; emailsSent: unknown[] }> }>(
      'GET',
      '/api/v1/transactions',
      { token: f.jdoe },
    );
    expect(page.body.transactions).toHaveLength(30);
    expect(page.body.transactions.flatMap((x) => x.serials).sort()).toEqual(
      Array.from({ length: 30 }, (_, i) => `HIST${String(i).padStart(6, '0')}`),
    );
    expect(page.body.transactions.every((x) => x.emailsSent.length === 1)).toBe(true);
  });
});
