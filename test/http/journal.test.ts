import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  advance,
  buildTestApp,
  order,
  sandboxWithUsers,
  T0,
  type ErrorBody,
  type Fixture,
  type TestApp,
} from '../helpers/build.js';
import type { JournalEntryView } from '../../src/services/journal.js';

type Journal = { requests: JournalEntryView[]; total: number; size: number };

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const GENERATED_ID = /^req_[0-9a-z]{20}$/;
const journal = (f: Fixture, query = '') =>
  t.call<Journal>('GET', `/__admin/sandboxes/${f.sandbox}/requests${query}`);

describe('Every response carries X-Request-Id', () => {
  it('on successes, errors, 401s, validation errors and 404s, portal and control plane alike', async () => {
    const f = await sandboxWithUsers(t);
    const responses = [
      await t.call('GET', '/api/v1/transactions', { token: f.jdoe }),
      await t.call('GET', '/api/v1/transactions'),
      await t.call('GET', '/api/v1/paks?ids=NOSUCHPAK01', { token: f.jdoe }),
      await t.call('POST', '/api/v1/registrations', { token: f.jdoe, body: { paks: 1 } }),
      await t.call('GET', '/api/v1/no-such-route', { token: f.jdoe }),
      await t.call('GET', '/nowhere'),
      await t.call('GET', `/__admin/sandboxes/${f.sandbox}`),
      await t.call('GET', '/__admin/sandboxes/no-such-sandbox'),
      await t.call('GET', '/healthz'),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 401, 404, 400, 404, 404, 200, 404, 200]);
    for (const r of responses) expect(r.headers['x-request-id']).toMatch(GENERATED_ID);
    expect(new Set(responses.map((r) => r.headers['x-request-id'])).size).toBe(responses.length);
  });

  it('keeps a sane incoming X-Request-Id, and journals it', async () => {
    const f = await sandboxWithUsers(t);
    const r = await t.call('GET', '/api/v1/transactions', {
      token: f.jdoe,
      headers: { 'x-request-id': 'ci-run-42/step:3' },
    });
    expect(r.headers['x-request-id']).toBe('ci-run-42/step:3');
    expect((await journal(f)).body.requests[0]?.requestId).toBe('ci-run-42/step:3');
  });

  it('replaces one that is too long or has characters that do not belong in a header or a log line', async () => {
    for (const incoming of ['x'.repeat(129), 'has space', 'semi;colon', '']) {
      const r = await t.call('GET', '/healthz', { headers: { 'x-request-id': incoming } });
      expect(r.headers['x-request-id'], incoming).toMatch(GENERATED_ID);
    }
  });
});

