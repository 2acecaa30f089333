/**
 * What issue 18 changed for costs to stay flat as a sandbox grows: Transactions History pages by cursor
 * as well as by offset, answering what offset answers; the mailbox search goes through trigram indexes and
 * an imported copy answers what its original does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, order, sandboxWithUsers, type TestApp } from '../helpers/build.js';
import { importSnapshot, snapshotOf } from '../helpers/snapshots.js';

let t: TestApp;
let f: Awaited<ReturnType<typeof sandboxWithUsers>>;
beforeAll(async () => {
  t = await buildTestApp();
  f = await sandboxWithUsers(t);
  const [perpetual] = (await order(t, f.sandbox, { lines: [{ sku: 'L-AC-PLS-P-G' }] })).paks;
  for (let i = 0; i < 7; i++) {
    const r = await t.call('POST', '/api/v1/registrations', {
      token: f.jdoe,
      body: { paks: perpetual?.pak, devices: [`FLAT${String(i).padStart(6, '0')}`], agreeToTerms: true },
    });
    expect(r.status).toBe(201);
  }
});
afterAll(() => t.close());

interface Page {
  transactions: Array<{ id: string }>;
  total: number;
  nextCursor: string | null;
}

describe('Transactions History pages by cursor (after=nextCursor) as well as by offset', () => {
  it('walking the cursors gives the pages offset gives, and the last page has no next cursor', async () => {
    const byOffset: string[][] = [];
    for (let offset = 0; offset < 7; offset += 3) {
      const r = await t.call<Page>('GET', `/api/v1/transactions?limit=3&offset=${offset}`, { token: f.jdoe });
      byOffset.push(r.body.transactions.map((x) => x.id));
    }
    const byCursor: string[][] = [];
    let url = '/api/v1/transactions?limit=3';
    for (;;) {
      const r = await t.call<Page>('GET', url, { token: f.jdoe });
      expect(r.status).toBe(200);
      expect(r.body.total).toBe(7);
      byCursor.push(r.body.transactions.map((x) => x.id));
      if (r.body.nextCursor === null) break;
      url = `/api/v1/transactions?limit=3&after=${r.body.nextCursor}`;
    }
    expect(byCursor).toEqual(byOffset);
    expect(byCursor.map((p) => p.length)).toEqual([3, 3, 1]);
  });

  it('a cursor that is not one is refused, naming the field', async () => {
    const r = await t.call<{ error: { code: string; message: string } }>(
      'GET',
      '/api/v1/transactions?after=bm90LWEtY3Vyc29y',
      { token: f.jdoe },
    );
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({
      code: 'INVALID_CURSOR',
      message: "after: not a cursor; pass a previous page's nextCursor as it is",
    });
  });

  it('after and offset together are refused', async () => {
    const first = await t.call<Page>('GET', '/api/v1/transactions?limit=3', { token: f.jdoe });
    const r = await t.call<{ error: { code: string; message: string } }>(
      'GET',
      `/api/v1/transactions?limit=3&offset=3&after=${first.body.nextCursor}`,
      { token: f.jdoe },
    );
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({
      code: 'CURSOR_WITH_OFFSET',
      message: 'after: give either after or offset, not both',
    });
  });
});

describe('An imported snapshot is searched as its original was', () => {
  it('the copy finds by text the messages the original finds, its index built anew', async () => {
    const found = async (sandbox: string, text: string) =>
      (await t.call<{ messages: unknown[] }>('GET', `/__admin/sandboxes/${sandbox}/mail?text=${text}`)).body
        .messages.length;
    // Searched first, so the original's snapshot holds an index (which the import does not copy).
    expect(await found(f.sandbox, 'flat000003')).toBe(1);
    const copy = await importSnapshot(t.app, 'flat-copy', await snapshotOf(t.app, f.sandbox));
    expect(copy.statusCode, copy.body).toBe(201);
    expect(await found('flat-copy', 'flat000003')).toBe(1);
    expect(await found('flat-copy', 'flat000006')).toBe(1);
    expect(await found('flat-copy', 'FLAT00000')).toBe(7);
    expect(await found('flat-copy', 'flat000099')).toBe(0);
  });
});
