import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  sandboxWithUsers,
  type ErrorBody,
  type Fixture,
  type TestApp,
} from '../helpers/build.js';

let t: TestApp;
let f: Fixture;
beforeAll(async () => {
  t = await buildTestApp();
  f = await sandboxWithUsers(t);
});
afterAll(() => t.close());

describe('Every error leaves the server as {"error":{"code","message","details"}}', () => {
  it('an unknown route is a 404 in the same shape', async () => {
    const r = await t.call<ErrorBody>('GET', '/api/v1/nothing-here');
    expect(r.status).toBe(404);
    expect(r.body).toEqual({
      error: { code: 'ROUTE_NOT_FOUND', message: 'No route GET /api/v1/nothing-here' },
    });
  });

  it('malformed JSON is INVALID_JSON', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/registrations',
      headers: { authorization: `Bearer ${f.jdoe}`, 'content-type': 'application/json' },
      payload: '{"paks": ',
    });
    expect(r.statusCode).toBe(400);
    expect(JSON.parse(r.body).error.code).toBe('INVALID_JSON');
  });

  it('a wrong type names the field', async () => {
    const r = await t.call<ErrorBody>('POST', '/api/v1/registrations', {
      token: f.jdoe,
      body: { paks: 'X', devices: 'JAD222605K8', agreeToTerms: true },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_ERROR');
    expect(r.body.error.message).toBe('devices: must be array');
  });

  it('a missing field names the field', async () => {
    const r = await t.call<ErrorBody>('POST', '/api/v1/registrations', {
      token: f.jdoe,
      body: { paks: 'X', agreeToTerms: true },
    });
    expect(r.body.error.message).toBe('devices: is required');
  });

  it('an unknown field is refused rather than silently dropped', async () => {
    const r = await t.call<ErrorBody>('POST', `/__admin/sandboxes/${f.sandbox}/orders`, {
      body: { ccoId: 'jdoe', lines: [{ sku: 'L-AC-PLS-P-G', qty: 2 }] },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('lines[0].qty: is not a known field');
  });

  it('an unknown SKU names the line', async () => {
    const r = await t.call<ErrorBody>('POST', `/__admin/sandboxes/${f.sandbox}/orders`, {
      body: { ccoId: 'jdoe', lines: [{ sku: 'L-AC-PLS-P-G' }, { sku: 'L-AC-NOPE=' }] },
    });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({
      code: 'UNKNOWN_SKU',
      message: 'lines[1].sku: L-AC-NOPE= is not an AnyConnect part in the catalog',
      details: { field: 'lines[1].sku' },
    });
  });

  it('health probes answer', async () => {
    expect((await t.call('GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await t.call('GET', '/readyz')).body).toEqual({ status: 'ready' });
  });
});