describe('The request journal: the last portal requests of a sandbox', () => {
  it('records method, path, operation, status, duration, request ID, user, error code, injected and sandbox time', async () => {
    const f = await sandboxWithUsers(t);
    await order(t, f.sandbox, { lines: [{ sku: 'L-AC-PLS-LIC=', users: 10, pak: 'JOURNAL0001' }] });
    await advance(t, f.sandbox, '2h');
    await t.call('GET', '/api/v1/paks?ids=JOURNAL0001', {
      token: f.jdoe,
      headers: { 'x-request-id': 'one' },
    });
    await t.call('GET', '/api/v1/paks?ids=NOSUCHPAK01', {
      token: f.asmith,
      headers: { 'x-request-id': 'two' },
    });
    const r = await journal(f);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ total: 2, size: 1000 });
    const [second, first] = r.body.requests;
    const at = new Date(T0 + 2 * 3_600_000).toISOString();
    expect(first).toEqual({
      requestId: 'one',
      at,
      method: 'GET',
      path: '/api/v1/paks?ids=JOURNAL0001',
      operation: 'lookupPaks',
      status: 200,
      durationMs: expect.any(Number),
      user: 'jdoe',
      errorCode: null,
      injected: false,
    });
    expect(second).toMatchObject({
      requestId: 'two',
      user: 'asmith',
      status: 404,
      errorCode: 'PAK_INVALID_OR_INACTIVE',
    });
    expect(first?.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('journals a 404 of an unknown portal route, with no operation', async () => {
    const f = await sandboxWithUsers(t);
    await t.call('DELETE', '/api/v1/paks', { token: f.jdoe });
    expect((await journal(f)).body.requests[0]).toMatchObject({
      method: 'DELETE',
      path: '/api/v1/paks',
      operation: null,
      status: 404,
      errorCode: 'ROUTE_NOT_FOUND',
    });
  });

  it('filters by status, status class and operation, newest first, up to limit', async () => {
    const f = await sandboxWithUsers(t);
    await t.call('GET', '/api/v1/transactions', { token: f.jdoe });
    await t.call('GET', '/api/v1/paks?ids=NOSUCHPAK01', { token: f.jdoe });
    await t.call('GET', '/api/v1/transactions/123', { token: f.jdoe });
    await t.call('GET', '/api/v1/paks?ids=', { token: f.jdoe });
    const pick = async (q: string) =>
      (await journal(f, q)).body.requests.map((e) => `${e.operation} ${e.status}`);
    expect(await pick('?status=404')).toEqual(['getTransaction 404', 'lookupPaks 404']);
    expect(await pick('?status=4xx')).toEqual(['lookupPaks 400', 'getTransaction 404', 'lookupPaks 404']);
    expect(await pick('?operation=lookupPaks')).toEqual(['lookupPaks 400', 'lookupPaks 404']);
    expect(await pick('?operation=lookupPaks&status=404')).toEqual(['lookupPaks 404']);
    expect(await pick('?limit=1')).toEqual(['lookupPaks 400']);
    const bad = await t.call<ErrorBody>('GET', `/__admin/sandboxes/${f.sandbox}/requests?status=5x`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toEqual({
      code: 'INVALID_FILTER',
      message: 'status: an HTTP status such as 503, or a class such as 5xx',
      details: { field: 'status' },
    });
  });

  it('keeps only the newest journalSize entries: cap 5, 20 requests, 5 entries', async () => {
    const f = await sandboxWithUsers(t);
    const patched = await t.call<{ journalSize: number }>(
      'PATCH',
      `/__admin/sandboxes/${f.sandbox}/settings`,
      {
        body: { journalSize: 5 },
      },
    );
    expect(patched.body.journalSize).toBe(5);
    for (let i = 1; i <= 20; i++)
      await t.call('GET', '/api/v1/transactions', { token: f.jdoe, headers: { 'x-request-id': `r${i}` } });
    const r = await journal(f, '?limit=100');
    expect(r.body.total).toBe(5);
    expect(r.body.requests.map((e) => e.requestId)).toEqual(['r20', 'r19', 'r18', 'r17', 'r16']);
    expect(t.context.deps.dbs.get(f.sandbox)?.journal.count()).toBe(5);
  });

  it('journalSize 0 turns it off; a bad size is refused', async () => {
    const f = await sandboxWithUsers(t);
    await t.call('PATCH', `/__admin/sandboxes/${f.sandbox}/settings`, { body: { journalSize: 0 } });
    await t.call('GET', '/api/v1/transactions', { token: f.jdoe });
    expect((await journal(f)).body).toEqual({ requests: [], total: 0, size: 0 });
    const bad = await t.call<ErrorBody>('PATCH', `/__admin/sandboxes/${f.sandbox}/settings`, {
      body: { journalSize: 100001 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_ERROR');
  });

  it('DELETE empties it', async () => {
    const f = await sandboxWithUsers(t);
    await t.call('GET', '/api/v1/transactions', { token: f.jdoe });
    expect((await t.call('DELETE', `/__admin/sandboxes/${f.sandbox}/requests`)).status).toBe(204);
    expect((await journal(f)).body.total).toBe(0);
    await t.call('GET', '/api/v1/transactions', { token: f.jdoe });
    expect((await journal(f)).body.total).toBe(1);
  });

  it('never holds a bearer token or a body', async () => {
    const f = await sandboxWithUsers(t);
    await t.call('GET', `/api/v1/devices/${f.jdoe}`, { token: f.jdoe });
    await t.call('GET', `/api/v1/transactions?access_token=${f.asmith}&limit=abc`, { token: f.jdoe });
    await t.call('GET', `/api/v1/paks?ids=${f.asmith}`, { token: f.jdoe });
    await t.call('POST', '/api/v1/registrations', {
      token: f.jdoe,
      body: {
        paks: 'NOSUCHPAK01',
        devices: ['JAD222605K8'],
        agreeToTerms: true,
        endUser: { name: f.asmith },
      },
    });
    const r = await journal(f);
    expect(r.body.requests.map((e) => e.path)).toEqual([
      '/api/v1/registrations',
      '/api/v1/paks?ids=lps_[redacted]',
      '/api/v1/transactions?access_token=[redacted]&limit=abc',
      '/api/v1/devices/lps_[redacted]',
    ]);
    const everything = JSON.stringify(
      t.context.deps.dbs.get(f.sandbox)?.journal.search({
        status: null,
        statusClass: null,
        operation: null,
        limit: 100,
      }),
    );
    for (const token of [f.jdoe, f.asmith]) expect(everything).not.toContain(token.slice(4));
  });

  it('a request without a valid token belongs to no sandbox and is not journaled; other sandboxes keep their own', async () => {
    const f = await sandboxWithUsers(t);
    const other = await sandboxWithUsers(t);
    await t.call('GET', '/api/v1/transactions');
    await t.call('GET', '/api/v1/transactions', { token: 'lps_nobody' });
    await t.call('GET', '/api/v1/transactions', { token: other.jdoe });
    expect((await journal(f)).body.total).toBe(0);
    expect((await journal(other)).body.total).toBe(1);
  });

  it('the control plane is not journaled', async () => {
    const f = await sandboxWithUsers(t);
    await t.call('GET', `/__admin/sandboxes/${f.sandbox}/users`);
    await journal(f);
    expect((await journal(f)).body.total).toBe(0);
  });
});
